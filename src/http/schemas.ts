import type { Readable } from 'node:stream';
import { Type } from 'typebox';

/** Schema pieces shared by every domain's routes. */

export const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:@/-]+$' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
export const Minor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'amount in minor units (fen)' });
export const PositiveMinor = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'amount in minor units (fen)' });
export const Timestamp = Type.String({ format: 'date-time' });
export const Refs = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 256 }), Type.Integer()]), {
  maxProperties: 16,
  description: 'what the entry refers to: order, card, coupon, actor…',
});

export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    request_id: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** Response entries for the error statuses a route can answer with. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, { ...Problem, description: 'problem+json' }]));
}

/** A 200 entry for an answer that is a CSV file (usually streamed): documented as text/csv with its columns. */
export function csvAnswer(columns: string) {
  return { description: `CSV: ${columns}`, content: { 'text/csv': { schema: Type.Unsafe<Readable | string>({ type: 'string', description: columns }) } } };
}

/** A string that must be one of values, typed as their union. */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
