import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDueJobs } from '../../src/platform/jobs.js';
import { jobHandlers } from '../../src/jobs.js';
import { describeEachDb } from '../support/databases.js';
import { type GiftcardTestApp, giftcardApp } from './support.js';

interface BatchView {
  id: string;
  product_id: string;
  state: string;
  quantity: number;
  generated: number;
  exported_at: string | null;
  exported_by: string | null;
  approval_id: string | null;
  approval_state: string | null;
  created_by: string;
  created_by_name: string | null;
  exported_by_name: string | null;
}

describeEachDb('gift cards: the list of physical batches', ({ db }) => {
  let t: GiftcardTestApp;
  let ops: Record<string, string>;
  let first: { id: string };
  let second: { id: string };
  const batches: Record<string, BatchView> = {};
  const work = () => runDueJobs(t.app.ctx, jobHandlers(t.app.ctx.modules), 50);
  const list = async (query = '', headers = ops) => {
    const res = await t.call('GET', `/v1/giftcard-batches${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: BatchView[]; next_cursor: string | null };
  };
  const request = async (productId: string, quantity: number, name: string) => {
    const res = await t.call('POST', '/v1/giftcard-batches', ops, { product_id: productId, face: 10_000, quantity });
    expect(res.statusCode, res.body).toBe(201);
    batches[name] = res.json();
  };
  const approve = async (id: string | null) => {
    expect((await t.call('POST', `/v1/approvals/${id}/approve`, await t.as('operations', undefined, 'reviewer'), {})).statusCode).toBe(200);
    expect((await t.call('POST', `/v1/approvals/${id}/approve`, await t.as('finance'), {})).statusCode).toBe(200);
  };

  beforeAll(async () => {
    t = await giftcardApp(db(), 'default');
    ops = await t.as('operations');
    first = await t.product({ form: 'physical' });
    second = await t.product({ form: 'physical' });
    // Five batches: waiting, exported, ready, waiting (second product), rejected.
    await request(first.id, 3, 'waiting');
    await request(first.id, 4, 'exported');
    await request(first.id, 2, 'ready');
    await request(second.id, 1, 'other');
    await request(second.id, 1, 'rejected');
    await approve(batches.exported?.approval_id ?? null);
    await approve(batches.ready?.approval_id ?? null);
    const rejected = await t.call('POST', `/v1/approvals/${batches.rejected?.approval_id}/reject`, await t.as('operations', undefined, 'reviewer'), { comment: 'not needed' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    await work();
    const exported = await t.call('POST', `/v1/giftcard-batches/${batches.exported?.id}/export`, ops);
    expect(exported.statusCode, exported.body).toBe(200);
  });
  afterAll(async () => t.app.close());

  it('lists batches newest first with progress, approval state and the exporter, never a code', async () => {
    const page = await list();
    expect(page.items.map((b) => b.id)).toEqual(['rejected', 'other', 'ready', 'exported', 'waiting'].map((n) => batches[n]?.id));
    const byId = new Map(page.items.map((b) => [b.id, b]));
    expect(byId.get(batches.waiting?.id ?? '')).toMatchObject({ state: 'pending_approval', generated: 0, quantity: 3, approval_state: 'pending_first_review', exported_at: null, exported_by: null });
    expect(byId.get(batches.ready?.id ?? '')).toMatchObject({ state: 'ready', generated: 2, approval_state: 'approved', exported_at: null });
    expect(byId.get(batches.exported?.id ?? '')).toMatchObject({ state: 'ready', generated: 4, exported_at: expect.any(String), exported_by: await t.principalId('operations') });
    expect(byId.get(batches.rejected?.id ?? '')).toMatchObject({ state: 'rejected', approval_state: 'rejected' });
    // Actors by name: the API key's name, as the request's own answer gave it.
    expect(byId.get(batches.exported?.id ?? '')).toMatchObject({ created_by: await t.principalId('operations'), created_by_name: 'test operations::', exported_by_name: 'test operations::' });
    expect(batches.waiting?.created_by_name).toBe('test operations::');
    expect(page.next_cursor).toBeNull();
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/seed|code_hash|"code"/);
  });

  it('pages with a cursor, each batch once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((b) => b.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    const bad = await t.call('GET', '/v1/giftcard-batches?cursor=nonsense', ops);
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'invalid_cursor']);
  });

  it.each([
    ['product', () => `?product_id=${second.id}`, ['rejected', 'other']],
    ['state', () => '?state=pending_approval', ['other', 'waiting']],
    ['ready and not exported', () => '?state=ready&exported=false', ['ready']],
    ['exported', () => '?exported=true', ['exported']],
    ['product and state', () => `?product_id=${first.id}&state=rejected`, []],
  ])('filters by %s', async (_name, query, expected) => {
    expect((await list(query())).items.map((b) => b.id)).toEqual(expected.map((n) => batches[n]?.id));
  });

  it.each([
    ['an unknown state', '?state=exported'],
    ['a limit over the maximum', '?limit=201'],
    ['an unknown filter', '?code=x'],
  ])('refuses %s', async (_name, query) => {
    const res = await t.call('GET', `/v1/giftcard-batches${query}`, ops);
    expect([res.statusCode, res.json().code]).toEqual([400, 'validation_failed']);
  });

  it('is open to finance and audit, closed to customer service and merchants', async () => {
    expect((await list('', await t.as('finance'))).items).toHaveLength(5);
    expect((await list('', await t.as('auditor'))).items).toHaveLength(5);
    expect((await t.call('GET', '/v1/giftcard-batches', await t.as('customer_service'))).statusCode).toBe(403);
    expect((await t.call('GET', '/v1/giftcard-batches', await t.as('merchant', 'm-1'))).statusCode).toBe(403);
  });

  it('reads one batch with the same view as the list', async () => {
    const one = await t.call('GET', `/v1/giftcard-batches/${batches.exported?.id}`, ops);
    const listed = (await list('?exported=true')).items[0];
    expect(one.json()).toEqual(listed);
  });
});
