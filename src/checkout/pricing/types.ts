import type { UsableCard, WalletCoupon } from '../ports.js';

/** One cart line as the platform sends it. Amounts are integer minor units. */
export interface CartLine {
  line_id: string;
  sku: string;
  merchant_id: string;
  category_id: string;
  unit_price: number;
  quantity: number;
  /** When sent, must equal the cart's currency. */
  currency?: string;
}

export interface QuoteInput {
  currency: string;
  lines: readonly CartLine[];
  /** Every coupon in the shopper's wallet (any state): each gets a verdict. */
  wallet: readonly WalletCoupon[];
  /** The coupons the shopper chose; absent means the best combination. An empty list means none. */
  couponIds?: readonly string[] | undefined;
  /** Gift cards to pay with, applied in this order. */
  cards?: readonly UsableCard[] | undefined;
  /** Re-pricing an order: coupons locked by this order count as usable. */
  orderId?: string | undefined;
  now: Date;
  maxLines: number;
}

export type ReasonCode =
  | 'wrong_currency'
  | 'used'
  | 'expired'
  | 'not_started'
  | 'locked_by_other_order'
  | 'wrong_merchant'
  | 'out_of_scope'
  | 'below_threshold'
  | 'below_item_count';

export interface Words {
  en: string;
  'zh-CN': string;
}

export interface Reason extends Words {
  code: ReasonCode;
  /** below_threshold: how much more to spend; below_item_count: how many more items. */
  missing?: number;
}

export interface CouponVerdict {
  coupon_id: string;
  owner: 'platform' | 'merchant';
  merchant_id: string | null;
  name: Words;
  usable: boolean;
  /** Why it cannot be used; null when usable. */
  reason: Reason | null;
  /** What it would take off this cart on its own (0 when not usable). */
  discount_alone: number;
  applied: boolean;
  valid_until: string;
}

export interface MerchantAmount {
  merchant_id: string;
  amount: number;
}

export interface AppliedCoupon {
  coupon_id: string;
  owner: 'platform' | 'merchant';
  merchant_id: string | null;
  discount: number;
  merchants: MerchantAmount[];
}

export interface LineShare {
  coupon_id: string;
  amount: number;
}

export interface QuotedLine {
  line_id: string;
  sku: string;
  merchant_id: string;
  category_id: string;
  unit_price: number;
  quantity: number;
  original_amount: number;
  shares: LineShare[];
  discount_amount: number;
  final_amount: number;
  /** Gift card money on this line, per card. */
  cards: { card_id: string; amount: number }[];
  /** What is left for the platform to collect on this line. */
  left_to_pay: number;
}

export interface QuotedMerchant {
  merchant_id: string;
  original_amount: number;
  discount_amount: number;
  final_amount: number;
  card_amount: number;
  left_to_pay: number;
}

export interface CardCoverage {
  card_id: string;
  last4: string;
  amount: number;
  merchants: MerchantAmount[];
}

export interface Hint extends Words {
  coupon_id: string;
  spend_more: number;
  save: number;
}

export interface Quote {
  currency: string;
  /** 'best' when the combination was searched for, 'chosen' when the shopper picked it. */
  selection: 'best' | 'chosen';
  original_amount: number;
  discount_amount: number;
  final_amount: number;
  card_amount: number;
  left_to_pay: number;
  coupons: CouponVerdict[];
  applied: AppliedCoupon[];
  lines: QuotedLine[];
  merchants: QuotedMerchant[];
  cards: CardCoverage[];
  hints: Hint[];
}
