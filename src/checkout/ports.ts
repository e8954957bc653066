import type { Db, Tx } from '../db/database.js';
import type { AppContext } from '../http/context.js';

/**
 * What the checkout needs from gift cards and coupons. The order lifecycle (src/checkout) runs
 * each step in one database transaction and calls these functions inside it, so an order's
 * coupons, card holds, external payment and order rows change together or not at all.
 *
 * Every function that moves money does so with ledger transfers whose ids are derived from the
 * order id (and refund id), so a retried step is harmless. Failures throw `ProblemError` with a
 * stable code from src/errors.ts (for example `card_balance_changed`, `coupon_unavailable`).
 *
 * src/giftcards/payments.ts implements `CardPayments`; src/coupons/checkout-api.ts implements
 * `CouponPayments`.
 */

/** Amounts a payment source pays towards one merchant of an order. */
export interface MerchantAmount {
  merchantId: string;
  amount: number;
}

// ---------------------------------------------------------------------------------------------
// Gift cards

/** A card the shopper can pay with now, as the quote sees it. */
export interface UsableCard {
  cardId: string;
  /** Last four characters of the card number, for display; never the code. */
  last4: string;
  currency: string;
  /** Available balance (posted credits − posted and pending debits), minor units. */
  available: number;
  expiresAt: string | null;
  /** Merchant ids that accept this card, or 'all'. */
  acceptedBy: readonly string[] | 'all';
}

export interface CardAuthorization {
  orderId: string;
  shopperId: string;
  currency: string;
  /** Seconds until the holds lapse by themselves (the order lock timeout). */
  timeoutS: number;
  /** Per card, the amount it pays towards each merchant (each merchant must accept the card). */
  cards: { cardId: string; merchants: MerchantAmount[] }[];
}

export interface CardRefund {
  orderId: string;
  /** Unique per refund of the order; transfer ids derive from it. */
  refundId: string;
  /** Money goes back from the merchant's in-transit account, or payable once receipt is confirmed. */
  parts: { cardId: string; merchantId: string; amount: number; from: 'in_transit' | 'payable' }[];
}

export interface CardPayments {
  usableCards(db: Db | Tx, shopperId: string, currency: string, now: Date): Promise<UsableCard[]>;
  /** Pending transfers card → merchant in transit; fails with a clear code if a card cannot pay. */
  authorize(ctx: AppContext, tx: Tx, input: CardAuthorization, now: Date): Promise<void>;
  /** Posts every pending card transfer of the order (records the redemptions). */
  capture(ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void>;
  /** Voids every pending card transfer of the order. Harmless when there are none. */
  release(ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void>;
  /** Returns money to the cards it came from (a card that has expired since gets it too; the expiry sweep handles it). */
  refund(ctx: AppContext, tx: Tx, input: CardRefund, now: Date): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Coupons

export type CouponCondition =
  | { kind: 'none' }
  | { kind: 'min_spend'; amount: number }
  | { kind: 'min_items'; count: number };

/** Which cart lines a coupon applies to. Exclusions win over inclusions. */
export interface CouponScope {
  kind: 'all' | 'merchants' | 'categories' | 'skus';
  /** The included ids for merchants / categories / skus; empty for 'all'. */
  ids: readonly string[];
  excludeSkus: readonly string[];
  excludeCategories: readonly string[];
}

/** One coupon in the shopper's wallet, as the pricing functions read it. */
export interface WalletCoupon {
  couponId: string;
  /** 'platform' coupons are paid by the platform's budget; 'merchant' ones by a shop's. */
  owner: 'platform' | 'merchant';
  /** The shop a merchant coupon belongs to (and is limited to). */
  merchantId: string | null;
  name: { 'zh-CN': string; en: string };
  type: 'amount_off' | 'no_threshold' | 'percent_off';
  /** Face value in minor units (amount_off, no_threshold). */
  amount: number | null;
  /** Percent off in basis points (percent_off: 1500 = 15% off). */
  percentBp: number | null;
  /** Largest discount a percent coupon may give, minor units. */
  cap: number | null;
  condition: CouponCondition;
  scope: CouponScope;
  validFrom: string;
  validUntil: string;
  state: 'available' | 'locked' | 'used' | 'expired';
  /** The order holding a locked coupon. */
  lockedByOrderId: string | null;
  currency: string;
}

export interface CouponLock {
  orderId: string;
  shopperId: string;
  currency: string;
  timeoutS: number;
  /** Each chosen coupon with its discount split by merchant (sum of its allocation to lines). */
  coupons: { couponId: string; merchants: MerchantAmount[] }[];
}

export interface CouponRefund {
  orderId: string;
  refundId: string;
  /** Discount given back to the coupon's budget, per merchant, taken from in transit or payable. */
  parts: { couponId: string; merchantId: string; amount: number; from: 'in_transit' | 'payable' }[];
}

export interface CouponPayments {
  walletForQuote(db: Db | Tx, shopperId: string, currency: string, now: Date): Promise<WalletCoupon[]>;
  /** Marks the coupons locked and holds their discount: activity frozen → merchant in transit (pending). */
  lock(ctx: AppContext, tx: Tx, input: CouponLock, now: Date): Promise<void>;
  /** Posts the holds, marks the coupons used, returns the unused part of each coupon's frozen value to available. */
  pay(ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void>;
  /** Voids the holds; the coupons go back to the wallet, or expire if past their validity. */
  release(ctx: AppContext, tx: Tx, orderId: string, now: Date): Promise<void>;
  /** Returns refunded discount to the budget it came from (never to the shopper). */
  refund(ctx: AppContext, tx: Tx, input: CouponRefund, now: Date): Promise<void>;
  /** Receipt confirmed for a merchant of the order: its coupon shares count as received. */
  markReceived(ctx: AppContext, tx: Tx, orderId: string, merchantId: string, now: Date): Promise<void>;
}
