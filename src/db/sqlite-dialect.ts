import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteDatabase,
} from 'kysely';

const STATEMENT_CACHE_LIMIT = 512;
/** Cache key prefix of statements prepared in raw (array rows) mode; no SQL text starts with it. */
const RAW_PREFIX = '\u0000raw:';

/** Each distinct SQL text prepared once, on the dialect's one connection. */
export class SqliteStatements {
  readonly #database: BetterSqlite3.Database;
  readonly #cache = new Map<string, BetterSqlite3.Statement>();

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
  }

  prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#cache.get(sql);
    if (statement === undefined) {
      statement = this.#database.prepare(sql);
      this.#remember(sql, statement);
    }
    return statement;
  }

  #remember(key: string, statement: BetterSqlite3.Statement): void {
    if (this.#cache.size >= STATEMENT_CACHE_LIMIT) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(key, statement);
  }

  /** Runs a query; its rows as arrays of column values (no object per row to build). */
  rows(sql: string, params: readonly unknown[]): unknown[][] {
    // Raw mode belongs to the prepared statement, so raw queries get their own cache entries.
    const key = `${RAW_PREFIX}${sql}`;
    let statement = this.#cache.get(key);
    if (statement === undefined) {
      statement = this.#database.prepare(sql).raw(true);
      this.#remember(key, statement);
    }
    return statement.all(...params) as unknown[][];
  }

  /** Runs an INSERT; the rowid of the last row it inserted. */
  insert(sql: string, params: readonly unknown[]): number {
    return Number(this.prepare(sql).run(...params).lastInsertRowid);
  }

  /** Runs one statement; its rows, or none for a statement that returns nothing. */
  run<R>(sql: string, params: readonly unknown[]): R[] {
    const statement = this.prepare(sql);
    if (statement.reader) return statement.all(...params) as R[];
    statement.run(...params);
    return [];
  }
}

/**
 * better-sqlite3 with its statements cached. Kysely's own SQLite driver prepares every
 * statement anew, which halves simple-query throughput.
 */
function withStatementCache(database: BetterSqlite3.Database, statements: SqliteStatements): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sql: string) => statements.prepare(sql) as unknown as ReturnType<SqliteDatabase['prepare']>,
  };
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so two processes on
 * one SQLite file queue on busy_timeout instead of failing when a reader upgrades to a writer.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ScripSqliteDialect implements Dialect {
  readonly #database: BetterSqlite3.Database;
  readonly statements: SqliteStatements;

  constructor(database: BetterSqlite3.Database) {
    this.#database = database;
    this.statements = new SqliteStatements(database);
  }

  createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: withStatementCache(this.#database, this.statements) });
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
