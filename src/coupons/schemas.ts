import { Type } from 'typebox';
import { Currency, Id, PositiveMinor, StringEnum, Timestamp } from '../http/schemas.js';

/** Request and response schemas of the coupon routes. */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const BudgetInput = Type.Object(
  {
    owner: StringEnum(['platform', 'merchant'] as const),
    merchant_id: Type.Optional(Nullable(Id)),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    currency: Type.Optional(Currency),
  },
  { additionalProperties: false },
);

export const Budget = Type.Object({
  id: Type.String(),
  owner: Type.String(),
  merchant_id: Nullable(Type.String()),
  name: Type.String(),
  currency: Type.String(),
  created_by: Type.String(),
  created_at: Type.String(),
});

const FrozenLine = Type.Object({ id: Type.String(), name: Type.String(), amount: Type.Integer(), pending_out: Type.Integer() });

export const Statement = Type.Object({
  budget_id: Type.String(),
  currency: Type.String(),
  funded: Type.Integer(),
  available: Type.Integer(),
  pending_out: Type.Integer(),
  pending_in: Type.Integer(),
  frozen_templates: Type.Array(FrozenLine),
  frozen_activities: Type.Array(FrozenLine),
  frozen: Type.Integer(),
  in_transit: Type.Integer(),
  spent: Type.Integer(),
});

export const BudgetWithStatement = Type.Object({ ...Budget.properties, statement: Statement });

export const MoneyRequest = Type.Object(
  { amount: PositiveMinor, comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const ApprovalRef = Type.Object({ id: Type.String(), kind: Type.String(), state: Type.String(), amount: Nullable(Type.Integer()), currency: Nullable(Type.String()) });

export const TemplateInput = Type.Object(
  {
    budget_id: Id,
    name_zh: Type.String({ minLength: 1, maxLength: 100 }),
    name_en: Type.String({ minLength: 1, maxLength: 100 }),
    type: StringEnum(['amount_off', 'no_threshold', 'percent_off'] as const),
    amount: Type.Optional(Nullable(Type.Integer())),
    percent_bp: Type.Optional(Nullable(Type.Integer({ description: 'percent off in basis points: 1500 = 15% off' }))),
    cap: Type.Optional(Nullable(Type.Integer())),
    quantity: Type.Integer(),
  },
  { additionalProperties: false },
);

/** What a template's coupons are worth; templates and issued coupons answer with the same fields. */
const couponValueFields = {
  type: Type.String(),
  amount: Nullable(Type.Integer()),
  percent_bp: Nullable(Type.Integer()),
  cap: Nullable(Type.Integer()),
  value: Type.Integer(),
  currency: Type.String(),
};

export const Template = Type.Object({
  id: Type.String(),
  budget_id: Type.String(),
  name_zh: Type.String(),
  name_en: Type.String(),
  ...couponValueFields,
  quantity: Type.Integer(),
  stock: Type.Integer(),
  state: Type.String(),
  approval_id: Nullable(Type.String()),
  created_at: Type.String(),
});

export const RecycleInput = Type.Object({ quantity: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

const Validity = Type.Union([
  Type.Object({ kind: Type.Literal('fixed'), from: Timestamp, until: Timestamp }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('days'), days: Type.Integer() }, { additionalProperties: false }),
]);

const Condition = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('min_spend'), amount: Type.Integer() }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('min_items'), count: Type.Integer() }, { additionalProperties: false }),
]);

const IdList = Type.Array(Id, { maxItems: 500 });

const Scope = Type.Object(
  {
    kind: StringEnum(['all', 'merchants', 'categories', 'skus'] as const),
    ids: Type.Optional(IdList),
    exclude_skus: Type.Optional(IdList),
    exclude_categories: Type.Optional(IdList),
  },
  { additionalProperties: false },
);

const Audience = Type.Object(
  {
    kind: StringEnum(['all', 'rule', 'list'] as const),
    regions: Type.Optional(Type.Array(Type.String({ maxLength: 6 }), { maxItems: 100 })),
    registered_from: Type.Optional(Timestamp),
    registered_until: Type.Optional(Timestamp),
    tags_any: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    tags_all: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    real_name_verified: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ItemInput = Type.Object(
  {
    template_id: Id,
    quantity: Type.Integer(),
    per_user_limit: Type.Integer(),
    validity: Validity,
    condition: Condition,
    scope: Scope,
  },
  { additionalProperties: false },
);

export const ActivityInput = Type.Object(
  {
    budget_id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    method: StringEnum(['auto', 'claim', 'link', 'code'] as const),
    starts_at: Type.Optional(Nullable(Timestamp)),
    ends_at: Type.Optional(Nullable(Timestamp)),
    audience: Audience,
    include_later: Type.Optional(Type.Boolean({ description: 'auto-issue: shoppers synced after publication get coupons too' })),
    coupons: Type.Array(ItemInput, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const Item = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  template_id: Type.String(),
  quantity: Type.Integer(),
  issued: Type.Integer(),
  returned: Type.Integer(),
  per_user_limit: Type.Integer(),
  validity: Type.Unknown(),
  condition: Type.Unknown(),
  scope: Type.Unknown(),
  link_token: Type.Optional(Type.String()),
  closed_at: Nullable(Type.String()),
});

export const Activity = Type.Object({
  id: Type.String(),
  budget_id: Type.String(),
  merchant_id: Nullable(Type.String()),
  name: Type.String(),
  description: Type.String(),
  method: Type.String(),
  starts_at: Nullable(Type.String()),
  ends_at: Nullable(Type.String()),
  audience: Type.Unknown(),
  include_later: Type.Boolean(),
  state: Type.String(),
  approval_id: Nullable(Type.String()),
  published_at: Nullable(Type.String()),
  ended_at: Nullable(Type.String()),
  created_at: Type.String(),
  coupons: Type.Array(Item),
  jobs: Type.Optional(Type.Array(Type.Object({ kind: Type.String(), state: Type.String(), progress: Type.Unknown() }))),
});

export const Coupon = Type.Object({
  id: Type.String(),
  activity_id: Type.String(),
  item_id: Type.String(),
  state: Type.String(),
  name: Type.String(),
  description: Type.String(),
  ...couponValueFields,
  condition: Type.Unknown(),
  scope: Type.Unknown(),
  valid_from: Type.String(),
  valid_until: Type.String(),
  expires_soon: Type.Boolean(),
  channel: Type.String(),
  owner: Type.String(),
  merchant_id: Nullable(Type.String()),
  locked_order_id: Nullable(Type.String()),
  discount: Nullable(Type.Integer()),
  claimed_at: Type.String(),
});

export const CentreEntry = Type.Object({
  coupon_item_id: Type.String(),
  activity_id: Type.String(),
  activity_name: Type.String(),
  ends_at: Nullable(Type.String()),
  name: Type.String(),
  description: Type.String(),
  claimed: Type.Integer(),
  per_user_limit: Type.Integer(),
  remaining: Type.Integer(),
});

export const ListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
