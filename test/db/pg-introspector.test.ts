import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { PG_URL, openTestDb } from '../support/databases.js';

/** Migrations look only at Scrip's own schema, so other schemas coming and going cannot upset them. */
(PG_URL ? describe : describe.skip)('introspection on PostgreSQL', () => {
  let db: Db;
  let admin: pg.Client;
  const others = Array.from({ length: 12 }, (_, i) => `scrip_introspect_${process.pid}_${i}`);

  beforeAll(async () => {
    db = await openTestDb('postgres');
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
  });
  afterAll(async () => {
    for (const schema of others) await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    await db.destroy();
  });

  it('lists the tables of its own schema only', async () => {
    await admin.query(`create schema if not exists ${others[0]}`);
    await admin.query(`create table if not exists ${others[0]}.not_ours (id bigserial primary key)`);
    const tables = await db.q.introspection.getTables();
    expect(tables.map((t) => t.name)).toContain('ledger_transfers');
    expect(tables.map((t) => t.name)).not.toContain('not_ours');
    expect(new Set(tables.map((t) => t.schema)).size).toBe(1);
    const transfers = tables.find((t) => t.name === 'ledger_transfers');
    expect(transfers?.columns.find((c) => c.name === 'seq')).toMatchObject({ isAutoIncrementing: true, isNullable: false });
    expect(tables.map((t) => t.name)).not.toContain('kysely_migration');
    expect((await db.q.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name)).toContain('kysely_migration');
  });

  it('migrates while other schemas are created and dropped around it', async () => {
    let churning = true;
    const churn = (async () => {
      while (churning) {
        for (const schema of others) {
          await admin.query(`create schema if not exists ${schema}`);
          await admin.query(`create table if not exists ${schema}.t (id bigserial primary key, note text)`);
        }
        for (const schema of others) await admin.query(`drop schema if exists ${schema} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 20; i++) expect((await migrateToLatest(db)).applied).toEqual([]);
    } finally {
      churning = false;
      await churn;
    }
  });
});
