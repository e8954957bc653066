import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Db, type DialectName, openDatabase } from '../../src/db/database.js';
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.js';

export const PG_URL = process.env.TEST_DATABASE_URL;
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

let counter = 0;

/**
 * A fresh, migrated database of the given dialect: a temp SQLite file or a new PostgreSQL schema.
 * With `upTo`, only the migrations up to and including that one are applied.
 */
export async function openTestDb(dialect: DialectName, options: { poolSize?: number; upTo?: string } = {}): Promise<Db> {
  const migrated = (db: Db) => (options.upTo ? migrateUpTo(db, options.upTo) : migrateToLatest(db));
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'scrip-test-'));
    const db = await openDatabase({ dataDir: dir, sqliteSynchronous: 'normal' });
    await migrated(db);
    return withCleanup(db, async () => rmSync(dir, { recursive: true, force: true }));
  }
  if (!PG_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `scrip_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const db = await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, pgPoolSize: options.poolSize ?? 8 });
  await migrated(db);
  return withCleanup(db, async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });
}

function withCleanup(db: Db, cleanup: () => Promise<void>): Db {
  return {
    ...db,
    destroy: async () => {
      await db.destroy();
      await cleanup();
    },
  };
}

/**
 * Declares the same suite once per database. PostgreSQL suites are skipped (with a warning
 * from the global setup) when TEST_DATABASE_URL is unset; in CI it must be set.
 */
export function describeEachDb(
  title: string,
  body: (ctx: { db: () => Db; dialect: DialectName }) => void,
  dialects: readonly DialectName[] = DIALECTS,
): void {
  for (const dialect of dialects) {
    const declare = dialect === 'postgres' && !PG_URL ? describe.skip : describe;
    declare(`${title} [${dialect}]`, () => {
      let db: Db | undefined;
      beforeAll(async () => {
        db = await openTestDb(dialect);
      });
      afterAll(async () => {
        await db?.destroy();
      });
      body({
        db: () => {
          if (!db) throw new Error('database not open yet');
          return db;
        },
        dialect,
      });
    });
  }
}
