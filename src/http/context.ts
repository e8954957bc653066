import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Module } from '../module.js';
import type { ApprovalKinds } from '../platform/approvals.js';

/** What every domain plugin is given: configuration, the database and the clock. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly modules: readonly Module[];
  /** Every module's approval kinds, by name. */
  readonly approvalKinds: ApprovalKinds;
}

/** The context of one process: its configuration, database, clock and the modules it runs. */
export function makeContext(config: Config, db: Db, clock: Clock, modules: readonly Module[]): AppContext {
  return { config, db, clock, modules, approvalKinds: Object.assign({}, ...modules.map((m) => m.approvalKinds ?? {})) };
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
