import { Type } from 'typebox';
import { Currency, Id, Minor, PositiveMinor, StringEnum, Timestamp } from '../http/schemas.js';

/** Request and response schemas of the gift card routes. */

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T) => Type.Union([schema, Type.Null()]);
const Name = Type.Object({ 'zh-CN': Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
const Denomination = Type.Object({ face: PositiveMinor, price: Minor }, { additionalProperties: false });
const CustomRange = Type.Object({ min: PositiveMinor, max: PositiveMinor, price_bp: Type.Integer({ minimum: 0, maximum: 10_000 }) }, { additionalProperties: false });
const Validity = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('months'), months: Type.Integer({ minimum: 1, maximum: 600 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('fixed'), until: Timestamp }, { additionalProperties: false }),
]);
const Acceptance = Type.Union([
  Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('listed'), merchant_ids: Type.Array(Id, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
]);
const AcceptedBy = Type.Union([Type.Literal('all'), Type.Array(Type.String())]);

export const ProductInput = Type.Object(
  {
    id: Type.Optional(Id),
    name: Name,
    category: Type.String({ minLength: 1, maxLength: 64 }),
    form: StringEnum(['digital', 'physical'] as const),
    currency: Currency,
    denominations: Type.Array(Denomination, { maxItems: 50 }),
    custom_range: Type.Optional(Type.Union([CustomRange, Type.Null()])),
    validity: Validity,
    reloadable: Type.Boolean(),
    named: Type.Boolean(),
    acceptance: Acceptance,
  },
  { additionalProperties: false },
);

export const ProductChanges = Type.Object(
  {
    name: Type.Optional(Name),
    denominations: Type.Optional(Type.Array(Denomination, { maxItems: 50 })),
    custom_range: Type.Optional(Type.Union([CustomRange, Type.Null()])),
    acceptance: Type.Optional(Acceptance),
    status: Type.Optional(StringEnum(['active', 'retired'] as const)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Product = Type.Object({
  id: Type.String(),
  name: Name,
  category: Type.String(),
  form: Type.String(),
  currency: Type.String(),
  denominations: Type.Array(Denomination),
  custom_range: Type.Union([CustomRange, Type.Null()]),
  validity: Validity,
  reloadable: Type.Boolean(),
  named: Type.Boolean(),
  acceptance: Acceptance,
  status: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const ProductQuery = Type.Object({ status: Type.Optional(StringEnum(['active', 'retired'] as const)) }, { additionalProperties: false });

const Identity = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    id_type: Type.String({ minLength: 1, maxLength: 32, description: 'e.g. resident_id, passport' }),
    id_number: Type.String({ minLength: 4, maxLength: 64, description: 'stored only as a keyed hash and a masked form' }),
  },
  { additionalProperties: false },
);

const OrderLines = Type.Array(
  Type.Object(
    {
      product_id: Id,
      face: PositiveMinor,
      price: Minor,
      quantity: Type.Integer({ minimum: 1, maximum: 100 }),
      recipient_shopper_id: Type.Optional(Id),
      message: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 20 },
);

export const OrderInput = Type.Object(
  {
    id: Type.Optional(Id),
    buyer: Type.Union([
      Type.Object({ kind: Type.Literal('shopper'), shopper_id: Id }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('company'), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
    ]),
    currency: Currency,
    payment_method: StringEnum(['online', 'bank_transfer', 'cash', 'other'] as const),
    lines: OrderLines,
    identity: Type.Optional(Identity),
  },
  { additionalProperties: false },
);

/** A shopper's own order from the storefront: the buyer is the token's shopper, paid online. */
export const ShopperOrderInput = Type.Object(
  { id: Type.Optional(Id), currency: Currency, lines: OrderLines, identity: Type.Optional(Identity) },
  { additionalProperties: false },
);

export const PayInput = Type.Object(
  {
    payment_reference: Type.String({ minLength: 1, maxLength: 128 }),
    card_numbers: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{16}$' }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);

const cardFields = {
  id: Type.String(),
  number: Type.String(),
  last4: Type.String(),
  code_last4: Type.String(),
  product_id: Type.String(),
  order_id: Nullable(Type.String()),
  batch_id: Nullable(Type.String()),
  currency: Type.String(),
  face: Type.Integer(),
  price: Type.Integer(),
  named: Type.Boolean(),
  reloadable: Type.Boolean(),
  max_balance: Nullable(Type.Integer()),
  accepted_by: AcceptedBy,
  state: Type.String(),
  owner_shopper_id: Nullable(Type.String()),
  promotional: Type.Boolean(),
  expires_at: Nullable(Type.String()),
  replaced_by: Nullable(Type.String()),
  balance: Type.Integer({ description: 'posted balance' }),
  held: Type.Integer({ description: 'held by orders in progress' }),
  available: Type.Integer(),
  issued_at: Nullable(Type.String()),
  created_at: Timestamp,
};
export const Card = Type.Object(cardFields);
export const IssuedCard = Type.Object({ ...cardFields, code: Type.Optional(Type.String({ description: 'the redemption code, shown this once' })) });

const orderFields = {
  id: Type.String(),
  buyer: Type.Union([Type.Object({ kind: Type.Literal('shopper'), shopper_id: Type.String() }), Type.Object({ kind: Type.Literal('company'), name: Type.String() })]),
  currency: Type.String(),
  state: Type.String(),
  face_total: Type.Integer(),
  price_total: Type.Integer(),
  payment_method: Type.String(),
  payment_reference: Nullable(Type.String()),
  identity: Type.Union([Type.Object({ name: Type.String(), id_type: Type.String(), id_number: Type.String({ description: 'masked' }) }), Type.Null()]),
  lines: Type.Array(
    Type.Object({
      line_no: Type.Integer(),
      product_id: Type.String(),
      face: Type.Integer(),
      price: Type.Integer(),
      quantity: Type.Integer(),
      recipient_shopper_id: Nullable(Type.String()),
      message: Nullable(Type.String()),
    }),
  ),
  cards: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), state: Type.String() })),
  created_at: Timestamp,
  paid_at: Nullable(Type.String()),
  issued_at: Nullable(Type.String()),
};
export const Order = Type.Object(orderFields);
export const OrderPage = Type.Object({ items: Type.Array(Order), next_cursor: Type.Union([Type.String(), Type.Null()]) });
export const PaidOrder = Type.Object({ ...orderFields, issued_cards: Type.Array(IssuedCard) });

export const CodeInput = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const WalletCard = Type.Object({
  id: Type.String(),
  card_number: Type.String(),
  last4: Type.String(),
  currency: Type.String(),
  balance: Type.Integer({ description: 'available now' }),
  held: Type.Integer(),
  state: Type.String(),
  named: Type.Boolean(),
  reloadable: Type.Boolean(),
  accepted_by: AcceptedBy,
  expires_at: Nullable(Type.String()),
  expires_soon: Type.Boolean(),
  reminders: Type.Array(Type.Object({ days_before: Type.Integer(), sent_at: Type.String() })),
});

export const BalanceAnswer = Type.Object({ last4: Type.String(), currency: Type.String(), available: Type.Integer(), expires_at: Nullable(Type.String()) });

export const Reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const CardQuery = Type.Object(
  {
    number: Type.Optional(Type.String({ pattern: '^[0-9]{16}$' })),
    last4: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{4}$' })),
    owner: Type.Optional(Id),
    order: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  kind: Type.String(),
  at: Timestamp,
  actor_id: Type.String(),
  actor_kind: Type.String(),
  channel: Type.String(),
  order_ref: Nullable(Type.String()),
  merchant_id: Nullable(Type.String()),
  amount: Nullable(Type.Integer()),
  balance_after: Type.Integer(),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const ReloadInput = Type.Object({ amount: PositiveMinor, payment_reference: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
