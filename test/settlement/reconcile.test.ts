import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { transaction } from '../../src/db/database.js';
import { ensureMerchantAccounts, merchantInTransit, paymentsClearing } from '../../src/ledger/chart.js';
import { ensureAccounts, requireTransfers } from '../../src/ledger/ledger.js';
import { jobHandlers } from '../../src/jobs.js';
import { MODULES } from '../../src/modules.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { removeAbandonedLoads } from '../../src/settlement/reconcile.js';
import { type TestApp, testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';

describeEachDb('reconciliation', ({ db }) => {
  let t: TestApp;
  let finance: Record<string, string>;

  beforeAll(async () => {
    t = await testApp(db(), {}, undefined);
    finance = await t.as('finance');
    // 20 payments of 100.00 + n fen on 2026-03-02 (Shanghai), one refund; p-7 is charged 50 fen more in the file.
    const at = new Date('2026-03-02T02:00:00Z');
    await transaction(db(), async (tx) => {
      await ensureAccounts(tx, [{ id: paymentsClearing('CNY'), code: 'payments.clearing', currency: 'CNY' }], at);
      await ensureMerchantAccounts(tx, 'm1', 'CNY', at);
      const payments = Array.from({ length: 20 }, (_, i) => ({
        id: `pay-${i}`,
        debit_account_id: paymentsClearing('CNY'),
        credit_account_id: merchantInTransit('m1', 'CNY'),
        amount: 10_000 + i,
        currency: 'CNY',
        code: 'checkout.payment',
        refs: { order: `o-${i}`, payment_ref: `p-${i}`, merchant: 'm1' },
      }));
      await requireTransfers(tx, payments, at);
      await requireTransfers(
        tx,
        [{ id: 'refund-3', debit_account_id: merchantInTransit('m1', 'CNY'), credit_account_id: paymentsClearing('CNY'), amount: 3_000, currency: 'CNY', code: 'checkout.refund', refs: { order: 'o-3', payment_ref: 'p-3' } }],
        at,
      );
    });
  });
  afterAll(async () => t.app.close());

  const upload = (body: string | Buffer, query = '') =>
    t.app.inject({ method: 'POST', url: `/v1/settlement/reconciliations${query}`, headers: { ...finance, 'content-type': 'text/csv' }, payload: body });
  const runs = async () => (await t.app.inject({ url: '/v1/settlement/reconciliations?limit=200', headers: finance })).json().items.length;

  function goodFile(): string {
    const lines = ['reference,type,amount,currency,time'];
    for (let i = 0; i < 20; i++) {
      if (i === 11) continue; // missing on their side
      const amount = 10_000 + i + (i === 7 ? 50 : 0);
      lines.push(`p-${i},payment,${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')},CNY,2026-03-02 10:${String(i).padStart(2, '0')}:00`);
    }
    lines.push('p-3,refund,30.00,CNY,2026-03-02 11:00:00');
    lines.push('p-5,payment,100.05,CNY,2026-03-02 10:05:00'); // the provider sent p-5 twice
    lines.push('p-999,payment,1.00,CNY,2026-03-02 10:30:00'); // we never saw it
    return `${lines.join('\n')}\n`;
  }

  it('finds exactly the planted differences', async () => {
    const res = await upload(goodFile(), '?source=alipay');
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(run).toMatchObject({ state: 'matching', file_rows: 22, source: 'alipay' });
    await runDueJobs(t.app.ctx, jobHandlers(MODULES));
    const done = (await t.app.inject({ url: `/v1/settlement/reconciliations/${run.id}`, headers: finance })).json();
    expect(done.state).toBe('done');
    expect(done.summary.rows).toBe(22);
    expect(done.summary.results).toMatchObject({
      matched: { count: 19 },
      missing_ours: { count: 1, their_amount: 100 },
      missing_theirs: { count: 1, our_amount: 10_011 },
      amount_differs: { count: 1, their_amount: 10_057, our_amount: 10_007 },
      duplicate: { count: 1, their_amount: 10_005 },
    });
    const differences = (await t.app.inject({ url: `/v1/settlement/reconciliations/${run.id}/differences`, headers: finance })).json().items;
    expect(differences.map((d: { result: string; reference: string }) => `${d.result}:${d.reference}`).sort()).toEqual(
      ['amount_differs:p-7', 'duplicate:p-5', 'missing_ours:p-999', 'missing_theirs:p-11'].sort(),
    );
    expect(differences.find((d: { result: string }) => d.result === 'missing_theirs')).toMatchObject({ transfer_id: 'pay-11', line: null });
    const paged = (await t.app.inject({ url: `/v1/settlement/reconciliations/${run.id}/differences?limit=3`, headers: finance })).json();
    expect(paged.items).toHaveLength(3);
    const rest = (await t.app.inject({ url: `/v1/settlement/reconciliations/${run.id}/differences?limit=3&cursor=${paged.next_cursor}`, headers: finance })).json();
    expect(rest.items).toHaveLength(1);
    const csv = await t.app.inject({ url: `/v1/settlement/reconciliations/${run.id}/differences.csv`, headers: finance });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const csvLines = csv.body.trim().split('\n');
    expect(csvLines).toHaveLength(5);
    expect(csvLines.find((l) => l.includes('amount_differs'))).toContain(',100.57,100.07,0.50,pay-7,');
  });

  it('reads other files through a saved mapping (fen amounts, signed refunds, other column names)', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/v1/settlement/reconcile-mappings/order-system',
      headers: finance,
      payload: { columns: { reference: '订单号', amount: '金额(分)', time: '时间' }, amount_format: 'fen', delimiter: ';' },
    });
    expect(saved.statusCode).toBe(200);
    const rows = ['订单号;金额(分);时间', ...Array.from({ length: 20 }, (_, i) => `p-${i};${10_000 + i};2026-03-02T02:00:00Z`), 'p-3;-3000;2026-03-02T03:00:00Z'];
    const res = await upload(rows.join('\r\n'), '?mapping=order-system');
    expect(res.statusCode).toBe(202);
    await runDueJobs(t.app.ctx, jobHandlers(MODULES));
    const done = (await t.app.inject({ url: `/v1/settlement/reconciliations/${res.json().id}`, headers: finance })).json();
    expect(done.summary.results.matched.count).toBe(21);
    expect(done.summary.rows).toBe(21);
    expect(done.summary.results.missing_theirs.count + done.summary.results.missing_ours.count + done.summary.results.amount_differs.count).toBe(0);
  });

  it.each([
    ['wrong columns', 'ref,amt,when\np-1,1.00,2026-03-02 10:00\n', 422, 'reconcile_columns_missing'],
    ['a bad amount', 'reference,type,amount,currency,time\np-1,payment,1.00,CNY,2026-03-02 10:00\np-2,payment,12.345,CNY,2026-03-02 10:00\n', 422, 'reconcile_bad_amount'],
    ['a float-ish amount', 'reference,type,amount,currency,time\np-1,payment,1e3,CNY,2026-03-02 10:00\n', 422, 'reconcile_bad_amount'],
    ['an unknown type', 'reference,type,amount,currency,time\np-1,chargeback,1.00,CNY,2026-03-02 10:00\n', 422, 'reconcile_bad_row'],
    ['a bad time', 'reference,type,amount,currency,time\np-1,payment,1.00,CNY,someday\n', 422, 'reconcile_bad_row'],
    ['a header and no rows', 'reference,type,amount,currency,time\n', 422, 'reconcile_empty_file'],
    ['nothing at all', '', 422, 'reconcile_empty_file'],
    ['GBK bytes', Buffer.concat([Buffer.from('reference,type,amount,currency,time\np-1,'), Buffer.from([0xd6, 0xa7, 0xb8, 0xb6]), Buffer.from(',1.00,CNY,2026-03-02 10:00\n')]), 422, 'reconcile_bad_encoding'],
  ] as const)('refuses %s with a clear code and keeps nothing', async (_name, body, status, code) => {
    const before = await runs();
    const res = await upload(body);
    expect([res.statusCode, res.json().code]).toEqual([status, code]);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await runs()).toBe(before);
  });

  it('an upload with Idempotency-Key is replayed for the same file, refused for another, and free again after a failure', async () => {
    const withKey = (key: string, body: string) =>
      t.app.inject({ method: 'POST', url: '/v1/settlement/reconciliations', headers: { ...finance, 'content-type': 'text/csv', 'idempotency-key': key }, payload: body });
    const before = await runs();
    const first = await withKey('upload-1', goodFile());
    expect(first.statusCode).toBe(202);
    const again = await withKey('upload-1', goodFile());
    expect([again.statusCode, again.headers['idempotent-replayed'], again.json().id]).toEqual([202, 'true', first.json().id]);
    expect(await runs()).toBe(before + 1);

    const other = await withKey('upload-1', goodFile().replace('p-999', 'p-998'));
    expect([other.statusCode, other.json().code]).toEqual([409, 'idempotency_key_reused']);

    const bad = await withKey('upload-2', 'reference,type,amount,currency,time\np-1,payment,abc,CNY,2026-03-02 10:00\n');
    expect(bad.json().code).toBe('reconcile_bad_amount');
    const retried = await withKey('upload-2', goodFile());
    expect([retried.statusCode, retried.headers['idempotent-replayed']]).toEqual([202, undefined]);
    expect(await runs()).toBe(before + 2);
  });

  it('a second upload with the same Idempotency-Key while the first is still streaming is refused', async () => {
    // Over a real socket: inject() reads a streamed payload to its end before the handler runs.
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const headers = { ...finance, 'content-type': 'text/csv', 'idempotency-key': 'upload-slow' };
      const [head, ...rest] = goodFile().split('\n');
      const slow = new PassThrough();
      slow.write(`${head}\n`);
      const first = fetch(`${address}/v1/settlement/reconciliations`, { method: 'POST', headers, body: Readable.toWeb(slow) as ReadableStream, duplex: 'half' } as RequestInit);
      await vi.waitFor(async () => {
        const key = await db().q.selectFrom('idempotency_keys').select('state').where('key', '=', 'upload-slow').executeTakeFirst();
        expect(key?.state).toBe('running');
      });
      const second = await t.app.inject({ method: 'POST', url: '/v1/settlement/reconciliations', headers, payload: goodFile() });
      expect([second.statusCode, second.json().code]).toEqual([409, 'idempotency_request_in_progress']);
      slow.end(rest.join('\n'));
      expect((await first).status).toBe(202);

      // A bad row stops the reading half-way; the answer still reaches the client on its socket.
      const bad = await fetch(`${address}/v1/settlement/reconciliations`, {
        method: 'POST',
        headers: { ...finance, 'content-type': 'text/csv', 'idempotency-key': 'upload-bad' },
        body: `reference,type,amount,currency,time\np-1,payment,abc,CNY,2026-03-02 10:00\n${'p-2,payment,1.00,CNY,2026-03-02 10:00\n'.repeat(20_000)}`,
      });
      expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([422, 'reconcile_bad_amount']);
    } finally {
      await t.app.server.close();
    }
  });

  it('names the line of a bad row', async () => {
    const res = await upload('reference,type,amount,currency,time\np-1,payment,1.00,CNY,2026-03-02 10:00\np-2,payment,abc,CNY,2026-03-02 10:00\n');
    expect(res.json()).toMatchObject({ code: 'reconcile_bad_amount', line: 3 });
  });

  it('refuses more rows than allowed, an unknown mapping and a JSON body', async () => {
    const small = await testApp(db(), { reconcileMaxRows: 2 }, t.clock);
    const res = await small.app.inject({
      method: 'POST',
      url: '/v1/settlement/reconciliations',
      headers: { ...(await small.as('finance')), 'content-type': 'text/csv' },
      payload: 'reference,type,amount,currency,time\na,pay,1,CNY,2026-03-02\nb,pay,1,CNY,2026-03-02\nc,pay,1,CNY,2026-03-02\n',
    });
    expect([res.statusCode, res.json().code]).toEqual([413, 'reconcile_too_many_rows']);
    await small.app.close();
    expect((await upload(goodFile(), '?mapping=nope')).json().code).toBe('reconcile_mapping_not_found');
    const json = await t.app.inject({ method: 'POST', url: '/v1/settlement/reconciliations', headers: finance, payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
  });

  it('removes a run whose upload was interrupted, after six hours', async () => {
    const at = t.clock.now();
    await db().q.insertInto('reconcile_runs').values({ id: 'interrupted', source: 'x', mapping: '{}', state: 'loading', period_from: null, period_to: null, file_rows: 0, summary: '{}', created_by: 'x', created_at: at.toISOString(), finished_at: null }).execute();
    await db().q.insertInto('reconcile_rows').values({ run_id: 'interrupted', line: 2, reference: 'r', kind: 'payment', amount: 1, currency: 'CNY', at: at.toISOString() }).execute();
    expect(await removeAbandonedLoads(db(), new Date(at.getTime() + 3_600_000))).toBe(0);
    expect(await removeAbandonedLoads(db(), new Date(at.getTime() + 7 * 3_600_000))).toBe(1);
    expect(await db().q.selectFrom('reconcile_rows').select('line').where('run_id', '=', 'interrupted').execute()).toEqual([]);
  });

  it('is for finance: operations and merchants may not upload', async () => {
    for (const role of ['operations', 'merchant', 'customer_service'] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/settlement/reconciliations', headers: { ...(await t.as(role, role === 'merchant' ? 'm1' : undefined)), 'content-type': 'text/csv' }, payload: goodFile() });
      expect(res.statusCode).toBe(403);
    }
  });
});
