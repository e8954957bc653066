/** Configuration from the environment, validated once at start with a message per bad value. */

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
  /** How long a stored idempotent response is kept. */
  idempotencyTtlHours: number;
  /** How long one webhook POST may take before it counts as failed. */
  webhookTimeoutMs: number;
  /** Attempts per webhook delivery (per replay) before it is marked failed. */
  webhookMaxAttempts: number;
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
    idempotencyTtlHours: read.integer('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 90),
    webhookTimeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
    webhookMaxAttempts: read.integer('WEBHOOK_MAX_ATTEMPTS', 8, 1, 20),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
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
  ['IDEMPOTENCY_TTL_HOURS', '24', 'how long a stored Idempotency-Key response is replayed'],
  ['WEBHOOK_TIMEOUT_MS', '5000', 'how long one webhook POST may take'],
  ['WEBHOOK_MAX_ATTEMPTS', '8', 'attempts per webhook delivery before it is marked failed'],
];
