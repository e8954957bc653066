import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ManualClock } from '../src/clock.js';
import type { App } from '../src/http/context.js';
import { getAccount } from '../src/ledger/ledger.js';
import { completeKey, markExecuted } from '../src/platform/idempotency.repo.js';
import { testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';

// The real storage, with a way to make one call of a function fail.
vi.mock('../src/platform/idempotency.repo.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/platform/idempotency.repo.js')>();
  return { ...original, completeKey: vi.fn(original.completeKey), markExecuted: vi.fn(original.markExecuted) };
});

vi.mock('../src/ledger/ledger.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/ledger/ledger.js')>();
  return { ...original, getAccount: vi.fn(original.getAccount) };
});

let n = 0;
const uid = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

describeEachDb('Idempotency-Key and the work it guards', ({ db }) => {
  let app: App;
  let clock: ManualClock;
  let admin: Record<string, string>;
  beforeAll(async () => {
    const t = await testApp(db());
    app = t.app;
    clock = t.clock;
    admin = await t.as('admin');
  });
  afterAll(async () => app.close());

  const createAccount = (id: string, key: string) =>
    app.inject({ method: 'POST', url: '/v1/ledger/accounts', payload: { id, code: 'test', currency: 'CNY' }, headers: { ...admin, 'idempotency-key': key } });
  const stateOf = async (key: string) =>
    (await db().q.selectFrom('idempotency_keys').select(['state', 'response_status']).where('key', '=', key).executeTakeFirst()) ?? null;

  it('marks the key as carried out in the commit that does the work, so a retry after the answer was lost does not run it again', async () => {
    const id = uid('acct');
    const key = uid('key');
    vi.mocked(completeKey).mockRejectedValueOnce(new Error('the process ended before the answer was stored'));
    expect((await createAccount(id, key)).statusCode).toBe(500);
    expect(await stateOf(key)).toEqual({ state: 'executed', response_status: null });
    expect((await app.inject({ url: `/v1/ledger/accounts/${id}`, headers: admin })).statusCode).toBe(200);

    // Until the first attempt's lock runs out it may still be answering; after that, nothing runs again.
    const early = await createAccount(id, key);
    expect([early.statusCode, early.json().code]).toEqual([409, 'idempotency_request_in_progress']);
    clock.advance(61_000);
    const late = await createAccount(id, key);
    expect([late.statusCode, late.json().code]).toEqual([409, 'idempotency_answer_unavailable']);
    expect(vi.mocked(markExecuted)).toHaveBeenCalled();
  });

  it('frees the key of a request whose work rolled back, and a retry runs it', async () => {
    const id = uid('acct');
    const key = uid('key');
    // The mark is written inside the work's transaction: when it fails, the work rolls back with it.
    vi.mocked(markExecuted).mockRejectedValueOnce(new Error('the commit failed'));
    expect((await createAccount(id, key)).statusCode).toBe(500);
    expect(await stateOf(key)).toBeNull();
    expect((await app.inject({ url: `/v1/ledger/accounts/${id}`, headers: admin })).statusCode).toBe(404);

    const retry = await createAccount(id, key);
    expect(retry.statusCode).toBe(201);
    expect(await stateOf(key)).toEqual({ state: 'done', response_status: 201 });
    const replay = await createAccount(id, key);
    expect([replay.statusCode, replay.headers['idempotent-replayed']]).toEqual([201, 'true']);
  });

  it('keeps and replays a failure that came after the work committed, instead of running the work again', async () => {
    const id = uid('acct');
    const key = uid('key');
    // The account is created, then reading it back for the answer fails.
    vi.mocked(getAccount).mockRejectedValueOnce(new Error('the read after the commit failed'));
    expect((await createAccount(id, key)).statusCode).toBe(500);
    expect(await stateOf(key)).toEqual({ state: 'done', response_status: 500 });
    const retry = await createAccount(id, key);
    expect([retry.statusCode, retry.headers['idempotent-replayed'], retry.json().code]).toEqual([500, 'true', 'internal_error']);
    const audited = await db().q.selectFrom('audit_log').select('entity_id').where('entity_id', '=', id).execute();
    expect(audited, 'the work ran once').toHaveLength(1);
  });

  it('leaves transactions outside a keyed request alone', async () => {
    vi.mocked(markExecuted).mockClear();
    expect((await app.inject({ method: 'POST', url: '/v1/ledger/accounts', payload: { id: uid('acct'), code: 'test', currency: 'CNY' }, headers: admin })).statusCode).toBe(201);
    expect(vi.mocked(markExecuted)).not.toHaveBeenCalled();
  });
});
