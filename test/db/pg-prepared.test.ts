import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, execSql, transaction } from '../../src/db/database.js';
import { PREPARED_PER_CONNECTION } from '../../src/db/pg-prepared.js';
import { PG_URL, openTestDb } from '../support/databases.js';

/** PostgreSQL connections prepare statements with parameters; a migration must not break them. */
(PG_URL ? describe : describe.skip)('prepared statements on PostgreSQL', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb('postgres', { poolSize: 1 });
    await sql`create table prepared_probe (id text primary key, amount bigint not null)`.execute(db.q);
    await execSql(db, 'insert into prepared_probe (id, amount) values (?, ?), (?, ?)', ['a', 1, 'b', 2]);
  });
  afterAll(async () => db.destroy());

  const prepared = async () =>
    (await execSql<{ name: string; statement: string }>(db, "select name, statement from pg_prepared_statements where name like 'scrip_%' and statement like ?", ['%prepared_probe%'])).map((r) => r.statement);

  it('prepares a statement with parameters once per connection and reuses it', async () => {
    for (const id of ['a', 'b', 'a']) await execSql(db, 'select * from prepared_probe where id = ?', [id]);
    expect((await prepared()).filter((s) => s.startsWith('select * from prepared_probe where id ='))).toHaveLength(1);
    expect(PREPARED_PER_CONNECTION).toBeGreaterThan(0);
  });

  it('survives a migration that changes what a prepared select returns', async () => {
    const read = (id: string) => transaction(db, (tx) => execSql<{ id: string; amount: number; note?: string }>(tx, 'select * from prepared_probe where id = ?', [id]));
    expect(await read('a')).toEqual([{ id: 'a', amount: 1 }]);
    await sql`alter table prepared_probe add column note text`.execute(db.q);
    // The first run meets the outdated plan; the transaction runs again unprepared and succeeds.
    expect(await read('a')).toEqual([{ id: 'a', amount: 1, note: null }]);
    expect(await read('b')).toEqual([{ id: 'b', amount: 2, note: null }]);
  });
});
