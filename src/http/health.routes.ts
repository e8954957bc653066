import { Type } from 'typebox';
import type { Registry } from 'prom-client';
import { ping } from '../db/database.js';
import { problem } from '../errors.js';
import type { App, AppContext } from './context.js';

const Status = Type.Object({ status: Type.String() });

export function healthRoutes(ctx: AppContext, metrics: Registry) {
  return async function plugin(app: App): Promise<void> {
    app.get('/health', { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Status } } }, async () => ({ status: 'ok' }));

    app.get(
      '/ready',
      { schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: Status } } },
      async () => {
        try {
          await ping(ctx.db);
        } catch {
          throw problem('not_ready', 'the database does not answer');
        }
        return { status: 'ready' };
      },
    );

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(metrics.contentType);
      return metrics.metrics();
    });

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  };
}
