import type { ActivityRow, ItemRow } from './activities.repo.js';
import type { TemplateRow } from './templates.repo.js';
import { type WalletRow, describeCoupon, visibleState } from './wallet.js';

/** What the API answers: rows turned into response bodies (JSON columns parsed, secrets left out). */

export function templateView(row: TemplateRow) {
  const { created_by: _by, updated_at: _at, ...rest } = row;
  return rest;
}

export function itemView(item: ItemRow, withLink: boolean) {
  const { activity_id: _a, link_token, validity, condition, scope, ...rest } = item;
  return {
    ...rest,
    validity: JSON.parse(validity) as unknown,
    condition: JSON.parse(condition) as unknown,
    scope: JSON.parse(scope) as unknown,
    ...(withLink ? { link_token } : {}),
  };
}

export function activityView(activity: ActivityRow, items: readonly ItemRow[], jobs?: { kind: string; state: string; progress: string }[]) {
  const { created_by: _by, updated_at: _at, submission: _s, audience, include_later, ...rest } = activity;
  return {
    ...rest,
    audience: JSON.parse(audience) as unknown,
    include_later: include_later === 1,
    coupons: items.map((item) => itemView(item, activity.method === 'link')),
    ...(jobs ? { jobs: jobs.map((j) => ({ kind: j.kind, state: j.state, progress: JSON.parse(j.progress) as unknown })) } : {}),
  };
}

export function couponView(row: WalletRow, now: Date, lang: 'en' | 'zh-CN', noticeDays: number) {
  const state = visibleState(row, now);
  const soon = new Date(now.getTime() + noticeDays * 86_400_000).toISOString();
  return {
    id: row.id,
    activity_id: row.activity_id,
    item_id: row.item_id,
    state,
    name: lang === 'en' ? row.name_en : row.name_zh,
    description: describeCoupon(row, lang),
    type: row.type,
    amount: row.amount,
    percent_bp: row.percent_bp,
    cap: row.cap,
    value: row.value,
    currency: row.currency,
    condition: JSON.parse(row.condition) as unknown,
    scope: JSON.parse(row.scope) as unknown,
    valid_from: row.valid_from,
    valid_until: row.valid_until,
    expires_soon: state === 'available' && row.valid_until < soon,
    channel: row.channel,
    owner: row.merchant_id === null ? 'platform' : 'merchant',
    merchant_id: row.merchant_id,
    locked_order_id: row.locked_order_id,
    discount: row.discount,
    claimed_at: row.claimed_at,
  };
}
