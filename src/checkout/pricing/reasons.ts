import { formatMoney } from './money.js';
import type { Reason, ReasonCode, Words } from './types.js';

/** The words shown beside a coupon that cannot be used, in both languages. */
export function reason(code: ReasonCode, currency: string, missing?: number): Reason {
  const words = wordsFor(code, currency, missing ?? 0);
  return missing === undefined ? { code, ...words } : { code, missing, ...words };
}

function wordsFor(code: ReasonCode, currency: string, missing: number): Words {
  switch (code) {
    case 'wrong_currency':
      return { en: 'Not for this currency', 'zh-CN': '不适用于该币种' };
    case 'used':
      return { en: 'Already used', 'zh-CN': '已使用' };
    case 'expired':
      return { en: 'Expired', 'zh-CN': '已过期' };
    case 'not_started':
      return { en: 'Not usable yet', 'zh-CN': '尚未到可用时间' };
    case 'locked_by_other_order':
      return { en: 'Held by another order', 'zh-CN': '已被其他订单占用' };
    case 'wrong_merchant':
      return { en: 'Not for the shops in this cart', 'zh-CN': '不适用于购物车中的店铺' };
    case 'out_of_scope':
      return { en: 'No item in this cart qualifies', 'zh-CN': '购物车中没有适用商品' };
    case 'below_threshold': {
      const amount = formatMoney(missing, currency);
      return { en: `Spend ${amount} more to use`, 'zh-CN': `再买 ${amount} 可用` };
    }
    case 'below_item_count':
      return { en: `Add ${missing} more ${missing === 1 ? 'item' : 'items'} to use`, 'zh-CN': `再买 ${missing} 件可用` };
  }
}

export function hintWords(spendMore: number, save: number, currency: string): Words {
  const more = formatMoney(spendMore, currency);
  const saved = formatMoney(save, currency);
  return { en: `Spend ${more} more to save ${saved}`, 'zh-CN': `再买 ${more} 可省 ${saved}` };
}
