import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { type Db, type DialectName, transaction } from '../src/db/database.js';
import { type AppContext, makeContext } from '../src/http/context.js';
import { MODULES } from '../src/modules.js';
import { emitEvent } from '../src/platform/events.js';
import { systemActor } from '../src/platform/principal.js';
import { deliverDue } from '../src/webhooks/deliver.js';
import { createEndpoint, deleteEndpoint } from '../src/webhooks/endpoints.js';
import { FANOUT_GRACE_MS, fanOutBatch, fanOutEvents } from '../src/webhooks/fan-out.js';
import { DIALECTS, PG_URL } from './support/databases.js';
import { openSharedDatabase, type SharedDatabase } from './support/shared-database.js';
import { type Receiver, startReceiver } from './support/webhook-receiver.js';

/** Several processes (separate connections or pools on one database) racing over the same work. */
for (const dialect of DIALECTS) {
  const declare = dialect === 'postgres' && !PG_URL ? describe.skip : describe;
  declare(`webhooks with several processes [${dialect}]`, () => suite(dialect));
}

function suite(dialect: DialectName) {
  let shared: SharedDatabase;
  let receiver: Receiver;
  const clock = new ManualClock('2026-05-01T00:00:00.000Z');
  const config = { ...loadConfig({}), webhookTimeoutMs: 2000 };
  const contexts = (): AppContext[] => shared.dbs.map((db) => makeContext(config, db, clock, MODULES));
  const db = (): Db => shared.dbs[0] as Db;
  const actor = systemActor('test');

  beforeAll(async () => {
    shared = await openSharedDatabase(dialect, 3);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await shared.destroy();
  });

  async function endpoints(types: string[][]): Promise<string[]> {
    const ids: string[] = [];
    for (const eventTypes of types) {
      const { endpoint } = await transaction(db(), (tx) => createEndpoint(tx, { url: receiver.url, event_types: eventTypes }, actor, clock.now()));
      ids.push(endpoint.id);
    }
    return ids;
  }

  async function emitMany(count: number, type: (i: number) => string): Promise<string[]> {
    return transaction(db(), async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await emitEvent(tx, type(i), { i }, clock.now()));
      return ids;
    });
  }

  async function deliveryPairs(prefix: string) {
    return db()
      .q.selectFrom('webhook_deliveries')
      .select(['event_id', 'endpoint_id', 'state', 'attempts'])
      .where('event_type', 'like', `${prefix}.%`)
      .execute();
  }

  it('racing fan-outs make exactly one delivery per (event, endpoint)', async () => {
    clock.advance(1000);
    const [all, some] = await endpoints([['race.*'], ['race.even']]);
    const events = await emitMany(300, (i) => (i % 2 === 0 ? 'race.even' : 'race.odd'));
    const made = await Promise.all(
      shared.dbs.flatMap((handle) => [fanOutBatch(handle, clock.now(), 120).then((batch) => batch.deliveries), fanOutEvents(handle, clock.now())]),
    );
    await fanOutEvents(db(), clock.now());
    const pairs = await deliveryPairs('race');
    expect(pairs).toHaveLength(450);
    expect(new Set(pairs.map((p) => `${p.event_id}/${p.endpoint_id}`)).size).toBe(450);
    expect(pairs.filter((p) => p.endpoint_id === all)).toHaveLength(300);
    expect(pairs.filter((p) => p.endpoint_id === some)).toHaveLength(150);
    expect(new Set(pairs.map((p) => p.event_id))).toEqual(new Set(events));
    expect(made.reduce((a, b) => a + b, 0)).toBe(450);

    // Once the grace period has passed, the floor moves past them and their marks are dropped.
    clock.advance(FANOUT_GRACE_MS + 1);
    await fanOutEvents(db(), clock.now());
    const floor = await db().q.selectFrom('webhook_fanout_floor').select('floor_seq').executeTakeFirstOrThrow();
    const top = await db().q.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    expect(floor.floor_seq).toBe(Number(top.seq));
    const marks = await db().q.selectFrom('webhook_fanout').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(marks.n)).toBe(0);
    await transaction(db(), async (tx) => {
      for (const id of [all, some] as string[]) await deleteEndpoint(tx, id, actor, clock.now());
    });
  });

  it('racing delivery workers send each delivery exactly once', async () => {
    clock.advance(1000);
    await endpoints([['send.*'], ['send.*']]);
    await emitMany(30, () => 'send.one');
    await fanOutEvents(db(), clock.now());
    const before = receiver.received.length;
    const runs = await Promise.all(contexts().flatMap((ctx) => [deliverDue(ctx, 25), deliverDue(ctx, 25)]));
    expect(runs.reduce((a, b) => a + b, 0)).toBe(60);
    expect(runs.filter((n) => n > 0).length).toBeGreaterThan(1);
    const got = receiver.received.slice(before).map((r) => r.headers['scrip-delivery-id']);
    expect(got).toHaveLength(60);
    expect(new Set(got).size).toBe(60);
    const pairs = await deliveryPairs('send');
    expect(pairs.every((p) => p.state === 'delivered' && p.attempts === 1)).toBe(true);
    expect(await Promise.all(contexts().map((ctx) => deliverDue(ctx)))).toEqual([0, 0, 0]);
  });

  it('a worker whose lease ran out cannot record over the worker that took the delivery over', async () => {
    clock.advance(1000);
    const slow = await startReceiver('hang');
    try {
      const { endpoint } = await transaction(db(), (tx) => createEndpoint(tx, { url: slow.url, event_types: ['lease.*'] }, actor, clock.now()));
      await emitMany(1, () => 'lease.one');
      await fanOutEvents(db(), clock.now());
      const [first, second] = contexts() as [AppContext, AppContext];
      const stalled = deliverDue({ ...first, config: { ...config, webhookTimeoutMs: 500 } });
      while (slow.received.length === 0) await new Promise((resolve) => setImmediate(resolve));
      clock.advance(config.webhookTimeoutMs + 30_001);
      expect(await deliverDue(second)).toBe(1);
      expect(await stalled).toBe(1);
      const rows = await db().q.selectFrom('webhook_delivery_attempts as a').innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id').select(['a.attempt', 'a.outcome']).where('d.endpoint_id', '=', endpoint.id).execute();
      expect(rows).toEqual([{ attempt: 2, outcome: 'delivered' }]);
    } finally {
      await slow.close();
    }
  });

  it.runIf(dialect === 'postgres')('an event that commits after a later one is still fanned out', async () => {
    clock.advance(1000);
    await endpoints([['gap.*']]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let emitted: () => void = () => undefined;
    const inserted = new Promise<void>((resolve) => {
      emitted = resolve;
    });
    const slow = transaction(db(), async (tx) => {
      const id = await emitEvent(tx, 'gap.slow', {}, clock.now());
      emitted();
      await gate;
      return id;
    });
    await inserted;
    const [fast] = await emitMany(1, () => 'gap.fast');
    await fanOutEvents(shared.dbs[1] as Db, clock.now());
    expect((await deliveryPairs('gap')).map((p) => p.event_id)).toEqual([fast]);
    const slowSeq = await sql<{ seq: number }>`select max(seq) as seq from events where type = 'gap.fast'`.execute(db().q);
    const floor = await db().q.selectFrom('webhook_fanout_floor').select('floor_seq').executeTakeFirstOrThrow();
    expect(floor.floor_seq).toBeLessThan(Number(slowSeq.rows[0]?.seq));
    release();
    const slowId = await slow;
    await fanOutEvents(shared.dbs[2] as Db, clock.now());
    expect(new Set((await deliveryPairs('gap')).map((p) => p.event_id))).toEqual(new Set([fast, slowId]));
  });
}
