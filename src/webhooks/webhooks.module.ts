import type { Module } from '../module.js';
import { deliverPending } from './deliver.js';
import { fanOutEvents } from './fan-out.js';
import { webhookDeliveriesRoutes } from './webhook-deliveries.routes.js';
import { webhooksRoutes } from './webhooks.routes.js';

export const webhooksModule: Module = {
  name: 'webhooks',
  routes: [
    { prefix: '/v1', plugin: webhooksRoutes },
    { prefix: '/v1', plugin: webhookDeliveriesRoutes },
  ],
  sweeps: [
    { name: 'webhooks.fan-out', everyMs: 1000, run: (ctx, now) => fanOutEvents(ctx.db, now) },
    { name: 'webhooks.deliver', everyMs: 1000, run: (ctx) => deliverPending(ctx) },
  ],
};
