import { Type } from 'typebox';
import { StringEnum, Timestamp } from '../http/schemas.js';
import { EVENT_TYPE_PATTERN } from '../platform/event-filter.js';

const EventTypes = Type.Array(Type.String({ maxLength: 128, pattern: EVENT_TYPE_PATTERN }), {
  minItems: 1,
  maxItems: 50,
  description: 'event types to receive: exact types (`giftcard.issued`), prefixes (`giftcard.*`) or `*` for all',
});
const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'absolute http or https URL' });
const Description = Type.String({ maxLength: 500 });

export const EndpointInput = Type.Object(
  { url: Url, description: Type.Optional(Description), event_types: EventTypes, enabled: Type.Optional(Type.Boolean({ default: true })) },
  { additionalProperties: false },
);

export const EndpointChanges = Type.Object(
  { url: Type.Optional(Url), description: Type.Optional(Description), event_types: Type.Optional(EventTypes), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const RotateInput = Type.Object(
  {
    previous_secret_valid_s: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 604_800, description: 'how long the old secret keeps signing too (default one day; 0 stops it at once)' }),
    ),
  },
  { additionalProperties: false },
);

const endpointFields = {
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  previous_secret_expires_at: Type.Union([Timestamp, Type.Null()]),
  created_by: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
};

export const Endpoint = Type.Object(endpointFields);

export const EndpointWithSecret = Type.Object({
  ...endpointFields,
  secret: Type.String({ description: 'the signing secret (`whsec_…`), shown this once' }),
});

export const EndpointPage = Type.Object({ items: Type.Array(Endpoint), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export const DELIVERY_STATES = ['pending', 'delivering', 'delivered', 'failed', 'cancelled'] as const;

export const Attempt = Type.Object({
  attempt: Type.Integer(),
  started_at: Timestamp,
  duration_ms: Type.Integer(),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  outcome: StringEnum(['delivered', 'retry', 'failed'] as const),
});

export const Delivery = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  state: StringEnum(DELIVERY_STATES),
  attempts: Type.Integer({ description: 'attempts made in all' }),
  next_attempt_at: Type.Union([Timestamp, Type.Null()]),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_duration_ms: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  delivered_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
  attempt_log: Type.Array(Attempt, { description: 'the latest attempts, oldest first' }),
});

export const DeliveryPage = Type.Object({ items: Type.Array(Delivery), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export const DeliveryQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(DELIVERY_STATES)),
    event_id: Type.Optional(Type.String({ maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const EndpointQuery = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
