import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Actor } from '../platform/principal.js';

/** Who made this request and from where, as the audit log records it. */
export function requestActor(request: FastifyRequest): Actor {
  const principal = request.principal ?? ANONYMOUS;
  const channel = principal.kind === 'staff' ? 'console' : principal.shopperId !== undefined ? 'storefront' : 'api';
  return { principal, requestId: request.id, ip: request.ip, channel };
}
