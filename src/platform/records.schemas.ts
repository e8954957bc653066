import { Type } from 'typebox';
import { StringEnum, Timestamp } from '../http/schemas.js';
import { EVENT_TYPE_PATTERN } from './event-filter.js';

/** Schemas of the read-only platform records: audit log, events, jobs. */

const Cursor = Type.Optional(Type.String({ maxLength: 512 }));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 }));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const AuditQuery = Type.Object(
  {
    entity_type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    entity_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    actor_id: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'entries at or after this time' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'entries before this time' })),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Timestamp,
  actor_id: Type.String(),
  actor_kind: Type.String(),
  role: Nullable(Type.String()),
  channel: Type.String(),
  action: Type.String(),
  entity_type: Type.String(),
  entity_id: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  request_id: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  sealed: Type.Boolean({ description: 'linked into the hash chain yet (the sealer runs every second)' }),
  chain_seq: Nullable(Type.Integer()),
  hash: Nullable(Type.String()),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), next_cursor: Nullable(Type.String()) });

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  sealed: Type.Integer({ description: 'entries linked into the chain' }),
  unsealed: Type.Integer({ description: 'entries committed but not linked yet' }),
  first_broken: Nullable(Type.String({ description: 'the first entry whose hash or position does not match' })),
});

export const EventQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 128, pattern: EVENT_TYPE_PATTERN, description: 'an exact type, or a prefix such as `giftcard.*`' })),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);

export const Event = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  type: Type.String(),
  created_at: Timestamp,
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const EventPage = Type.Object({ items: Type.Array(Event), next_cursor: Nullable(Type.String()) });

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;

export const JobQuery = Type.Object(
  { state: Type.Optional(StringEnum(JOB_STATES)), kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), cursor: Cursor, limit: Limit },
  { additionalProperties: false },
);

export const Job = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  state: StringEnum(JOB_STATES),
  attempts: Type.Integer({ description: 'claims of the current batch (reset when a batch completes)' }),
  progress: Type.Record(Type.String(), Type.Unknown(), { description: 'what the job saved after its last completed batch' }),
  last_error: Nullable(Type.String()),
  run_at: Timestamp,
  locked_by: Nullable(Type.String({ description: 'the runner holding the job (host:pid:claim)' })),
  locked_until: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const JobPage = Type.Object({ items: Type.Array(Job), next_cursor: Nullable(Type.String()) });
