import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { reconcileFromCli } from '../../src/cli/reconcile.js';
import { loadConfig } from '../../src/config.js';
import { describeEachDb } from '../support/databases.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'scrip.mjs');

describeEachDb('scrip reconcile', ({ db }) => {
  it('loads, matches and writes the differences of a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrip-reconcile-'));
    const file = join(dir, 'bank.csv');
    writeFileSync(file, '\ufeffreference,type,amount,currency,time\nx-1,payment,1.00,CNY,2026-03-02 10:00\nx-2,refund,-2.50,CNY,2026-03-02 11:00\n');
    const out = join(dir, 'differences.csv');
    const lines = await reconcileFromCli(db(), loadConfig({}), file, { out }, new Date('2026-03-03T00:00:00Z'));
    expect(lines[0]).toMatch(/^reconcile run .+: 2 rows, period 2026-03-02T02:00:00.000Z to 2026-03-02T03:00:00.001Z$/);
    expect(lines.find((l) => l.includes('missing_ours'))).toMatch(/missing_ours\s+2\s+theirs\s+3.50/);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toContain('missing_ours,x-2,refund,3,CNY,2.50,,2.50');
  });
}, ['sqlite']);

it('scrip reconcile exits non-zero with the reason for a bad file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrip-reconcile-'));
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'reference,amount\nx,1\n');
  const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'reconcile', file], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn', DATABASE_URL: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
  expect(result.code).toBe(1);
  expect(result.out).toContain('reconcile_columns_missing');
});
