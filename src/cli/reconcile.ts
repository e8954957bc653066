import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { Problem } from '../errors.js';
import { recordAudit } from '../platform/audit.js';
import { cliActor } from '../platform/principal.js';
import { formatYuan } from '../settlement/amount.js';
import { DEFAULT_MAPPING_NAME } from '../settlement/mapping.js';
import { differencesCsv, ingestFile, matchRun } from '../settlement/reconcile.js';
import { getMapping, getRun, runView } from '../settlement/reconcile.repo.js';

export interface ReconcileCliOptions {
  mapping?: string | undefined;
  source?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Where to write the differences as CSV. */
  out?: string | undefined;
}

/**
 * `scrip reconcile FILE`: the same streaming load and matching as the upload route, run to the
 * end in this process. Returns the lines to print.
 */
export async function reconcileFromCli(db: Db, config: Config, file: string, options: ReconcileCliOptions, now: Date): Promise<string[]> {
  const mappingName = options.mapping ?? DEFAULT_MAPPING_NAME;
  const mapping = await getMapping(db, mappingName);
  if (!mapping) throw new Error(`no mapping named ${mappingName} (save one with PUT /v1/settlement/reconcile-mappings/${mappingName})`);
  const actor = cliActor('reconcile');
  const limits = { maxRows: config.reconcileMaxRows, maxBytes: config.reconcileMaxBytes, zone: config.timeZone, defaultCurrency: config.defaultCurrency };
  let runId: string;
  try {
    runId = await ingestFile(
      db,
      createReadStream(file, { highWaterMark: 256 * 1024 }),
      { source: options.source ?? 'cli', mapping, periodFrom: options.from, periodTo: options.to, actorId: actor.principal.id, enqueue: false },
      limits,
      now,
    );
  } catch (error) {
    if (error instanceof Problem) throw new Error(`${error.code}: ${error.message}`);
    throw error;
  }
  await recordAudit(db, actor, { action: 'reconcile.upload', entityType: 'reconcile_run', entityId: runId, after: { source: options.source ?? 'cli', mapping: mappingName, file } }, now);
  await matchRun(db, runId, now);
  const row = await getRun(db, runId);
  const run = row ? runView(row) : undefined;
  if (!run?.summary) throw new Error(`run ${runId} did not finish`);
  if (options.out) await pipeline(Readable.from(differencesCsv(db, runId)), createWriteStream(options.out));
  const lines = [`reconcile run ${runId}: ${run.summary.rows} rows, period ${run.period_from ?? '-'} to ${run.period_to ?? '-'}`];
  for (const [result, totals] of Object.entries(run.summary.results)) {
    lines.push(`  ${result.padEnd(15)} ${String(totals.count).padStart(9)}  theirs ${formatYuan(totals.their_amount).padStart(14)}  ours ${formatYuan(totals.our_amount).padStart(14)}`);
  }
  if (options.out) lines.push(`differences written to ${options.out}`);
  return lines;
}
