import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Tx } from '../db/database.js';
import { problem } from '../errors.js';

/**
 * An uploaded list of shopper ids (CSV, one id in the first column, an optional `shopper_id`
 * header), streamed into the database in batches: the whole file is never held in memory.
 */

export const MAX_LIST_ROWS = 1_000_000;
const BATCH = 1000;
const ID = /^[A-Za-z0-9._:@/-]{1,128}$/;

export async function importAudienceList(tx: Tx, activityId: string, body: Readable): Promise<{ rows: number; added: number }> {
  const parser = body.pipe(parse({ relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 4096, bom: true }));
  let rows = 0;
  let added = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const unique = [...new Set(batch)];
    const inserted = await tx.q
      .insertInto('coupon_audience_lists')
      .values(unique.map((shopper_id) => ({ activity_id: activityId, shopper_id })))
      .onConflict((oc) => oc.doNothing())
      .returning('shopper_id')
      .execute();
    added += inserted.length;
    batch = [];
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const id = record[0] ?? '';
      if (rows === 0 && id === 'shopper_id') continue;
      rows += 1;
      if (rows > MAX_LIST_ROWS) throw problem('coupon_audience_list_too_large', `at most ${MAX_LIST_ROWS} rows`);
      if (!ID.test(id)) throw problem('coupon_audience_invalid', `row ${rows}: not a shopper id`);
      batch.push(id);
      if (batch.length >= BATCH) await flush();
    }
  } catch (error) {
    body.destroy();
    if ((error as { code?: string }).code?.startsWith('CSV_')) throw problem('coupon_audience_invalid', `the CSV could not be read: ${(error as Error).message.slice(0, 200)}`);
    throw error;
  }
  await flush();
  return { rows, added };
}
