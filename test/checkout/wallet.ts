import type { UsableCard, WalletCoupon } from '../../src/checkout/ports.js';

/** Test-only builders for wallet coupons and cards as the coupon and gift card domains describe them. */

export function walletCoupon(id: string, overrides: Partial<WalletCoupon> = {}): WalletCoupon {
  return {
    couponId: id,
    owner: 'platform',
    merchantId: null,
    name: { 'zh-CN': `券 ${id}`, en: `Coupon ${id}` },
    type: 'amount_off',
    amount: 1000,
    percentBp: null,
    cap: null,
    condition: { kind: 'none' },
    scope: { kind: 'all', ids: [], excludeSkus: [], excludeCategories: [] },
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2026-12-31T16:00:00.000Z',
    state: 'available',
    lockedByOrderId: null,
    currency: 'CNY',
    ...overrides,
  };
}

export function usableCard(id: string, available: number, overrides: Partial<UsableCard> = {}): UsableCard {
  return { cardId: id, last4: id.slice(-4).padStart(4, '0'), currency: 'CNY', available, expiresAt: null, acceptedBy: 'all', ...overrides };
}
