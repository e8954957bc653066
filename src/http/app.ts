import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { type Db, openDatabase } from '../db/database.js';
import { problem } from '../errors.js';
import type { Module } from '../module.js';
import { MODULES } from '../modules.js';
import { registerIdempotency } from '../platform/idempotency.js';
import { registerAccessTable, registerAuthentication } from './access.js';
import { type App, type AppContext, makeContext } from './context.js';
import { healthRoutes } from './health.routes.js';
import { registerMetrics } from './metrics.js';
import { REDACT_PATHS } from './redact.js';
import { sendProblem, toProblem } from './problem.js';
import { webRoutes } from './web.js';

export interface BuildOptions {
  /** An open, migrated database; when absent one is opened from config (caller migrates). */
  db?: Db;
  clock?: Clock;
  /** The domains to assemble; defaults to all of them. */
  modules?: readonly Module[];
  /** Fastify logger options or false; defaults to JSON logs at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  /** Where the built console and storefront live (web/dist by default; see src/http/web.ts). */
  webDistDir?: string;
}

/** Given options are kept, but the secret paths of src/http/redact.ts are always redacted. */
function loggerOptions(config: Config, given: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (given === false) return false;
  const options = typeof given === 'object' && given !== null ? given : {};
  return { level: config.logLevel, ...options, redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } };
}

/** A hop count means: believe that many proxies in front of us. */
function trustProxyOption(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Assembles the HTTP API without listening, so tests drive it with app.inject(). */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const db = options.db ?? (await openDatabase(config));
  const modules = options.modules ?? MODULES;
  const ctx: AppContext = makeContext(config, db, options.clock ?? systemClock, modules);
  const app: App = Fastify({
    logger: loggerOptions(config, options.logger),
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerAccessTable(app);
  app.setErrorHandler((error, request, reply) => {
    const rendered = toProblem(error);
    if (rendered.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, rendered);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, problem('route_not_found', `${request.method} ${request.url.split('?')[0]} is not a route`)),
  );
  const metrics = registerMetrics(app);
  // Cookies must be parsed before the authentication hook reads the session cookie.
  await app.register(cookie);
  registerAuthentication(app, ctx);
  registerIdempotency(app, ctx);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Scrip API',
        version: '0.1.0',
        description: 'Gift cards and platform coupons on an exact double-entry ledger. Amounts are integers in minor units (fen).',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(ctx, metrics));
  for (const module of modules) {
    for (const { prefix, plugin } of module.routes ?? []) await app.register(plugin(ctx), { prefix });
  }
  // web: the built console (/console) and storefront (/shop), served as static files.
  await app.register(webRoutes(ctx, options.webDistDir));
  if (!options.db) app.addHook('onClose', async () => db.destroy());
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
