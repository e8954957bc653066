/**
 * Log fields that can hold secrets (API keys, session and CSRF tokens, shopper tokens,
 * passwords, card codes). Fastify's request serializer logs no headers or bodies; these paths
 * are the second line of defence for anything logged by hand.
 */
const SECRET_HEADERS = ['authorization', 'cookie', '"x-shopper-token"', '"x-csrf-token"', '"set-cookie"'];
const SECRET_FIELDS = ['password', 'secret', 'token', 'csrf_token', 'api_key', 'card_code', 'redemption_code', 'coupon_code'];

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.flatMap((h) => [`req.headers[${h}]`, `res.headers[${h}]`, `headers[${h}]`, `request.headers[${h}]`]),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];
