/** Who is calling: an API key, a staff user, a shopper (via the storefront), or a system job. */

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
  kind: 'api_key' | 'staff' | 'system' | 'anonymous';
  /** Stable id used for audit and idempotency scoping, e.g. `key:…`, `staff:…`. */
  id: string;
  role: Role | null;
  /** For the merchant role: the one merchant this caller may see. */
  merchantId?: string;
  /** Set when a storefront call carries a verified shopper token. */
  shopperId?: string;
  name?: string;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', role: null };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
