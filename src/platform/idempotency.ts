import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, titleOf } from '../errors.js';
import type { AppContext, App } from '../http/context.js';
import { canonicalJson } from '../json.js';
import { claimKey, claimStreamedKey, completeKey, releaseKey } from './idempotency.repo.js';

/**
 * Idempotency-Key on every POST: the first response is stored per caller and key and replayed
 * for a retry with the same request; the same key with another request is refused; a duplicate
 * arriving while the first is still running is refused instead of running twice.
 */

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const LOCK_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { caller: string; key: string };
  }
  interface FastifyContextConfig {
    /** The response carries a secret shown once: a retry learns it succeeded, never the secret. */
    issuesSecret?: boolean;
  }
}

/** Keys are scoped per caller and, behind one storefront key, per shopper. */
export function callerOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (!principal) return 'anonymous';
  return principal.shopperId && principal.kind !== 'shopper' ? `${principal.id}|shopper:${principal.shopperId}` : principal.id;
}

/** How long a stored answer is replayed. */
const ttlMsOf = (ctx: AppContext) => ctx.config.idempotencyTtlHours * 3_600_000;

/** What a request's hash starts with; its body follows (canonical JSON, or the streamed bytes). */
const requestLine = (request: FastifyRequest) => `${request.method} ${request.url}\n`;

export function registerIdempotency(app: App, ctx: AppContext): void {
  const ttlMs = ttlMsOf(ctx);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const { carriesSecrets, streamedBody } = request.routeOptions.config;
    if (request.method !== 'POST' || carriesSecrets || streamedBody) return;
    const header = keyOf(request);
    if (header === undefined) return;
    const caller = callerOf(request);
    const requestHash = createHash('sha256')
      .update(`${requestLine(request)}${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const claim = await claimKey(ctx.db, { caller, key: header, requestHash, now: ctx.clock.now(), lockMs: LOCK_MS, ttlMs });
    switch (claim.kind) {
      case 'fresh':
        request.idempotency = { caller, key: header };
        return;
      case 'replay':
        return reply.code(claim.status).header('idempotent-replayed', 'true').type(claim.type).send(claim.body);
      case 'mismatch':
        throw problem('idempotency_key_reused', 'this Idempotency-Key was first used with a different request');
      case 'in_progress':
        throw problem('idempotency_request_in_progress', undefined, { retryAfterS: 1 });
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    request.idempotency = undefined;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (reply.statusCode >= 500 || body === undefined) {
      await releaseKey(ctx.db, claimed.caller, claimed.key);
    } else if (request.routeOptions.config.issuesSecret && reply.statusCode < 300) {
      const replay = problem('idempotency_secret_not_replayable');
      const stored = JSON.stringify({ type: `urn:scrip:problem:${replay.code}`, title: titleOf(replay.code, 'en'), status: replay.status, code: replay.code });
      await completeKey(ctx.db, claimed.caller, claimed.key, replay.status, 'application/problem+json; charset=utf-8', stored);
    } else {
      const type = String(reply.getHeader('content-type') ?? 'application/json');
      await completeKey(ctx.db, claimed.caller, claimed.key, reply.statusCode, type, body);
    }
    return payload;
  });
}

function keyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw problem('idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return header;
}

/** How long a streamed request holds its key before a retry may take it over. */
const STREAM_LOCK_MS = 15 * 60_000;

export type StreamedIdempotency =
  | { kind: 'run'; body: AsyncIterable<Buffer>; complete(status: number, type: string, payload: string): Promise<void>; release(): Promise<void> }
  | { kind: 'replay'; status: number; type: string; body: string };

/**
 * Idempotency-Key for a route whose body is a stream (route config `streamedBody`), which the
 * preHandler cannot hash before the handler reads it. The request's hash covers the method, URL
 * and body bytes. A fresh key: the handler reads `body` (hashed as it passes), then calls
 * `complete` with its answer, or `release` when it fails (a retry then runs again). A key already
 * answered: the body is read here (up to `limits.maxBytes`) and hashed; the same request gets the
 * stored answer to replay, another one `idempotency_key_reused`. A key whose request is still running:
 * `idempotency_request_in_progress`.
 */
export async function streamedIdempotency(ctx: AppContext, request: FastifyRequest, body: Readable, limits: { maxBytes: number }): Promise<StreamedIdempotency> {
  const key = keyOf(request);
  const hash = createHash('sha256').update(requestLine(request));
  // Stopping early (a bad row, a limit) must not destroy the request: the answer still has to go
  // out on its socket, and the caller drains the rest.
  const chunks = () => body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>;
  const hashing = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of chunks()) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      hash.update(bytes);
      yield bytes;
    }
  };
  if (key === undefined) return { kind: 'run', body: chunks() as AsyncIterable<Buffer>, complete: async () => {}, release: async () => {} };
  const caller = callerOf(request);
  const claim = await claimStreamedKey(ctx.db, {
    caller,
    key,
    now: ctx.clock.now(),
    lockMs: STREAM_LOCK_MS,
    ttlMs: ttlMsOf(ctx),
  });
  if (claim.kind === 'in_progress') {
    body.resume();
    throw problem('idempotency_request_in_progress', undefined, { retryAfterS: 1 });
  }
  if (claim.kind === 'done') {
    // The answered request fitted the route's limit; a longer body cannot be the same one.
    let bytes = 0;
    for await (const chunk of hashing()) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) break;
    }
    if (bytes > limits.maxBytes || hash.digest('hex') !== claim.requestHash) {
      body.resume();
      throw problem('idempotency_key_reused', 'this Idempotency-Key was first used with a different request');
    }
    return { kind: 'replay', status: claim.status, type: claim.type, body: claim.body };
  }
  return {
    kind: 'run',
    body: hashing(),
    complete: (status, type, payload) => completeKey(ctx.db, caller, key, status, type, payload, hash.digest('hex')),
    release: () => releaseKey(ctx.db, caller, key),
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body is a stream the handler reads; it applies Idempotency-Key itself (streamedIdempotency). */
    streamedBody?: boolean;
    /**
     * The request body carries a secret (a password): Idempotency-Key is ignored, since even the
     * stored request hash would be an unsalted fast hash of the password.
     */
    carriesSecrets?: boolean;
  }
}
