import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, titleOf } from '../errors.js';
import type { AppContext, App } from '../http/context.js';
import { type Tx, withCommitHook } from '../db/database.js';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.js';
import { canonicalJson } from '../json.js';
import { claimKey, claimStreamedKey, completeKey, markExecuted, releaseKey } from './idempotency.repo.js';

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

  /** The key this request holds, or undefined when it runs without one; or the replay is sent. */
  async function claim(request: FastifyRequest, reply: FastifyReply): Promise<{ caller: string; key: string } | undefined> {
    const { carriesSecrets, streamedBody } = request.routeOptions.config;
    if (request.method !== 'POST' || carriesSecrets || streamedBody) return undefined;
    const header = keyOf(request);
    if (header === undefined) return undefined;
    const caller = callerOf(request);
    const requestHash = createHash('sha256')
      .update(`${requestLine(request)}${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const claimed = await claimKey(ctx.db, { caller, key: header, requestHash, now: ctx.clock.now(), lockMs: LOCK_MS, ttlMs });
    switch (claimed.kind) {
      case 'fresh':
        return { caller, key: header };
      case 'replay':
        reply.code(claimed.status).header('idempotent-replayed', 'true').type(claimed.type).send(claimed.body);
        return undefined;
      case 'mismatch':
        throw problem('idempotency_key_reused', 'this Idempotency-Key was first used with a different request');
      case 'in_progress':
        throw problem('idempotency_request_in_progress', undefined, { retryAfterS: 1 });
      case 'answer_lost':
        throw problem('idempotency_answer_unavailable', 'the first request with this Idempotency-Key was carried out, but it ended before its answer was stored');
    }
  }

  // The handler runs with a commit hook: every transaction it commits also marks the key as
  // carried out, so a retry after a crash between that commit and the stored answer cannot run
  // the work twice. Once the answer is on its way (onSend) the hook does nothing.
  app.addHook('preHandler', (request, reply, done) => {
    claim(request, reply).then(
      (claimed) => {
        if (reply.sent) return;
        if (!claimed) return done();
        request.idempotency = claimed;
        const markIfClaimed = async (tx: Tx) => {
          if (request.idempotency === claimed) await markExecuted(tx, claimed.caller, claimed.key);
        };
        withCommitHook(markIfClaimed, () => done());
      },
      (error: Error) => done(error),
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    request.idempotency = undefined;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const { issuesSecret } = request.routeOptions.config;
    // A failure, or an answer that is a stream, is not kept: the key is freed so a retry runs,
    // unless the work had committed, when a retry must not run it again.
    if ((reply.statusCode >= 500 || body === undefined) && (await releaseKey(ctx.db, claimed.caller, claimed.key))) return payload;
    if (body === undefined || (issuesSecret && reply.statusCode < 300)) {
      const code = body === undefined ? 'idempotency_answer_unavailable' : 'idempotency_secret_not_replayable';
      await completeKey(ctx.db, claimed.caller, claimed.key, problem(code).status, PROBLEM_CONTENT_TYPE, storedProblem(code));
    } else {
      const type = String(reply.getHeader('content-type') ?? 'application/json');
      await completeKey(ctx.db, claimed.caller, claimed.key, reply.statusCode, type, body);
    }
    return payload;
  });
}

/** A problem stored as a key's answer, to replay in place of one that cannot be. */
function storedProblem(code: 'idempotency_answer_unavailable' | 'idempotency_secret_not_replayable'): string {
  const { status } = problem(code);
  return JSON.stringify({ type: `urn:scrip:problem:${code}`, title: titleOf(code, 'en'), status, code });
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
    release: async () => {
      await releaseKey(ctx.db, caller, key);
    },
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
