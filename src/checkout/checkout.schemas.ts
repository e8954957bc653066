import { Type } from 'typebox';
import { Currency, Id, Minor, PageQuery, Timestamp } from '../http/schemas.js';
import { Transfer } from '../ledger/ledger.schemas.js';

const Sku = Type.String({ minLength: 1, maxLength: 128 });
/** Order and refund ids carry no colon: ledger transfer ids are `order:{orderId}:…`. */
const OrderId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._@/-]+$', description: 'the platform’s order id (no colon)' });
const RefundId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._@/-]+$', description: 'the caller’s id for this refund (no colon)' });
const Words = { en: Type.String(), 'zh-CN': Type.String() };

export const CartLine = Type.Object(
  {
    line_id: Id,
    sku: Sku,
    merchant_id: Id,
    category_id: Id,
    unit_price: Type.Integer({ description: 'price of one unit in minor units (fen), above zero' }),
    quantity: Type.Integer({ description: 'units, above zero' }),
    currency: Type.Optional(Currency),
  },
  { additionalProperties: false },
);

const cartFields = {
  currency: Currency,
  lines: Type.Array(CartLine, { maxItems: 1000, description: 'at most CHECKOUT_MAX_LINES (default 200)' }),
  coupon_ids: Type.Optional(Type.Array(Id, { maxItems: 50, description: 'the chosen coupons; absent = the best combination, [] = none' })),
  card_ids: Type.Optional(Type.Array(Id, { maxItems: 50, description: 'gift cards to pay with, applied in this order' })),
};

export const ShopperQuoteBody = Type.Object(cartFields, { additionalProperties: false });
export const QuoteBody = Type.Object({ shopper_id: Id, ...cartFields }, { additionalProperties: false });

const Expected = Type.Optional(
  Type.Object(
    { original_amount: Type.Optional(Minor), discount_amount: Type.Optional(Minor), card_amount: Type.Optional(Minor), left_to_pay: Type.Optional(Minor) },
    { additionalProperties: false, description: 'the figures the quote showed; a difference fails the lock with a code naming what changed' },
  ),
);
export const ShopperLockBody = Type.Object({ order_id: OrderId, ...cartFields, expected: Expected }, { additionalProperties: false });
export const LockBody = Type.Object({ order_id: OrderId, shopper_id: Id, ...cartFields, expected: Expected }, { additionalProperties: false });

export const PayBody = Type.Object(
  { payment_reference: Type.String({ minLength: 1, maxLength: 128 }), amount: Type.Integer({ description: 'what the platform collected, minor units' }) },
  { additionalProperties: false },
);

export const RefundBody = Type.Object(
  {
    refund_id: RefundId,
    lines: Type.Optional(
      Type.Array(Type.Object({ line_id: Id, quantity: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
    ),
  },
  { additionalProperties: false },
);

export const EmptyBody = Type.Object({}, { additionalProperties: false });
export const OrderParams = Type.Object({ id: Id });
export const ReceiptParams = Type.Object({ id: Id, merchantId: Id });
export const OrderQuery = Type.Object(
  {
    ...PageQuery.properties,
    shopper_id: Type.Optional(Id),
    state: Type.Optional(Type.Union(['locked', 'paid', 'cancelled', 'expired', 'refunded'].map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);
export const ShopperOrderQuery = PageQuery;

const MerchantAmount = Type.Object({ merchant_id: Type.String(), amount: Minor });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const QuoteResponse = Type.Object({
  currency: Type.String(),
  selection: Type.String({ description: 'best (searched) or chosen' }),
  original_amount: Minor,
  discount_amount: Minor,
  final_amount: Minor,
  card_amount: Minor,
  left_to_pay: Minor,
  coupons: Type.Array(
    Type.Object({
      coupon_id: Type.String(),
      owner: Type.String(),
      merchant_id: Nullable(Type.String()),
      name: Type.Object(Words),
      usable: Type.Boolean(),
      reason: Nullable(Type.Object({ code: Type.String(), missing: Type.Optional(Type.Integer()), ...Words })),
      discount_alone: Minor,
      applied: Type.Boolean(),
      valid_until: Type.String(),
    }),
  ),
  applied: Type.Array(Type.Object({ coupon_id: Type.String(), owner: Type.String(), merchant_id: Nullable(Type.String()), discount: Minor, merchants: Type.Array(MerchantAmount) })),
  lines: Type.Array(
    Type.Object({
      line_id: Type.String(),
      sku: Type.String(),
      merchant_id: Type.String(),
      category_id: Type.String(),
      unit_price: Minor,
      quantity: Type.Integer(),
      original_amount: Minor,
      shares: Type.Array(Type.Object({ coupon_id: Type.String(), amount: Minor })),
      discount_amount: Minor,
      final_amount: Minor,
      cards: Type.Array(Type.Object({ card_id: Type.String(), amount: Minor })),
      left_to_pay: Minor,
    }),
  ),
  merchants: Type.Array(
    Type.Object({ merchant_id: Type.String(), original_amount: Minor, discount_amount: Minor, final_amount: Minor, card_amount: Minor, left_to_pay: Minor }),
  ),
  cards: Type.Array(Type.Object({ card_id: Type.String(), last4: Type.String(), amount: Minor, merchants: Type.Array(MerchantAmount) })),
  hints: Type.Array(Type.Object({ coupon_id: Type.String(), spend_more: Minor, save: Minor, ...Words })),
});

const summaryFields = {
  id: Type.String(),
  shopper_id: Type.String(),
  currency: Type.String(),
  state: Type.String(),
  original_amount: Minor,
  discount_amount: Minor,
  card_amount: Minor,
  cash_amount: Minor,
  refunded_amount: Minor,
  payment_reference: Nullable(Type.String()),
  lock_expires_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
};
export const OrderSummary = Type.Object(summaryFields);
export const OrderPage = Type.Object({ items: Type.Array(OrderSummary), next_cursor: Nullable(Type.String()) });

export const OrderDetail = Type.Object({
  ...summaryFields,
  lines: Type.Array(
    Type.Object({
      line_id: Type.String(),
      sku: Type.String(),
      merchant_id: Type.String(),
      category_id: Type.String(),
      unit_price: Minor,
      quantity: Type.Integer(),
      original_amount: Minor,
      discount_amount: Minor,
      final_amount: Minor,
      refunded_quantity: Type.Integer(),
      funds: Type.Array(Type.Object({ source: Type.String(), source_id: Type.String(), amount: Minor, refunded_amount: Minor })),
    }),
  ),
  merchants: Type.Array(
    Type.Object({
      merchant_id: Type.String(),
      original_amount: Minor,
      discount_amount: Minor,
      final_amount: Minor,
      in_transit_amount: Minor,
      receipt_confirmed_at: Nullable(Timestamp),
    }),
  ),
  coupons: Type.Array(Type.Object({ coupon_id: Type.String(), amount: Minor, refunded_amount: Minor })),
  cards: Type.Array(Type.Object({ card_id: Type.String(), amount: Minor, refunded_amount: Minor })),
  refunds: Type.Array(
    Type.Object({
      refund_id: Type.String(),
      amount: Minor,
      coupon_amount: Minor,
      lines: Type.Array(Type.Object({ line_id: Type.String(), quantity: Type.Integer() })),
      created_at: Timestamp,
    }),
  ),
  transfers: Type.Array(Transfer),
  timeline: Type.Array(Type.Object({ kind: Type.String(), at: Timestamp, actor_id: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()) })),
});
