import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Db, openDatabase, transaction } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/context.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import type { Module } from '../../src/module.js';
import { MODULES } from '../../src/modules.js';
import { createApiKey } from '../../src/platform/api-keys.js';
import type { Role } from '../../src/platform/principal.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

/**
 * The real server on a free port with a fresh SQLite database, and Debian's chromium driven by
 * playwright-core. Each browser suite gets its own server and browser.
 */

export interface Server {
  url: string;
  db: Db;
  app: App;
  /** A new API key of this role; returns the secret. */
  key(role: Role): Promise<string>;
  /** Calls the API as `secret`, failing the test on a non-2xx answer. */
  call<T>(secret: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /**
   * Demo mode with its seed, as `npm start`; 'base' seeds only merchants, shoppers and staff users
   * (with DEMO_PASSWORD), for tests that set up their own cards and coupons.
   */
  demo?: boolean | 'base';
  /** Modules added to the real ones (e.g. an approval kind for the approvals screens). */
  extraModules?: readonly Module[];
}

export async function startServer(options: ServerOptions = {}): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scrip-browser-'));
  const config = { ...loadConfig({}), dataDir, logLevel: 'silent' as const, jobs: false, sqliteSynchronous: 'normal' as const, demo: options.demo !== undefined && options.demo !== false };
  const db = await openDatabase(config);
  await migrateToLatest(db);
  const app = await buildApp(config, { db, logger: false, modules: [...MODULES, ...(options.extraModules ?? [])] });
  if (options.demo) await seedDemo(app, new Date(), options.demo === 'base' ? [] : undefined);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  let keys = 0;
  return {
    url,
    db,
    app,
    key: async (role) => {
      const created = await transaction(db, (tx) => createApiKey(tx, { name: `browser test ${role} ${++keys}`, role }, 'test', new Date()));
      return created.secret;
    },
    call: async <T>(secret: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: async () => {
      await app.close();
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium is not installed');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * A suite with a running server and browser. Skipped (the global setup prints why) when chromium
 * is missing locally; in CI the global setup has already failed the run in that case.
 */
export function describeBrowser(
  title: string,
  body: (ctx: { server(): Server; page(options?: BrowserContextOptions): Promise<Page> }) => void,
  serverOptions: ServerOptions = {},
): void {
  const declare = chromiumPath() ? describe : describe.skip;
  declare(`${title} [chromium]`, () => {
    let server: Server | undefined;
    let browser: Browser | undefined;
    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(serverOptions), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });
    body({
      server: () => {
        if (!server) throw new Error('server not started yet');
        return server;
      },
      page: async (options = {}) => {
        if (!browser) throw new Error('browser not started yet');
        const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', ...options });
        context.setDefaultTimeout(10_000);
        return context.newPage();
      },
    });
  });
}

const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** Saves docs/screenshots/<name>.png, only when SCREENSHOTS=1 (so ordinary runs change no files). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** expect.poll with room for a slow CI machine (the default gives up after one second). */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 50 });
}

/** Signs a demo staff user (DEMO_PASSWORD) into the console and waits until the session is on. */
export async function signIn(page: Page, url: string, username: string, path = '/console/'): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await eventually(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
}
