import { Type } from 'typebox';
import { Id, StringEnum, Timestamp } from '../http/schemas.js';
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from './passwords.js';
import { ROLES } from './principal.js';
import { MAX_TAGS } from './shoppers.js';
import { STAFF_USER_ROLES, USERNAME_PATTERN } from './staff-users.repo.js';

/** Request and response schemas of the identity routes. No response schema has a field for a hash. */

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const RoleName = StringEnum(ROLES);
const StaffRoleName = StringEnum(STAFF_USER_ROLES, { description: 'storefront and integration are for API keys only' });
const Password = (description: string) => Type.String({ minLength: PASSWORD_MIN_CHARS, maxLength: PASSWORD_MAX_CHARS, description });

export const ApiKeyInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    role: RoleName,
    merchant_id: Type.Optional(Id),
    expires_at: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);

export const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'the visible start of the key, to tell keys apart' }),
  role: RoleName,
  merchant_id: Nullable(Type.String()),
  created_by: Type.String(),
  created_at: Type.String(),
  expires_at: Nullable(Type.String()),
  revoked_at: Nullable(Type.String()),
  last_used_at: Nullable(Type.String()),
  state: StringEnum(['active', 'revoked', 'expired'] as const),
});

export const ApiKeyCreated = Type.Object({
  ...ApiKey.properties,
  secret: Type.String({ description: 'the key itself: shown in this response only, never again' }),
});

export const ApiKeyQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    role: Type.Optional(RoleName),
    active: Type.Optional(Type.Boolean({ description: 'true: keys that still work; false: revoked or expired' })),
  },
  { additionalProperties: false },
);

export const ApiKeyPage = Type.Object({ items: Type.Array(ApiKey), next_cursor: Nullable(Type.String()) });

export const StaffUserInput = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, description: '3–64 letters, digits, . _ @ -; case-insensitive' }),
    password: Type.Optional(Password('omit to have one generated and shown once')),
    role: StaffRoleName,
    merchant_id: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const StaffUserChange = Type.Object(
  {
    role: Type.Optional(StaffRoleName),
    merchant_id: Type.Optional(Type.Union([Id, Type.Null()])),
    disabled: Type.Optional(Type.Boolean({ description: 'disabling also ends every session of the user' })),
    password: Type.Optional(Password('a new password; ends every session of the user')),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const StaffUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: StaffRoleName,
  merchant_id: Nullable(Type.String()),
  disabled: Type.Boolean(),
  created_by: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  last_sign_in_at: Nullable(Type.String()),
});

export const StaffUserCreated = Type.Object({
  ...StaffUser.properties,
  password: Type.Optional(Type.String({ description: 'the generated password, only when none was given; shown once' })),
});

export const StaffUserPage = Type.Object({ items: Type.Array(StaffUser), next_cursor: Nullable(Type.String()) });

export const SignIn = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_CHARS }),
  },
  { additionalProperties: false },
);

export const Caller = Type.Object({
  kind: StringEnum(['api_key', 'staff', 'shopper', 'system', 'anonymous'] as const),
  id: Type.String({ description: '`key:<id>` or `staff:<id>`, as the audit log records it' }),
  role: RoleName,
  name: Nullable(Type.String({ description: 'key name or username' })),
  username: Nullable(Type.String({ description: 'staff sessions only' })),
  merchant_id: Nullable(Type.String()),
});

export const Whoami = Type.Object({
  user: Caller,
  shopper_id: Nullable(Type.String({ description: 'storefront calls with an X-Shopper-Token' })),
  session: Type.Union([Type.Object({ id: Type.String(), expires_at: Type.String() }), Type.Null()], { description: 'console sessions only' }),
});

export const SignedIn = Type.Object({
  ...Whoami.properties,
  csrf_token: Type.String({ description: 'send it as X-CSRF-Token on every mutation (also in the scrip_csrf cookie)' }),
});

export const RevokedSessions = Type.Object({ revoked: Type.Integer({ minimum: 0 }) });

const Tag = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f,]+$' });

export const ShopperInput = Type.Object(
  {
    display_name: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
    region_code: Type.Optional(
      Type.Union([Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 division code, e.g. 110000 Beijing, 110105 Chaoyang' }), Type.Null()]),
    ),
    registered_at: Timestamp,
    tags: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS })),
    real_name_verified: Type.Optional(Type.Boolean()),
    source_version: Type.Optional(
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the platform’s version of the record; an older version never overwrites a newer one' }),
    ),
  },
  { additionalProperties: false },
);

export const ShopperBatchInput = Type.Object(
  {
    shoppers: Type.Array(Type.Object({ id: Id, ...ShopperInput.properties }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const Shopper = Type.Object({
  id: Type.String(),
  display_name: Nullable(Type.String()),
  region_code: Nullable(Type.String()),
  registered_at: Type.String(),
  tags: Type.Array(Type.String()),
  real_name_verified: Type.Boolean(),
  source_version: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const Outcome = StringEnum(['created', 'updated', 'unchanged', 'stale'] as const, {
  description: 'stale: an older source_version than the stored one, ignored',
});

export const ShopperSynced = Type.Object({ outcome: Outcome, shopper: Shopper });
export const ShopperBatchSynced = Type.Object({ results: Type.Array(Type.Object({ id: Type.String(), outcome: Outcome })) });
