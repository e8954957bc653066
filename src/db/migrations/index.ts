import type { CreateTableBuilder, Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../database.js';
import { ledgerMigration } from './001-ledger.js';
import { identityMigration } from './003-identity.js';
import { platformMigration } from './002-platform.js';
import { approvalsMigration } from './004-approvals.js';
import { webhooksMigration } from './005-webhooks.js';
import { giftcardsMigration } from './006-giftcards.js';
import { checkoutMigration } from './008-checkout.js';
import { couponsMigration } from './007-coupons.js';
import { settlementMigration } from './009-settlement.js';
import { checkout2Migration } from './010-checkout-2.js';
import { dashboardMigration } from './011-dashboard.js';
import { ledgerHistoryMigration } from './012-ledger-history.js';
import { ledgerTransferKeysMigration } from './013-ledger-transfer-keys.js';
import { ledgerHistoryInTransfersMigration } from './014-ledger-history-in-transfers.js';
import { cardMovesMigration } from './015-card-moves.js';

/** The few places where the two dialects' DDL differs. */
export interface MigrationContext {
  dialect: DialectName;
  /** Adds an auto-incrementing bigint primary key column named `name`. */
  seqColumn<T extends string>(table: CreateTableBuilder<T, never>, name: string): CreateTableBuilder<T, string>;
}

function contextFor(dialect: DialectName): MigrationContext {
  return {
    dialect,
    seqColumn: (table, name) =>
      dialect === 'postgres'
        ? table.addColumn(name, 'bigserial', (c) => c.primaryKey())
        : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement()),
  };
}

/** Every migration in order. Names sort lexically; never rename or edit one that has shipped. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const ctx = contextFor(dialect);
  const migrations: Record<string, Migration> = {
    '001-ledger': ledgerMigration(ctx),
    // 002 platform (api keys, audit log, events outbox, jobs)
    '002-platform': platformMigration(ctx),

    // 003 identity (staff users, sessions, shoppers, rate limits)
    '003-identity': identityMigration(ctx),

    // 004 approvals
    '004-approvals': approvalsMigration(ctx),

    // 005 webhooks
    '005-webhooks': webhooksMigration(ctx),

    // 006 gift cards
    '006-giftcards': giftcardsMigration(ctx),

    // 007 coupons
    '007-coupons': couponsMigration(ctx),

    // 008 checkout
    '008-checkout': checkoutMigration(ctx),

    // 009 settlement
    '009-settlement': settlementMigration(ctx),

    // 010 checkout, second part (lock request hash, refunds)
    '010-checkout-2': checkout2Migration(ctx),

    // 011 indexes for the dashboard's per-day counts
    '011-dashboard': dashboardMigration(ctx),

    // 012 balance history written at one end and moved into the account index in bulk
    '012-ledger-history': ledgerHistoryMigration(ctx),

    // 013 PostgreSQL: transfers without foreign keys to accounts (verify checks them)
    '013-ledger-transfer-keys': ledgerTransferKeysMigration(ctx),

    // 014 PostgreSQL: balance history kept in the transfer row
    '014-ledger-history-in-transfers': ledgerHistoryInTransfersMigration(ctx),

    // 015 the dashboard's gift card liability roll-up
    '015-card-moves': cardMovesMigration(ctx),
  };
  return { getMigrations: async () => migrations };
}
