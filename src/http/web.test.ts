import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { describeEachDb } from '../../test/support/databases.js';
import { buildApp } from './app.js';
import type { App } from './context.js';

const INDEX = (name: string) =>
  `<!doctype html><html><head><meta name="scrip-time-zone" content="Asia/Shanghai" /><meta name="scrip-currency" content="CNY" /><title>${name}</title></head><body><div id="root"></div></body></html>`;

function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scrip-web-'));
  for (const name of ['console', 'shop']) {
    mkdirSync(join(dir, name, 'assets'), { recursive: true });
    writeFileSync(join(dir, name, 'index.html'), INDEX(name));
    writeFileSync(join(dir, name, 'assets', 'index-abc123.js'), `console.log(${JSON.stringify(name)});`);
  }
  return dir;
}

// Static serving touches no storage, so one database is enough.
describeEachDb(
  'web apps served by the API process',
  ({ db }) => {
    let dist: string;
    let app: App;
    let bare: App;
    beforeAll(async () => {
      dist = fakeDist();
      const config = { ...loadConfig({}), timeZone: 'Europe/Paris', defaultCurrency: 'EUR' };
      const clock = new ManualClock('2026-03-01T00:00:00.000Z');
      app = await buildApp(config, { db: db(), clock, logger: false, webDistDir: dist });
      bare = await buildApp(config, { db: db(), clock, logger: false, webDistDir: join(dist, 'missing') });
    });
    afterAll(async () => {
      await app.close();
      await bare.close();
      rmSync(dist, { recursive: true, force: true });
    });

    it('redirects the bare app path to its trailing slash', async () => {
      const res = await app.inject('/console');
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/console/');
    });

    it.each(['/console/', '/console/ledger/accounts/a1', '/console/index.html', '/shop/', '/shop/wallet'])('answers %s with the app, without signing in', async (url) => {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.body).toContain(`<title>${url.split('/')[1]}</title>`);
    });

    it('writes the platform time zone and currency into the page', async () => {
      const res = await app.inject('/shop/');
      expect(res.body).toContain('<meta name="scrip-time-zone" content="Europe/Paris" />');
      expect(res.body).toContain('<meta name="scrip-currency" content="EUR" />');
    });

    it('serves hashed assets with a long cache, and 404s a missing one as problem+json', async () => {
      const asset = await app.inject('/console/assets/index-abc123.js');
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect(asset.body).toBe('console.log("console");');
      const missing = await app.inject('/console/assets/index-nope.js');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers HEAD on the app like GET', async () => {
      const res = await app.inject({ method: 'HEAD', url: '/console/' });
      expect(res.statusCode).toBe(200);
    });

    it('never serves files outside the app directory', async () => {
      writeFileSync(join(dist, 'secret.txt'), 'outside');
      for (const url of ['/console/..%2fsecret.txt', '/console/..%2f..%2fpackage.json', '/shop/assets/..%2f..%2fconsole%2fassets%2findex-abc123.js', '/shop/..%5csecret.txt']) {
        const res = await app.inject(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.body, url).not.toContain('outside');
        expect(res.body, url).not.toContain('console.log');
      }
    });

    it('explains, without crashing, when the apps are not built', async () => {
      const html = await bare.inject({ url: '/console/', headers: { accept: 'text/html' } });
      expect(html.statusCode).toBe(503);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.body).toContain('npm run build:web');
      const json = await bare.inject({ url: '/shop/wallet', headers: { accept: 'application/json' } });
      expect(json.statusCode).toBe(503);
      expect(json.json()).toMatchObject({ code: 'not_ready' });
      expect(json.json().detail).toContain('npm run build:web');
    });

    it('keeps the API access rules for everything else', async () => {
      expect((await app.inject('/v1/ledger/accounts/x')).statusCode).toBe(401);
      expect((await app.inject('/consoles')).statusCode).toBe(404);
    });
  },
  ['sqlite'],
);

describe('the default web/dist location', () => {
  it('is web/dist at the repository root', async () => {
    const { DEFAULT_WEB_DIST } = await import('./web.js');
    expect(DEFAULT_WEB_DIST.replace(/\\/g, '/')).toMatch(/\/web\/dist$/);
  });
});
