import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backupDatabase, BackupError, backupFromCli, restoreDatabase } from '../../src/cli/backup.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, transaction } from '../../src/db/database.js';
import { paymentsClearing } from '../../src/ledger/chart.js';
import { requireTransfers } from '../../src/ledger/ledger.js';
import { periodOf } from '../../src/settlement/time-zone.js';
import { couponReports, liabilityReport, merchantReport, trialBalance } from '../../src/settlement/reports.js';
import { verifyAll } from '../../src/verify.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';
import { LEDGER_MONTH_CHECKS, seedLedgerMonth } from './ledger-month.js';

const ZONE = 'Asia/Shanghai';

describeEachDb(
  'backup and restore',
  ({ db }) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(db());
      await seedLedgerMonth(db());
    }, 120_000);
    afterAll(async () => t.app.close());

    const figures = async (database: Parameters<typeof verifyAll>[0]) => {
      const period = periodOf('2026-03-01', '2026-03-31', ZONE);
      return {
        verify: (await verifyAll(database, LEDGER_MONTH_CHECKS)).summary,
        liability: await liabilityReport(database, period, ZONE),
        coupons: await couponReports(database, period, ZONE),
        merchants: await merchantReport(database, period, ZONE),
        trial: await trialBalance(database, periodOf('2026-04-30', '2026-04-30', ZONE), ZONE),
      };
    };

    it('backs up while serving and restores to identical verify and report figures', async () => {
      const before = await figures(db());
      expect(before.verify).toMatch(/^verify ok/);
      const dir = mkdtempSync(join(tmpdir(), 'scrip-backup-'));
      const target = join(dir, 'scrip-backup.sqlite');
      // The server keeps answering while the copy runs.
      const [pages, health] = await Promise.all([backupDatabase(db().location, target), t.app.inject({ url: '/v1/settlement/reports/trial-balance?date=2026-03-31', headers: await t.as('finance') })]);
      expect(pages).toBeGreaterThan(0);
      expect(health.statusCode).toBe(200);
      // Written after the backup: the restore must not have it.
      await transaction(db(), (tx) =>
        requireTransfers(tx, [{ id: 'after-backup', debit_account_id: paymentsClearing('CNY'), credit_account_id: 'card:c1', amount: 1, currency: 'CNY', code: 'giftcard.reload' }], new Date('2026-04-20T00:00:00Z')),
      );
      expect((await figures(db())).verify).not.toBe(before.verify);

      const restoredDir = mkdtempSync(join(tmpdir(), 'scrip-restored-'));
      await restoreDatabase(target, join(restoredDir, 'scrip.sqlite'));
      const restored = await openDatabase({ dataDir: restoredDir });
      try {
        expect(await figures(restored)).toEqual(before);
      } finally {
        await restored.destroy();
      }
    });

    it('refuses to overwrite, a file that is not a Scrip database, and PostgreSQL', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'scrip-backup-'));
      const junk = join(dir, 'junk.sqlite');
      writeFileSync(junk, 'not a database');
      await expect(backupDatabase(db().location, junk)).rejects.toThrow(/exists/);
      await expect(restoreDatabase(junk, join(dir, 'scrip.sqlite'))).rejects.toBeInstanceOf(BackupError);
      await expect(restoreDatabase(join(dir, 'missing.sqlite'), join(dir, 'scrip.sqlite'))).rejects.toThrow(/no backup/);
      await expect(backupFromCli({ ...loadConfig({}), databaseUrl: 'postgres://x/y' }, join(dir, 'b'))).rejects.toThrow(/pg_dump/);
    });
  },
  ['sqlite'],
);
