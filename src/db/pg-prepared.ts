import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Distinct statements a connection keeps prepared; later ones run unnamed (parsed each time). */
export const PREPARED_PER_CONNECTION = 500;

/**
 * A pg pool whose clients run every statement that has parameters as a named prepared
 * statement, so PostgreSQL parses and plans it once per connection instead of on every call
 * (the ledger's batch statement costs more to plan than to run). Each connection prepares at most
 * PREPARED_PER_CONNECTION distinct texts, which bounds the server memory they hold.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let preparing = wrapped.get(client);
      if (!preparing) {
        preparing = preparingClient(client);
        wrapped.set(client, preparing);
      }
      return preparing;
    },
    end: () => pool.end(),
  };
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed under it (a
 * migration added a column to a `select *`). The statement is then never prepared again on that
 * connection, and `transaction()` runs the whole transaction again.
 */
export function isStalePlan(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  const names = new Map<string, string>();
  const unprepared = new Set<string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_PER_CONNECTION && !unprepared.has(text)) {
      name = `scrip_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const query = (sqlOrCursor: unknown, parameters?: readonly unknown[]) => {
    if (typeof sqlOrCursor === 'string' && parameters && parameters.length > 0) {
      const text = sqlOrCursor;
      const name = nameOf(text);
      if (name) {
        return client.query({ name, text, values: [...parameters] }).catch((error: unknown) => {
          if (isStalePlan(error)) {
            names.delete(text);
            unprepared.add(text);
          }
          throw error;
        });
      }
    }
    return (client.query as (a: unknown, b?: unknown) => unknown)(sqlOrCursor, parameters);
  };
  return { query: query as PostgresPoolClient['query'], release: () => client.release() };
}
