import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'scrip.mjs');

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

describe('scrip command', () => {
  it('names every bad configuration value and exits 2', async () => {
    const { code, out } = await run(['migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://x', TIME_ZONE: 'Mars/Base' });
    expect(code).toBe(2);
    expect(out).toContain('PORT="abc" must be a whole number');
    expect(out).toContain('DATABASE_URL must start with postgres://');
    expect(out).toContain('TIME_ZONE="Mars/Base" is not a known IANA time zone');
  });

  it('migrates and verifies a new database, and verify names a tampered account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrip-cli-'));
    const migrate = await run(['migrate'], { DATA_DIR: dir });
    expect(migrate.code).toBe(0);
    expect(migrate.out).toMatch(/migrate ok: \d+ applied/);
    const verify = await run(['verify'], { DATA_DIR: dir });
    expect([verify.code, verify.out.trim()]).toEqual([0, expect.stringMatching(/^verify ok: 0 accounts, 0 transfers/)]);
    const key = await run(['keys', 'create', '--role', 'finance'], { DATA_DIR: dir });
    expect(key.code).toBe(0);
    expect(key.out).toMatch(/^sk_live_[0-9A-Za-z]{32}\n/);
    const raw = new BetterSqlite3(join(dir, 'scrip.sqlite'));
    raw.prepare(`insert into ledger_accounts values ('tampered', 'x', 'CNY', 0, 5, 0, 0, 0, '{}', '2026-01-01T00:00:00.000Z')`).run();
    raw.close();
    const broken = await run(['verify'], { DATA_DIR: dir });
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('account tampered');
  });

  it('serves, prints its URLs and the demo key once, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrip-serve-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--no-jobs'], { env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' } });
    const out = await waitFor(child, /Admin API key \(shown once\): (sk_live_\w+)[\s\S]*\n\n/);
    const base = /API docs\s+(http:\/\/\S+)\/docs/.exec(out)?.[1] as string;
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const again = spawn(process.execPath, [BIN, 'serve', '--no-jobs'], { env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'warn' } });
    const second = await waitFor(again, /Health\s+http/);
    expect(second).not.toContain('Admin API key');
    const stopped = new Promise<number | null>((resolve) => again.on('close', resolve));
    again.kill('SIGTERM');
    expect(await stopped).toBe(0);
  });
});
