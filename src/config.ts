/** Configuration from the environment, validated once at start with a message per bad value. */

import { type ComplianceProfile, PROFILE_DEFAULTS, PROFILE_NAMES } from './giftcards/profiles.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  sqliteSynchronous: 'full' | 'normal';
  pgPoolSize: number;
  jobs: boolean;
  shutdownTimeoutMs: number;
  defaultCurrency: string;
  timeZone: string;
  /** Which proxies' X-Forwarded-For/-Proto to believe: false, true (any), a hop count, or addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /** A staff session ends after this many idle minutes (each use pushes it forward)… */
  sessionTtlMinutes: number;
  /** …and at the latest this many hours after sign-in. */
  sessionMaxHours: number;
  /** The HMAC key shared with the platform for shopper tokens; unset = a dev secret kept in the database. */
  shopperTokenSecret: string | undefined;
  /** Longest lifetime (exp − iat) accepted for a shopper token. */
  shopperTokenMaxTtlS: number;
  rateLimits: RateLimits;
  /** How long a stored idempotent response is kept. */
  idempotencyTtlHours: number;
  /** Demo mode: seed an empty database with demo data and serve the storefront's shopper picker. */
  demo: boolean;
  /** How long one webhook POST may take before it counts as failed. */
  webhookTimeoutMs: number;
  /** Attempts per webhook delivery (per replay) before it is marked failed. */
  webhookMaxAttempts: number;
  giftcards: GiftcardConfig;

  // ── coupons ──
  /** Days before a coupon's validity ends when its `coupon.expiring` reminder is sent. */
  couponExpiringNoticeDays: number;
  /** Shoppers per auto-issue transaction (each batch saves the job's progress). */
  couponIssueBatch: number;

  // settlement
  /** Most rows one reconciliation file may have. */
  reconcileMaxRows: number;
  /** Largest reconciliation file accepted, in bytes (the upload is streamed, never buffered). */
  reconcileMaxBytes: number;

  // checkout
  /** How long a locked order holds its coupons and gift card amounts before they are released. */
  checkoutLockTimeoutS: number;
  /** Most lines in one cart. */
  checkoutMaxLines: number;
}

// ── gift cards config ──
export interface GiftcardConfig {
  /** The compliance profile with any overridden numbers. */
  profile: ComplianceProfile;
  /** HMAC key for card codes and buyer ID numbers; unset = a development secret kept in the database. */
  codeSecret: string | undefined;
  /** Most cards one order may pay with. */
  maxCardsPerOrder: number;
  /** Days before expiry at which a `giftcard.expiring` reminder is sent, largest first. */
  reminderDays: number[];
  /** An order refund landing on an expired card extends it by this many days. */
  refundExtendDays: number;
  /** Cards the expiry sweep handles per run. */
  sweepBatch: number;
}

/** At most `limit` counted attempts per `windowS` seconds (sliding window). */
export interface RateLimitSetting {
  limit: number;
  windowS: number;
}

export interface RateLimits {
  signInPerIp: RateLimitSetting;
  signInPerUsername: RateLimitSetting;
  codeFailuresPerShopper: RateLimitSetting;
  codeFailuresPerIp: RateLimitSetting;
  codeFailuresPerKey: RateLimitSetting;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = raw.toLowerCase() as T;
    if (!allowed.includes(value)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be one of: ${allowed.join(', ')}`);
      return fallback;
    }
    return value;
  }

  /** `limit/windowS`, e.g. `5/900` for five per fifteen minutes. */
  rate(name: string, fallback: RateLimitSetting): RateLimitSetting {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,6})\s*$/.exec(raw);
    const limit = Number(match?.[1]);
    const windowS = Number(match?.[2]);
    if (!match || limit < 1 || windowS < 1 || windowS > 86_400) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be limit/seconds, e.g. 5/900 (limit ≥ 1, window 1 to 86400 s)`);
      return fallback;
    }
    return { limit, windowS };
  }

  trustProxy(name: string): boolean | number | string[] {
    const raw = this.optional(name);
    if (raw === undefined || /^(false|no|off)$/i.test(raw)) return false;
    if (/^(true|yes|on)$/i.test(raw)) return true;
    if (/^\d{1,2}$/.test(raw)) return Number(raw);
    const list = raw.split(',').map((part) => part.trim()).filter(Boolean);
    if (list.length === 0 || !list.every((part) => /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(part))) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be true, false, a hop count, or comma-separated proxy addresses/CIDRs`);
      return false;
    }
    return list;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
    return fallback;
  }
}

export function loadConfig(env: Env = process.env): Config {
  const read = new Reader(env);
  const databaseUrl = read.optional('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    read.problems.push('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)');
  }
  const currency = read.string('DEFAULT_CURRENCY', 'CNY');
  if (!/^[A-Z]{3}$/.test(currency)) read.problems.push(`DEFAULT_CURRENCY=${JSON.stringify(currency)} must be an ISO 4217 code such as CNY`);
  const timeZone = read.string('TIME_ZONE', 'Asia/Shanghai');
  if (!isTimeZone(timeZone)) read.problems.push(`TIME_ZONE=${JSON.stringify(timeZone)} is not a known IANA time zone`);
  const shopperTokenSecret = read.optional('SHOPPER_TOKEN_SECRET');
  if (shopperTokenSecret !== undefined && Buffer.byteLength(shopperTokenSecret) < 32) {
    read.problems.push('SHOPPER_TOKEN_SECRET must be at least 32 bytes (e.g. `openssl rand -base64 32`)');
  }
  const config: Config = {
    port: read.integer('PORT', 3000, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    dataDir: read.string('DATA_DIR', './data'),
    databaseUrl,
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    sqliteSynchronous: read.oneOf('SQLITE_SYNCHRONOUS', 'full', ['full', 'normal'] as const),
    pgPoolSize: read.integer('PG_POOL_SIZE', 10, 1, 500),
    jobs: read.boolean('JOBS', true),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    defaultCurrency: currency,
    timeZone,
    trustProxy: read.trustProxy('TRUST_PROXY'),
    sessionTtlMinutes: read.integer('SESSION_TTL_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: read.integer('SESSION_MAX_HOURS', 12, 1, 24 * 30),
    shopperTokenSecret,
    shopperTokenMaxTtlS: read.integer('SHOPPER_TOKEN_MAX_TTL_S', 3600, 60, 7 * 86_400),
    rateLimits: {
      signInPerIp: read.rate('RATE_LIMIT_SIGN_IN_PER_IP', { limit: 30, windowS: 900 }),
      signInPerUsername: read.rate('RATE_LIMIT_SIGN_IN_PER_USERNAME', { limit: 5, windowS: 900 }),
      codeFailuresPerShopper: read.rate('RATE_LIMIT_CODE_FAILURES_PER_SHOPPER', { limit: 5, windowS: 900 }),
      codeFailuresPerIp: read.rate('RATE_LIMIT_CODE_FAILURES_PER_IP', { limit: 20, windowS: 900 }),
      codeFailuresPerKey: read.rate('RATE_LIMIT_CODE_FAILURES_PER_KEY', { limit: 500, windowS: 900 }),
    },
    idempotencyTtlHours: read.integer('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 90),
    demo: read.boolean('DEMO', false),
    webhookTimeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
    webhookMaxAttempts: read.integer('WEBHOOK_MAX_ATTEMPTS', 8, 1, 20),
    giftcards: readGiftcardConfig(read),

    // coupons
    couponExpiringNoticeDays: read.integer('COUPON_EXPIRING_NOTICE_DAYS', 3, 1, 90),
    couponIssueBatch: read.integer('COUPON_ISSUE_BATCH', 200, 1, 5000),

    // settlement
    reconcileMaxRows: read.integer('RECONCILE_MAX_ROWS', 20_000_000, 1, 100_000_000),
    reconcileMaxBytes: read.integer('RECONCILE_MAX_BYTES', 4 * 1024 ** 3, 1024, 64 * 1024 ** 3),

    // checkout
    checkoutLockTimeoutS: read.integer('CHECKOUT_LOCK_TIMEOUT_S', 900, 10, 86_400),
    checkoutMaxLines: read.integer('CHECKOUT_MAX_LINES', 200, 1, 1000),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

// ── gift cards config ──
function readGiftcardConfig(read: Reader): GiftcardConfig {
  const base = PROFILE_DEFAULTS[read.oneOf('GIFTCARD_PROFILE', 'cn-prepaid', PROFILE_NAMES)];
  const amount = (name: string, fallback: number | null): number | null => {
    const raw = read.optional(name);
    if (raw === undefined) return fallback;
    if (raw.trim().toLowerCase() === 'none') return null;
    return read.integer(name, fallback ?? 0, 0, Number.MAX_SAFE_INTEGER);
  };
  const profile: ComplianceProfile = {
    ...base,
    namedMaxBalance: amount('GIFTCARD_NAMED_MAX_BALANCE', base.namedMaxBalance),
    anonymousMaxBalance: amount('GIFTCARD_ANONYMOUS_MAX_BALANCE', base.anonymousMaxBalance),
    anonymousMinValidityMonths: amount('GIFTCARD_ANONYMOUS_MIN_VALIDITY_MONTHS', base.anonymousMinValidityMonths),
    identityAnonymousThreshold: amount('GIFTCARD_IDENTITY_THRESHOLD', base.identityAnonymousThreshold),
    bankTransferCompanyThreshold: amount('GIFTCARD_BANK_TRANSFER_COMPANY_THRESHOLD', base.bankTransferCompanyThreshold),
    bankTransferPersonThreshold: amount('GIFTCARD_BANK_TRANSFER_PERSON_THRESHOLD', base.bankTransferPersonThreshold),
    returnWindowDays: amount('GIFTCARD_RETURN_DAYS', base.returnWindowDays),
    recordRetentionYears: read.integer('GIFTCARD_RECORD_RETENTION_YEARS', base.recordRetentionYears, 1, 100),
  };
  const codeSecret = read.optional('GIFTCARD_CODE_SECRET');
  if (codeSecret !== undefined && Buffer.byteLength(codeSecret) < 32) read.problems.push('GIFTCARD_CODE_SECRET must be at least 32 bytes');
  const reminderRaw = read.string('GIFTCARD_REMINDER_DAYS', '30,7,1');
  const reminderDays = reminderRaw.split(',').map((part) => Number(part.trim()));
  if (reminderDays.length > 10 || !reminderDays.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= 366)) {
    read.problems.push(`GIFTCARD_REMINDER_DAYS=${JSON.stringify(reminderRaw)} must be up to 10 comma-separated days from 1 to 366`);
  }
  return {
    profile,
    codeSecret,
    maxCardsPerOrder: read.integer('GIFTCARD_MAX_CARDS_PER_ORDER', 5, 1, 50),
    reminderDays: [...new Set(reminderDays.filter((d) => Number.isSafeInteger(d) && d >= 1))].sort((a, b) => b - a),
    refundExtendDays: read.integer('GIFTCARD_REFUND_EXTEND_DAYS', 30, 1, 3650),
    sweepBatch: read.integer('GIFTCARD_SWEEP_BATCH', 200, 1, 10_000),
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The variables loadConfig reads, with their defaults, for --help and the README. */
export const CONFIG_VARIABLES: readonly [string, string, string][] = [
  ['PORT', '3000', 'HTTP port'],
  ['HOST', '127.0.0.1', 'interface to listen on (0.0.0.0 behind a proxy or in a container)'],
  ['DATA_DIR', './data', 'directory of the embedded SQLite database'],
  ['DATABASE_URL', '(unset)', 'postgres://… to use PostgreSQL instead of SQLite'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
  ['BODY_LIMIT_BYTES', '1048576', 'largest request body accepted'],
  ['SQLITE_SYNCHRONOUS', 'full', 'full (every commit on disk) or normal (faster, may lose the last commits on power loss)'],
  ['PG_POOL_SIZE', '10', 'PostgreSQL connections per process'],
  ['JOBS', 'true', 'run background jobs in this process (false for API-only nodes)'],
  ['SHUTDOWN_TIMEOUT_MS', '10000', 'how long SIGTERM waits for requests in flight'],
  ['DEFAULT_CURRENCY', 'CNY', 'ISO 4217 currency used when a request names none'],
  ['TIME_ZONE', 'Asia/Shanghai', 'the platform time zone for days, reports and validity'],
  ['TRUST_PROXY', 'false', 'believe X-Forwarded-For/-Proto from: true (any), a hop count, or proxy addresses/CIDRs'],
  ['SESSION_TTL_MINUTES', '30', 'staff sessions end after this many idle minutes'],
  ['SESSION_MAX_HOURS', '12', 'staff sessions end this many hours after sign-in, used or not'],
  ['SHOPPER_TOKEN_SECRET', '(dev secret in the database)', 'HMAC-SHA256 key shared with the platform for X-Shopper-Token (≥ 32 bytes)'],
  ['SHOPPER_TOKEN_MAX_TTL_S', '3600', 'longest shopper token lifetime (exp − iat) accepted'],
  ['RATE_LIMIT_SIGN_IN_PER_IP', '30/900', 'failed staff sign-ins per client IP per window (limit/seconds)'],
  ['RATE_LIMIT_SIGN_IN_PER_USERNAME', '5/900', 'failed staff sign-ins per username per window'],
  ['RATE_LIMIT_CODE_FAILURES_PER_SHOPPER', '5/900', 'wrong gift card / coupon codes per shopper per window'],
  ['RATE_LIMIT_CODE_FAILURES_PER_IP', '20/900', 'wrong codes per client IP per window'],
  ['RATE_LIMIT_CODE_FAILURES_PER_KEY', '500/900', 'wrong codes per API key per window (a storefront key serves many shoppers)'],
  ['IDEMPOTENCY_TTL_HOURS', '24', 'how long a stored Idempotency-Key response is replayed'],
  ['DEMO', 'false', 'demo mode (npm start turns it on): seed an empty database, mint shopper tokens for the demo shop'],
  ['WEBHOOK_TIMEOUT_MS', '5000', 'how long one webhook POST may take'],
  ['WEBHOOK_MAX_ATTEMPTS', '8', 'attempts per webhook delivery before it is marked failed'],
  // gift cards
  ['GIFTCARD_PROFILE', 'cn-prepaid', 'compliance profile: cn-prepaid or default (docs/COMPLIANCE.md)'],
  ['GIFTCARD_NAMED_MAX_BALANCE', '(profile)', 'largest named card balance, minor units, or none'],
  ['GIFTCARD_ANONYMOUS_MAX_BALANCE', '(profile)', 'largest anonymous card balance, minor units, or none'],
  ['GIFTCARD_ANONYMOUS_MIN_VALIDITY_MONTHS', '(profile)', 'shortest validity of an anonymous card, or none'],
  ['GIFTCARD_IDENTITY_THRESHOLD', '(profile)', 'anonymous card order total needing buyer identity, or none'],
  ['GIFTCARD_BANK_TRANSFER_COMPANY_THRESHOLD', '(profile)', 'company order total that must be paid by bank transfer, or none'],
  ['GIFTCARD_BANK_TRANSFER_PERSON_THRESHOLD', '(profile)', 'personal order total that must be paid by bank transfer, or none'],
  ['GIFTCARD_RETURN_DAYS', '(profile)', 'days a card purchase may be returned unused (none = any time, 0 = never)'],
  ['GIFTCARD_RECORD_RETENTION_YEARS', '(profile)', 'years purchase records are kept at least'],
  ['GIFTCARD_CODE_SECRET', '(dev secret in the database)', 'HMAC-SHA256 key for card codes and buyer ID numbers (≥ 32 bytes)'],
  ['GIFTCARD_MAX_CARDS_PER_ORDER', '5', 'most gift cards one order may pay with'],
  ['GIFTCARD_REMINDER_DAYS', '30,7,1', 'days before expiry at which giftcard.expiring is emitted'],
  ['GIFTCARD_REFUND_EXTEND_DAYS', '30', 'days an expired card is extended when an order refund lands on it'],
  ['GIFTCARD_SWEEP_BATCH', '200', 'cards per expiry / reminder sweep run'],

  // coupons
  ['COUPON_EXPIRING_NOTICE_DAYS', '3', 'days before a coupon expires when `coupon.expiring` is emitted (and the wallet says "expires soon")'],

  // settlement
  ['RECONCILE_MAX_ROWS', '20000000', 'most rows in one reconciliation file'],
  ['RECONCILE_MAX_BYTES', '4294967296', 'largest reconciliation file (streamed, never held in memory)'],

  // checkout
  ['CHECKOUT_LOCK_TIMEOUT_S', '900', 'seconds a locked order holds its coupons and gift card amounts before they are released'],
  ['CHECKOUT_MAX_LINES', '200', 'most lines in one cart'],
  ['COUPON_ISSUE_BATCH', '200', 'shoppers per auto-issue transaction'],
];
