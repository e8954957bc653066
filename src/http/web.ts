import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../errors.js';
import type { App, AppContext } from './context.js';
import { sendProblem } from './problem.js';

/**
 * Serves the two web apps built by `npm run build:web` (web/dist/console, web/dist/shop) from
 * the API process: hashed assets with a long cache, every other path under the app answered
 * with its index.html (single-page routing). Routes under /console and /shop are public in the
 * access table; the apps call the API like any other client.
 */

export const WEB_APPS = ['console', 'shop'] as const;
export type WebApp = (typeof WEB_APPS)[number];

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const YEAR_MS = 365 * 24 * 3_600_000;
const ASSET = /^assets\/[A-Za-z0-9._-]+$/;
const HTML_SECURITY_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** Whether both apps have been built into distDir (for the start-up banner). */
export function webBuilt(distDir: string = DEFAULT_WEB_DIST): boolean {
  return WEB_APPS.every((name) => existsSync(join(distDir, name, 'index.html')));
}

export function webRoutes(ctx: AppContext, distDir: string = DEFAULT_WEB_DIST) {
  return async function plugin(app: App): Promise<void> {
    // Encapsulated (not fastify-plugin), so `reply.sendFile` exists only inside this plugin.
    await app.register(fastifyStatic, { root: distDir, serve: false });
    for (const name of WEB_APPS) registerApp(app, ctx, name, join(distDir, name));
  };
}

// Public like every route under /console and /shop (access.ts); said here too so the HEAD
// routes Fastify derives from these GET routes carry it.
const PUBLIC_ROUTE = { schema: { hide: true }, config: { access: { public: true as const } } };

function registerApp(app: App, ctx: AppContext, name: WebApp, root: string): void {
  const indexFile = join(root, 'index.html');
  app.get(`/${name}`, PUBLIC_ROUTE, async (_request, reply) => reply.redirect(`/${name}/`, 302));
  app.get<{ Params: { '*': string } }>(`/${name}/*`, PUBLIC_ROUTE, async (request, reply) => {
    const path = request.params['*'];
    if (!existsSync(indexFile)) return notBuilt(request, reply, name);
    // `send` refuses these too; refusing here keeps the answer a plain 404.
    if (path.split(/[/\\]/).some((segment) => segment === '..') || path.includes('\0')) return reply.callNotFound();
    if (ASSET.test(path)) return reply.sendFile(path, root, { maxAge: YEAR_MS, immutable: true });
    // A last segment with a dot is a file name (favicon.svg, robots.txt): serve it or 404.
    if (/\.[A-Za-z0-9]+$/.test(path) && path !== 'index.html') return reply.sendFile(path, root);
    const html = await readFile(indexFile, 'utf8');
    return reply.headers(HTML_SECURITY_HEADERS).type('text/html; charset=utf-8').send(withPlatformSettings(html, ctx));
  });
}

/** The apps read the platform's time zone and currency from meta tags filled in here. */
function withPlatformSettings(html: string, ctx: AppContext): string {
  return html
    .replace(/(<meta name="scrip-time-zone" content=")[^"]*(")/, `$1${escapeAttribute(ctx.config.timeZone)}$2`)
    .replace(/(<meta name="scrip-currency" content=")[^"]*(")/, `$1${escapeAttribute(ctx.config.defaultCurrency)}$2`);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const NOT_BUILT_DETAIL = 'the web apps are not built: run `npm run build:web` (or `npm start`, which builds them)';

function notBuilt(request: FastifyRequest, reply: FastifyReply, name: WebApp): FastifyReply {
  const accept = request.headers.accept ?? '';
  if (!accept.includes('text/html')) return sendProblem(request, reply, problem('not_ready', `/${name}: ${NOT_BUILT_DETAIL}`));
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Scrip — not built</title>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>The ${name === 'console' ? 'console' : 'storefront'} is not built yet</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p lang="zh-CN">前端尚未构建：请运行 <code>npm run build:web</code>（或 <code>npm start</code>），然后刷新此页面。</p>`;
  return reply.code(503).headers(HTML_SECURITY_HEADERS).type('text/html; charset=utf-8').send(page);
}
