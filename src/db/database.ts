import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, type Transaction, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { ScripPostgresDialect } from './pg-introspector.js';
import { isStalePlan, preparingPool } from './pg-prepared.js';
import { ScripSqliteDialect, type SqliteStatements } from './sqlite-dialect.js';

export type DialectName = 'sqlite' | 'postgres';

/** A connection to Scrip's database: the query builder plus the dialect it speaks. */
export interface Db {
  readonly q: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data lives, for messages: a file path or a PostgreSQL URL without its password. */
  readonly location: string;
  /** SQLite: the connection's prepared statements, for execSql inside a transaction. */
  readonly sqlite?: SqliteStatements;
  destroy(): Promise<void>;
}

/** A database transaction in progress. Every mutation runs inside exactly one. */
export interface Tx {
  readonly q: Transaction<Database>;
  readonly dialect: DialectName;
  readonly sqlite?: SqliteStatements;
}

export interface OpenOptions {
  /** postgres://… to use PostgreSQL; absent for the embedded SQLite file. */
  databaseUrl?: string | undefined;
  /** Directory of the SQLite file (created when missing). */
  dataDir?: string;
  /** A SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  sqliteSynchronous?: 'full' | 'normal';
  /** PostgreSQL schema to work in (created when missing); tests use one per run. */
  pgSchema?: string;
  pgPoolSize?: number;
}

// bigint (int8) columns and COUNT(*) come back from pg as strings; money never exceeds 2^53.
pg.types.setTypeParser(20, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${text} exceeds the safe range`);
  return value;
});

/** Pages of WAL between automatic checkpoints (SQLite's default is 1,000). */
export const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000;

export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openSqlite(options);
}

function openSqlite(options: OpenOptions): Db {
  const file = options.sqliteFile ?? 'scrip.sqlite';
  let path = file;
  if (file !== ':memory:') {
    const dir = options.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    path = join(dir, file);
  }
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${options.sqliteSynchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: a ledger commit dirties index pages spread
  // over many accounts, and fewer, larger checkpoints write each hot page back once, not ten times.
  database.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
  database.pragma('busy_timeout = 10000');
  database.pragma('foreign_keys = ON');
  const dialect = new ScripSqliteDialect(database);
  const q = new Kysely<Database>({ dialect });
  return { q, dialect: 'sqlite', location: path, sqlite: dialect.statements, destroy: () => q.destroy() };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  }
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const q = new Kysely<Database>({ dialect: new ScripPostgresDialect({ pool: preparingPool(pool) }) });
  return { q, dialect: 'postgres', location: redactUrl(url), destroy: () => q.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

const commitHooks = new AsyncLocalStorage<CommitHook>();

/** Work to add to every transaction that commits while fn runs (and whatever fn starts). */
export type CommitHook = (tx: Tx) => Promise<void>;

/**
 * Runs fn with a commit hook: every transaction() in fn's asynchronous course runs the hook last,
 * inside the transaction. How a request marks its Idempotency-Key as carried out in the same
 * commit as its work (src/platform/idempotency.ts).
 */
export function withCommitHook<T>(hook: CommitHook, fn: () => T): T {
  return commitHooks.run(hook, fn);
}

const RETRYABLE_PG_CODES = new Set(['40001', '40P01']);
/**
 * Unique constraints whose violation means "another transaction got there first" and a retry
 * reads the winner: a ledger transfer id inserted concurrently (the ledger then answers exists).
 */
const RETRYABLE_UNIQUE_CONSTRAINTS = new Set(['ledger_transfers_id_key']);
const MAX_TRANSACTION_ATTEMPTS = 8;

/**
 * Runs fn in one database transaction. On PostgreSQL a serialization failure, a deadlock, a lost
 * race for a ledger transfer id or a prepared statement outdated by a migration is retried (the whole function runs again on fresh
 * data), so callers never see one. A commit hook in force (withCommitHook) runs inside the
 * transaction, after fn, so what it writes commits with fn's work or not at all.
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.q.transaction().execute(async (q) => {
        const tx: Tx = { q, dialect: db.dialect, ...(db.sqlite ? { sqlite: db.sqlite } : {}) };
        const result = await fn(tx);
        await commitHooks.getStore()?.(tx);
        return result;
      });
    } catch (error) {
      if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return (
    (typeof code === 'string' && RETRYABLE_PG_CODES.has(code)) ||
    (code === '23505' && typeof constraint === 'string' && RETRYABLE_UNIQUE_CONSTRAINTS.has(constraint)) ||
    isStalePlan(error)
  );
}

/** True when error is a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.q);
}

const dollarCache = new Map<string, string>();

/**
 * Runs one SQL statement written with `?` placeholders on either database (PostgreSQL gets
 * `$1…$n`). For the ledger's hot paths, where building a Kysely query per call costs more than
 * the statement itself; everything else uses the query builder.
 */
export async function execSql<R>(db: Db | Tx, text: string, params: readonly unknown[]): Promise<R[]> {
  // Inside a transaction the connection is already this caller's (Kysely holds its mutex), so on
  // SQLite the prepared statement runs directly, without the query builder's per-call machinery.
  if ('sqlite' in db && db.sqlite && isTransaction(db)) return db.sqlite.run<R>(text, params);
  let statement = text;
  if (db.dialect === 'postgres') {
    statement = dollarCache.get(text) ?? '';
    if (!statement) {
      let n = 0;
      statement = text.replace(/\?/g, () => `$${++n}`);
      if (dollarCache.size < 1000) dollarCache.set(text, statement);
    }
  }
  const result = await db.q.executeQuery<R>(CompiledQuery.raw(statement, [...params]));
  return result.rows as R[];
}

/**
 * execSql for queries whose rows are read column by column: each row as an array of its values
 * in select order. On SQLite no object is built per row (a third of reading a few hundred rows).
 */
export async function execSqlArrays(db: Db | Tx, text: string, params: readonly unknown[]): Promise<unknown[][]> {
  if ('sqlite' in db && db.sqlite && isTransaction(db)) return db.sqlite.rows(text, params);
  const rows = await execSql<Record<string, unknown>>(db, text, params);
  return rows.map((row) => Object.values(row));
}

/**
 * SQLite, inside a transaction: runs a multi-row INSERT into a table with an AUTOINCREMENT key and
 * returns the keys of its rows in VALUES order. SQLite gives each row in turn the next key, so the
 * last row's key gives them all, without RETURNING's extra pass over the rows.
 */
export function insertWithSeqs(tx: Tx, text: string, params: readonly unknown[], rows: number): number[] {
  if (!tx.sqlite || !isTransaction(tx)) throw new Error('insertWithSeqs runs on SQLite inside a transaction');
  const last = tx.sqlite.insert(text, params);
  return Array.from({ length: rows }, (_, i) => last - rows + 1 + i);
}

function isTransaction(db: Db | Tx): db is Tx {
  return db.q.isTransaction;
}

const placeholderCache: string[] = [];

/** `?, ?, …` for count parameters (built once per count: hot paths ask for the same few). */
export function placeholders(count: number): string {
  let text = placeholderCache[count];
  if (text === undefined) {
    text = Array.from({ length: count }, () => '?').join(', ');
    if (count <= 2000) placeholderCache[count] = text;
  }
  return text;
}

/**
 * Sets columns on many rows by primary key `id`. SQLite runs one cached single-row UPDATE per row
 * (an order of magnitude cheaper there than UPDATE … FROM VALUES); PostgreSQL gets one statement,
 * since its cost is the round trip.
 */
export async function updateRowsById(
  tx: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly [id: string, ...values: number[]])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (tx.dialect === 'sqlite') {
    const text = `update ${table} set ${columns.map((c) => `${c} = ?`).join(', ')} where id = ?`;
    for (const [id, ...values] of rows) await execSql(tx, text, [...values, id]);
    return;
  }
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const tuple = `(?${', cast(? as bigint)'.repeat(columns.length)})`;
    const sets = columns.map((c, k) => `${c} = v.column${k + 2}`).join(', ');
    // VALUES columns are named column1…columnN.
    await execSql(tx, `update ${table} set ${sets} from (values ${part.map(() => tuple).join(', ')}) as v where ${table}.id = v.column1`, part.flat());
  }
}
