import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, type DialectName, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { PG_URL } from './databases.js';

/**
 * Several handles on ONE fresh database, as several processes would have: separate PostgreSQL
 * pools on one schema. On SQLite every handle is the same connection: better-sqlite3 is
 * synchronous, so a second connection in the same process waiting for the write lock would block
 * the event loop that has to commit the first (real processes on one file simply queue).
 */
export interface SharedDatabase {
  dbs: Db[];
  destroy(): Promise<void>;
}

let counter = 0;

export async function openSharedDatabase(dialect: DialectName, handles: number, poolSize = 4): Promise<SharedDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'scrip-shared-'));
    const db = await openDatabase({ dataDir: dir, sqliteSynchronous: 'normal' });
    await migrateToLatest(db);
    return {
      dbs: Array.from({ length: handles }, () => db),
      destroy: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `scrip_test_${process.pid}_shared_${Date.now().toString(36)}_${counter++}`;
  const dbs: Db[] = [];
  for (let i = 0; i < handles; i++) dbs.push(await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, pgPoolSize: poolSize }));
  await migrateToLatest(dbs[0] as Db);
  return {
    dbs,
    destroy: async () => {
      for (const db of dbs) await db.destroy();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
