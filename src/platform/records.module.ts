import type { Module } from '../module.js';
import { auditRoutes } from './audit.routes.js';
import { eventsRoutes } from './events.routes.js';
import { jobsRoutes } from './jobs.routes.js';

/** The platform's own records through the API: the audit log, the events outbox, background jobs. */
export const recordsModule: Module = {
  name: 'records',
  routes: [
    { prefix: '/v1', plugin: auditRoutes },
    { prefix: '/v1', plugin: eventsRoutes },
    { prefix: '/v1', plugin: jobsRoutes },
  ],
};
