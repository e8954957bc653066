/** Who is calling: an API key, a staff user, or a system job; and, through the storefront, which shopper. */

export const ROLES = [
  'admin',
  'operations',
  'finance',
  'customer_service',
  'auditor',
  'merchant',
  'storefront',
  'integration',
] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  kind: 'api_key' | 'staff' | 'shopper' | 'system' | 'anonymous';
  /** Stable id used for audit and idempotency scoping, e.g. `key:…`, `staff:…`, `job:…`. */
  id: string;
  role: Role | null;
  /** For the merchant role: the one merchant this caller may see. */
  merchantId?: string;
  /** Set when a storefront call carries a verified shopper token. */
  shopperId?: string;
  /** Human-readable name for history screens (key name, username, job name). */
  name?: string;
}

/** A principal plus where the call came from: what the audit log and card histories record. */
export interface Actor {
  principal: Principal;
  requestId: string | null;
  ip: string | null;
  /** api, console, storefront, job, cli */
  channel: string;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', role: null };

export function systemActor(job: string): Actor {
  return { principal: { kind: 'system', id: `job:${job}`, role: null, name: job }, requestId: null, ip: null, channel: 'job' };
}

export function cliActor(command: string): Actor {
  return { principal: { kind: 'system', id: `cli:${command}`, role: 'admin', name: `scrip ${command}` }, requestId: null, ip: null, channel: 'cli' };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
