import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

const BALANCES = ['debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'];
const SIDES = ['debit', 'credit'] as const;

/**
 * On PostgreSQL, balance history moves into the transfer row (src/ledger/history.ts): eight
 * columns, the debit and the credit account's balances right after the transfer, filled from
 * the history tables, and indexes on (debit_account_id, seq) and (credit_account_id, seq); the
 * history tables are dropped. A transfer without history rows keeps empty columns, which
 * `scrip verify` reports.
 *
 * Like every migration it runs in one transaction, so the ledger's writers wait for it: it
 * rewrites each transfer once (about 30 s per million transfers on the benchmark machine;
 * docs/OPERATIONS.md). SQLite keeps its history tables.
 */
export function ledgerHistoryInTransfersMigration({ dialect }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      const columns = SIDES.flatMap((side) => BALANCES.map((balance) => `${side}_after_${balance}`));
      await sql.raw(`alter table ledger_transfers ${columns.map((column) => `add column ${column} bigint`).join(', ')}`).execute(db);
      const history = `(select account_id, transfer_seq, ${BALANCES.join(', ')} from ledger_balances
                        union all select account_id, transfer_seq, ${BALANCES.join(', ')} from ledger_balances_recent)`;
      const side = (name: (typeof SIDES)[number], alias: string) =>
        `left join ${history} as ${alias} on ${alias}.transfer_seq = t.seq and ${alias}.account_id = t.${name}_account_id`;
      await sql
        .raw(
          `update ledger_transfers as target
           set ${SIDES.flatMap((name) => BALANCES.map((balance) => `${name}_after_${balance} = f.${name}_${balance}`)).join(', ')}
           from (
             select t.seq, ${SIDES.flatMap((name) => BALANCES.map((balance) => `${name[0]}.${balance} as ${name}_${balance}`)).join(', ')}
             from ledger_transfers t ${side('debit', 'd')} ${side('credit', 'c')}
           ) as f
           where target.seq = f.seq`,
        )
        .execute(db);
      for (const name of SIDES) {
        await db.schema.createIndex(`ledger_transfers_${name}_history`).on('ledger_transfers').columns([`${name}_account_id`, 'seq']).execute();
      }
      await db.schema.dropTable('ledger_balances_recent').execute();
      await db.schema.dropTable('ledger_balances').execute();
    },
  };
}
