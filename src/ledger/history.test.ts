import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/support/databases.js';
import { type Db, execSql, transaction } from '../db/database.js';
import { HISTORY_MERGE_EVERY, lastEntriesSql, mergeBalanceHistory, moveRecentHistory } from './history.js';
import { balancesAfter, createAccounts, createTransfers, getAccount, listAccountHistory } from './ledger.js';
import type { Balances, TransferInput } from './types.js';
import { verifyLedger } from './verify.js';

const NOW = new Date('2026-04-01T00:00:00Z');

/** SQLite: rows in one of the history tables. */
async function count(db: Db, table: 'ledger_balances' | 'ledger_balances_recent', where = sql`1 = 1`): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db.q);
  return Number(rows[0]?.n);
}

/** History entries of the accounts whose ids start with prefix, wherever they are kept. */
async function entries(db: Db, prefix: string): Promise<number> {
  if (db.dialect === 'postgres') {
    const like = `${prefix}%`;
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from ledger_transfers where debit_account_id like ${like} and debit_after_debits_posted is not null)
           + (select count(*) from ledger_transfers where credit_account_id like ${like} and credit_after_debits_posted is not null) as n`.execute(db.q);
    return Number(rows[0]?.n);
  }
  const where = sql`account_id like ${`${prefix}%`}`;
  return (await count(db, 'ledger_balances', where)) + (await count(db, 'ledger_balances_recent', where));
}

const move = (id: string, from: string, to: string, amount: number): TransferInput => ({
  id,
  debit_account_id: from,
  credit_account_id: to,
  amount,
  currency: 'CNY',
  code: 'move',
});

async function pageThrough(db: Db, accountId: string, limit: number) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await listAccountHistory(db, accountId, { limit, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

describeEachDb('ledger balance history', ({ db, dialect }) => {
  it('reads history newest first, each entry with the balances after it (on SQLite across moved and recent entries)', async () => {
    await transaction(db(), (tx) => createAccounts(tx, ['h-src', 'h-dst'].map((id) => ({ id, code: 'history', currency: 'CNY' })), NOW));
    for (let i = 1; i <= 7; i++) {
      await transaction(db(), (tx) => createTransfers(tx, [move(`h-t${i}`, 'h-src', 'h-dst', i * 10)], NOW));
      if (i === 3) await transaction(db(), mergeBalanceHistory);
    }
    if (dialect === 'sqlite') {
      expect(await count(db(), 'ledger_balances', sql`account_id = 'h-dst'`)).toBe(3);
      expect(await count(db(), 'ledger_balances_recent', sql`account_id = 'h-dst'`)).toBe(4);
    }
    expect(await entries(db(), 'h-')).toBe(14);

    const items = await pageThrough(db(), 'h-dst', 2);
    expect(items.map((item) => item.transfer.id)).toEqual(['h-t7', 'h-t6', 'h-t5', 'h-t4', 'h-t3', 'h-t2', 'h-t1']);
    // credits after transfer i: 10 + 20 + … + 10·i
    expect(items.map((item) => item.balances.credits_posted)).toEqual([280, 210, 150, 100, 60, 30, 10]);
    expect(items.every((item) => item.balances.debits_posted === 0)).toBe(true);

    expect((await balancesAfter(db(), 'h-src', 'h-t2'))?.debits_posted).toBe(30);
    expect((await balancesAfter(db(), 'h-src', 'h-t6'))?.debits_posted).toBe(210);
    expect(await balancesAfter(db(), 'h-src', 'no-such-transfer')).toBeUndefined();
    expect(await balancesAfter(db(), 'h-other', 'h-t2')).toBeUndefined();
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it.runIf(dialect === 'sqlite')('verify compares each account with its last entry, wherever that entry is', async () => {
    await transaction(db(), (tx) => createAccounts(tx, ['v-a', 'v-b', 'v-c'].map((id) => ({ id, code: 'history', currency: 'CNY' })), NOW));
    await transaction(db(), (tx) => createTransfers(tx, [move('v-t1', 'v-a', 'v-b', 5)], NOW));
    await transaction(db(), mergeBalanceHistory);
    await transaction(db(), (tx) => createTransfers(tx, [move('v-t2', 'v-b', 'v-c', 2)], NOW));
    expect((await verifyLedger(db())).failure).toBeNull();

    // v-a's last entry was moved; v-c's is recent; v-b has one of each and the recent one is its last.
    const tamper = async (table: 'ledger_balances' | 'ledger_balances_recent', id: string, by: number) =>
      sql`update ${sql.table(table)} set credits_pending = credits_pending + ${by} where account_id = ${id}`.execute(db().q);
    for (const [table, id, detected] of [
      ['ledger_balances', 'v-a', true],
      ['ledger_balances_recent', 'v-c', true],
      ['ledger_balances_recent', 'v-b', true],
      ['ledger_balances', 'v-b', false],
    ] as const) {
      await tamper(table, id, 1);
      const { failure } = await verifyLedger(db());
      if (detected) expect(failure).toContain(`account ${id}: balances differ from its last history entry`);
      else expect(failure).toBeNull();
      await tamper(table, id, -1);
    }
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it.runIf(dialect === 'postgres')('verify compares each account with the side of its last transfer, and reports a transfer without history', async () => {
    await transaction(db(), (tx) => createAccounts(tx, ['w-a', 'w-b', 'w-c'].map((id) => ({ id, code: 'history', currency: 'CNY' })), NOW));
    await transaction(db(), (tx) => createTransfers(tx, [move('w-t1', 'w-a', 'w-b', 5)], NOW));
    await transaction(db(), (tx) => createTransfers(tx, [move('w-t2', 'w-b', 'w-c', 2)], NOW));
    expect((await verifyLedger(db())).failure).toBeNull();

    // w-b was credited by w-t1 and then debited by w-t2: only its side of w-t2 is its last entry.
    const tamper = (column: string, id: string, by: number) =>
      sql`update ledger_transfers set ${sql.ref(column)} = ${sql.ref(column)} + ${by} where id = ${id}`.execute(db().q);
    for (const [column, id, failure] of [
      ['debit_after_credits_pending', 'w-t2', 'account w-b: balances differ from its last history entry'],
      ['credit_after_debits_posted', 'w-t2', 'account w-c: balances differ from its last history entry'],
      ['debit_after_debits_posted', 'w-t1', 'account w-a: balances differ from its last history entry'],
      ['credit_after_credits_posted', 'w-t1', null],
    ] as const) {
      await tamper(column, id, 1);
      expect((await verifyLedger(db())).failure).toBe(failure);
      await tamper(column, id, -1);
    }
    await sql`update ledger_transfers set credit_after_credits_posted = null where id = 'w-t1'`.execute(db().q);
    expect((await verifyLedger(db())).failure).toBe('transfer w-t1: balance history is missing');
    await sql`update ledger_transfers set credit_after_credits_posted = 5 where id = 'w-t1'`.execute(db().q);
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it.runIf(dialect === 'sqlite')('the sweep moves recent history once enough entries wait', async () => {
    await transaction(db(), (tx) => createAccounts(tx, ['s-a', 's-b'].map((id) => ({ id, code: 'history', currency: 'CNY' })), NOW));
    await moveRecentHistory(db(), 0);
    expect(await count(db(), 'ledger_balances_recent')).toBe(0);
    for (let i = 1; i <= 3; i++) await transaction(db(), (tx) => createTransfers(tx, [move(`s-t${i}`, 's-a', 's-b', i)], NOW));
    expect(await moveRecentHistory(db(), 7)).toBe(0);
    expect(await count(db(), 'ledger_balances_recent')).toBe(6);
    await transaction(db(), (tx) => createTransfers(tx, [move('s-t4', 's-a', 's-b', 4)], NOW));
    expect(await moveRecentHistory(db(), 7)).toBe(8);
    expect(await count(db(), 'ledger_balances_recent')).toBe(0);
    const items = await pageThrough(db(), 's-b', 3);
    expect(items.map((item) => item.balances.credits_posted)).toEqual([10, 6, 3, 1]);
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it.runIf(dialect === 'sqlite')('the transfer that takes a multiple of the merge interval as its seq moves recent history', async () => {
    await transaction(db(), (tx) => createAccounts(tx, Array.from({ length: 50 }, (_, i) => ({ id: `m-${i}`, code: 'history', currency: 'CNY' })), NOW));
    const { rows } = await sql<{ seq: number | null }>`select max(seq) as seq from ledger_transfers`.execute(db().q);
    const start = Number(rows[0]?.seq ?? 0);
    const mergePoint = (Math.floor(start / HISTORY_MERGE_EVERY) + 1) * HISTORY_MERGE_EVERY;
    let made = 0;
    // Batches of 500 until the merge point is taken, then one more batch.
    for (let batch = 0; start + made < mergePoint + 500; batch++) {
      const inputs = Array.from({ length: 500 }, (_, k) => move(`m-t${batch}-${k}`, `m-${k % 50}`, `m-${(k + 1 + batch) % 50}`, 1));
      await transaction(db(), (tx) => createTransfers(tx, inputs, NOW));
      made += inputs.length;
    }
    expect(await count(db(), 'ledger_balances_recent', sql`transfer_seq <= ${mergePoint}`)).toBe(0);
    expect(await count(db(), 'ledger_balances_recent')).toBeLessThanOrEqual(1000);
    expect(await entries(db(), 'm-')).toBe(made * 2);
    const account = await getAccount(db(), 'm-7');
    const [newest] = (await listAccountHistory(db(), 'm-7', { limit: 1 })).items;
    expect(newest?.balances).toEqual({
      debits_pending: account?.debits_pending,
      debits_posted: account?.debits_posted,
      credits_pending: account?.credits_pending,
      credits_posted: account?.credits_posted,
    });
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it('concurrent writers (on SQLite with moves alongside) keep every entry exactly once', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `c-${i}`);
    await transaction(db(), (tx) => createAccounts(tx, ids.map((id) => ({ id, code: 'history', currency: 'CNY' })), NOW));
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; i < 15; i++) {
        const inputs = Array.from({ length: 5 }, (_, k) => move(`c-t${w}-${i}-${k}`, ids[(w + k) % 10] as string, ids[(w + k + 1 + (i % 9)) % 10] as string, 1));
        await transaction(db(), (tx) => createTransfers(tx, inputs, NOW));
        if (i % 4 === w % 4) await transaction(db(), mergeBalanceHistory);
      }
    });
    await Promise.all(writers);
    expect(await entries(db(), 'c-')).toBe(6 * 15 * 5 * 2);
    for (const id of ids) {
      const items = await pageThrough(db(), id, 7);
      const seqs = items.map((item) => item.transfer.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    expect((await verifyLedger(db())).failure).toBeNull();
  });

  it('every page, every balance after a transfer and every last entry before a moment match a replay', async () => {
    const ids = ['r-a', 'r-b', 'r-c', 'r-d'];
    await transaction(db(), (tx) => createAccounts(tx, ids.map((id) => ({ id, code: 'history', currency: 'CNY' })), NOW));
    const zero = (): Balances => ({ debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 0 });
    const balances = new Map(ids.map((id) => [id, zero()]));
    const expected = new Map<string, { transfer: string; balances: Balances }[]>(ids.map((id) => [id, []]));
    const snapshots: { moment: string; last: Map<string, Balances> }[] = [];
    // Batches of 1, 3, 9 and 20 transfers (both of PostgreSQL's statement forms), a second apart.
    let made = 0;
    for (let batch = 0; made < 330; batch++) {
      const at = new Date(NOW.getTime() + batch * 1000);
      snapshots.push({ moment: at.toISOString(), last: new Map([...balances].filter(([id]) => (expected.get(id) ?? []).length > 0).map(([id, b]) => [id, { ...b }])) });
      const inputs: TransferInput[] = [];
      const size = [1, 3, 9, 20][batch % 4] ?? 1;
      for (let k = 0; k < size; k++, made++) {
        const from = ids[made % 4] as string;
        const to = ids[(made + 1 + ((made >> 2) % 3)) % 4] as string;
        const amount = 1 + (made % 7);
        inputs.push(move(`r-t${made}`, from, to, amount));
        (balances.get(from) as Balances).debits_posted += amount;
        (balances.get(to) as Balances).credits_posted += amount;
        expected.get(from)?.push({ transfer: `r-t${made}`, balances: { ...(balances.get(from) as Balances) } });
        expected.get(to)?.push({ transfer: `r-t${made}`, balances: { ...(balances.get(to) as Balances) } });
      }
      await transaction(db(), (tx) => createTransfers(tx, inputs, at));
      if (batch % 5 === 4) await transaction(db(), mergeBalanceHistory);
    }

    for (const id of ids) {
      const newestFirst = [...(expected.get(id) ?? [])].reverse();
      for (const limit of [1, 3, 7, 50]) {
        const items = await pageThrough(db(), id, limit);
        expect(items.map((item) => ({ transfer: item.transfer.id, balances: item.balances }))).toEqual(newestFirst);
      }
      for (const entry of newestFirst.filter((_, i) => i % 5 === 0)) expect(await balancesAfter(db(), id, entry.transfer)).toEqual({ transfer_seq: expect.any(Number), ...entry.balances });
    }
    expect(await balancesAfter(db(), 'r-c', 'r-t0')).toBeUndefined();

    for (const { moment, last } of snapshots.filter((_, i) => i % 9 === 1)) {
      const rows = await execSql<Balances & { account_id: string }>(
        db(),
        `select b.account_id, b.debits_pending, b.debits_posted, b.credits_pending, b.credits_posted
         from ${lastEntriesSql(db().dialect, "a.id like 'r-%'", true)} as b order by b.account_id`,
        [moment, moment],
      );
      expect(new Map(rows.map(({ account_id, ...b }) => [account_id, { ...b }]))).toEqual(last);
    }
  });
});
