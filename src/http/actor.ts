import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Actor } from '../platform/principal.js';

/** The actor of an HTTP request: who, from where, through which channel. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal ?? ANONYMOUS;
  const channel = principal.kind === 'staff' ? 'console' : principal.shopperId ? 'storefront' : 'api';
  return { principal, requestId: request.id, ip: request.ip, channel };
}
