import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { transaction } from '../db/database.js';
import { problem } from '../errors.js';
import { actorOf } from '../http/actor.js';
import type { App, AppContext } from '../http/context.js';
import { csvAnswer, IdParams, PageQuery, problems } from '../http/schemas.js';
import { recordAudit } from '../platform/audit.js';
import { streamedIdempotency } from '../platform/idempotency.js';
import { completeMapping, DEFAULT_MAPPING_NAME, mappingProblems, type ReconcileMapping } from './mapping.js';
import { DIFFERENCE_HEADER, differencesCsv, ingestFile } from './reconcile.js';
import { getMapping, getRun, listDifferences, listMappings, listRuns, runView, saveMapping } from './reconcile.repo.js';
import { DifferencePage, DifferenceQuery, Mapping, NamedMapping, Run, RunPage, UploadQuery } from './reconcile.schemas.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function reconcileRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    // The file reaches the handler as the raw request stream: it is parsed as it arrives.
    app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));

    app.put(
      '/reconcile-mappings/:id',
      { schema: { tags: ['settlement'], summary: 'Save a named column mapping for reconciliation files', params: IdParams, body: Mapping, response: { 200: NamedMapping, ...problems(400) } } },
      async (request) => {
        const mapping = completeMapping(request.body as Partial<ReconcileMapping> & { columns: ReconcileMapping['columns'] });
        const wrong = mappingProblems(mapping);
        if (wrong.length > 0) throw problem('reconcile_mapping_invalid', wrong.join('; '));
        const now = ctx.clock.now();
        const actor = actorOf(request);
        await transaction(ctx.db, async (tx) => {
          await saveMapping(tx, request.params.id, mapping, actor.principal.id, now);
          await recordAudit(tx, actor, { action: 'reconcile.mapping.save', entityType: 'reconcile_mapping', entityId: request.params.id, after: mapping }, now);
        });
        return { name: request.params.id, mapping, updated_at: now.toISOString() };
      },
    );

    app.get(
      '/reconcile-mappings',
      { schema: { tags: ['settlement'], summary: 'Saved column mappings (and the default one)', response: { 200: Type.Object({ items: Type.Array(NamedMapping) }) } } },
      async () => ({ items: await listMappings(ctx.db) }),
    );

    app.post(
      '/reconciliations',
      {
        // Idempotency-Key is applied by the handler, which hashes the file as it reads it.
        config: { streamedBody: true },
        schema: {
          tags: ['settlement'],
          summary: 'Upload an external file (text/csv, streamed) and start matching it against the ledger',
          description:
            'Rows: reference, type, amount, currency, time (column names per the mapping). The run is matched by a background job; ' +
            'poll GET /v1/settlement/reconciliations/{id} until state is done. Our side is every payment and refund through payments clearing in [from, to) ' +
            '(default: the file’s first to last row time). With Idempotency-Key, the same file sent again answers the first run; a failed upload leaves the key free.',
          querystring: UploadQuery,
          response: { 202: Run, ...problems(400, 404, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        if (!(request.body instanceof Readable)) throw problem('unsupported_media_type', 'send the file as text/csv');
        const file = request.body;
        const mappingName = request.query.mapping ?? DEFAULT_MAPPING_NAME;
        const mapping = await getMapping(ctx.db, mappingName);
        if (!mapping) {
          file.resume();
          throw problem('reconcile_mapping_not_found', `no mapping named ${mappingName}`);
        }
        // Stored answers are sent as the JSON text they were stored as.
        const raw = reply as unknown as FastifyReply;
        const idempotency = await streamedIdempotency(ctx, request, file, { maxBytes: ctx.config.reconcileMaxBytes });
        if (idempotency.kind === 'replay') {
          return raw.code(idempotency.status).header('idempotent-replayed', 'true').type(idempotency.type).send(idempotency.body);
        }
        const now = ctx.clock.now();
        const actor = actorOf(request);
        const limits = { maxRows: ctx.config.reconcileMaxRows, maxBytes: ctx.config.reconcileMaxBytes, zone: ctx.config.timeZone, defaultCurrency: ctx.config.defaultCurrency };
        let answer: string;
        try {
          const runId = await ingestFile(
            ctx.db,
            idempotency.body,
            { source: request.query.source ?? 'upload', mapping, periodFrom: request.query.from, periodTo: request.query.to, actorId: actor.principal.id, enqueue: true },
            limits,
            now,
          );
          await recordAudit(ctx.db, actor, { action: 'reconcile.upload', entityType: 'reconcile_run', entityId: runId, after: { source: request.query.source ?? 'upload', mapping: mappingName } }, now);
          const run = await getRun(ctx.db, runId);
          if (!run) throw problem('reconcile_run_not_found');
          answer = JSON.stringify(runView(run));
          await idempotency.complete(202, JSON_TYPE, answer);
        } catch (error) {
          file.resume();
          await idempotency.release();
          throw error;
        }
        return raw.code(202).type(JSON_TYPE).send(answer);
      },
    );

    app.get(
      '/reconciliations',
      { schema: { tags: ['settlement'], summary: 'Reconciliation runs, newest first', querystring: PageQuery, response: { 200: RunPage, ...problems(400) } } },
      async (request) => listRuns(ctx.db, request.query),
    );

    app.get(
      '/reconciliations/:id',
      { schema: { tags: ['settlement'], summary: 'A run with its summary per result', params: IdParams, response: { 200: Run, ...problems(404) } } },
      async (request) => {
        const run = await getRun(ctx.db, request.params.id);
        if (!run) throw problem('reconcile_run_not_found');
        return runView(run);
      },
    );

    app.get(
      '/reconciliations/:id/differences',
      { schema: { tags: ['settlement'], summary: 'A run’s differences, by line', params: IdParams, querystring: DifferenceQuery, response: { 200: DifferencePage, ...problems(400, 404, 409) } } },
      async (request) => {
        await doneRun(ctx, request.params.id);
        return listDifferences(ctx.db, request.params.id, request.query);
      },
    );

    app.get(
      '/reconciliations/:id/differences.csv',
      {
        schema: {
          tags: ['settlement'],
          summary: 'A run’s differences as CSV (amounts in yuan)',
          params: IdParams,
          response: { 200: csvAnswer(DIFFERENCE_HEADER.join(',')) },
        },
      },
      async (request, reply) => {
        await doneRun(ctx, request.params.id);
        reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="reconciliation-${request.params.id}.csv"`);
        return reply.send(Readable.from(differencesCsv(ctx.db, request.params.id)));
      },
    );
  };
}

async function doneRun(ctx: AppContext, id: string): Promise<void> {
  const run = await getRun(ctx.db, id);
  if (!run) throw problem('reconcile_run_not_found');
  if (run.state !== 'done') throw problem('reconcile_run_not_done');
}
