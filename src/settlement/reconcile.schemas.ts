import { Type } from 'typebox';
import { Currency, Id, StringEnum, Timestamp } from '../http/schemas.js';

const Column = Type.String({ minLength: 1, maxLength: 64 });

export const Mapping = Type.Object(
  {
    columns: Type.Object(
      {
        reference: Column,
        amount: Column,
        time: Column,
        type: Type.Optional(Column),
        currency: Type.Optional(Column),
      },
      { additionalProperties: false },
    ),
    amount_format: Type.Optional(StringEnum(['yuan', 'fen'] as const, { description: 'yuan: decimal like 12.34; fen: integer minor units' })),
    delimiter: Type.Optional(StringEnum([',', ';', '\t', '|'] as const)),
    types: Type.Optional(
      Type.Object(
        {
          payment: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 20 }),
          refund: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 20 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const NamedMapping = Type.Object({ name: Type.String(), mapping: Type.Unknown(), updated_at: Type.Union([Timestamp, Type.Null()]) });

export const UploadQuery = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' })),
    mapping: Type.Optional(Id),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

const ResultTotals = Type.Object({ count: Type.Integer(), their_amount: Type.Integer(), our_amount: Type.Integer() });
const Results = StringEnum(['matched', 'missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'] as const);

export const Run = Type.Object({
  id: Type.String(),
  source: Type.String(),
  state: StringEnum(['loading', 'matching', 'done'] as const),
  period_from: Type.Union([Timestamp, Type.Null()]),
  period_to: Type.Union([Timestamp, Type.Null()]),
  file_rows: Type.Integer(),
  mapping: Type.Unknown(),
  summary: Type.Union([
    Type.Object({
      rows: Type.Integer(),
      results: Type.Object({ matched: ResultTotals, missing_ours: ResultTotals, missing_theirs: ResultTotals, amount_differs: ResultTotals, duplicate: ResultTotals }),
    }),
    Type.Null(),
  ]),
  created_by: Type.String(),
  created_at: Timestamp,
  finished_at: Type.Union([Timestamp, Type.Null()]),
});

export const RunPage = Type.Object({ items: Type.Array(Run), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export const Difference = Type.Object({
  id: Type.String(),
  run_id: Type.String(),
  result: Results,
  reference: Type.String(),
  kind: StringEnum(['payment', 'refund'] as const),
  line: Type.Union([Type.Integer(), Type.Null()]),
  currency: Currency,
  their_amount: Type.Union([Type.Integer(), Type.Null()]),
  our_amount: Type.Union([Type.Integer(), Type.Null()]),
  transfer_id: Type.Union([Type.String(), Type.Null()]),
  adjustment_id: Type.Union([Type.String(), Type.Null()]),
});

export const DifferencePage = Type.Object({ items: Type.Array(Difference), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export const DifferenceQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    result: Type.Optional(StringEnum(['missing_ours', 'missing_theirs', 'amount_differs', 'duplicate'] as const)),
  },
  { additionalProperties: false },
);
