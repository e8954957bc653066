import { Type } from 'typebox';
import { Currency, Id, Minor, PositiveMinor, Refs, StringEnum, Timestamp } from '../http/schemas.js';
import { ACCOUNT_FLAGS, type AccountFlag as AccountFlagName, TRANSFER_FLAGS, TRANSFER_RESULTS, type TransferFlag as TransferFlagName } from './types.js';

const AccountFlag = StringEnum(Object.keys(ACCOUNT_FLAGS) as AccountFlagName[]);
const TransferFlag = StringEnum(Object.keys(TRANSFER_FLAGS) as TransferFlagName[]);
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_.:-]+$', description: 'kind or reason, e.g. giftcard.liability' });

export const AccountInput = Type.Object(
  {
    id: Id,
    code: Code,
    currency: Currency,
    flags: Type.Optional(Type.Array(AccountFlag, { maxItems: 2, uniqueItems: true })),
    metadata: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 256 }), Type.Number(), Type.Boolean()]), { maxProperties: 16 })),
  },
  { additionalProperties: false },
);

export const Account = Type.Object({
  id: Type.String(),
  code: Type.String(),
  currency: Type.String(),
  flags: Type.Array(Type.String()),
  debits_pending: Minor,
  debits_posted: Minor,
  credits_pending: Minor,
  credits_posted: Minor,
  metadata: Type.Record(Type.String(), Type.Unknown()),
  created_at: Timestamp,
});

export const TransferInput = Type.Object(
  {
    id: Id,
    debit_account_id: Type.Optional(Id),
    credit_account_id: Type.Optional(Id),
    amount: Type.Optional(PositiveMinor),
    currency: Type.Optional(Currency),
    code: Code,
    flags: Type.Optional(Type.Array(TransferFlag, { maxItems: 4, uniqueItems: true })),
    pending_id: Type.Optional(Id),
    timeout_s: Type.Optional(Type.Integer({ minimum: 0, maximum: 31_536_000 })),
    refs: Type.Optional(Refs),
  },
  { additionalProperties: false },
);

export const TransferBatch = Type.Object(
  { transfers: Type.Array(TransferInput, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const TransferResultItem = Type.Object({
  index: Type.Integer(),
  id: Type.String(),
  result: StringEnum(TRANSFER_RESULTS),
});

export const TransferResults = Type.Object({ results: Type.Array(TransferResultItem) });

export const Transfer = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  debit_account_id: Type.String(),
  credit_account_id: Type.String(),
  amount: Minor,
  currency: Type.String(),
  code: Type.String(),
  flags: Type.Array(Type.String()),
  pending_id: Type.Union([Type.String(), Type.Null()]),
  timeout_s: Type.Integer(),
  refs: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  created_at: Timestamp,
  hold: Type.Optional(
    Type.Object({
      state: Type.String(),
      expires_at: Type.Union([Type.String(), Type.Null()]),
      resolved_by: Type.Union([Type.String(), Type.Null()]),
      resolved_at: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const Balances = Type.Object({
  debits_pending: Minor,
  debits_posted: Minor,
  credits_pending: Minor,
  credits_posted: Minor,
});

export const HistoryPage = Type.Object({
  items: Type.Array(Type.Object({ transfer: Transfer, balances: Balances })),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
