import { afterAll, beforeAll, expect, it } from 'vitest';
import { transaction } from '../src/db/database.js';
import { emitEvent } from '../src/platform/events.js';
import { deliverDue } from '../src/webhooks/deliver.js';
import { fanOutEvents } from '../src/webhooks/fan-out.js';
import { verifySignature } from '../src/webhooks/signature.js';
import { type TestApp, testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';
import { type Receiver, startReceiver } from './support/webhook-receiver.js';

const TIMEOUT_MS = 300;

describeEachDb('webhooks', ({ db }) => {
  let t: TestApp;
  let admin: Record<string, string>;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    t = await testApp(db(), { webhookTimeoutMs: TIMEOUT_MS, webhookMaxAttempts: 4 });
    admin = await t.as('admin');
  });
  afterAll(async () => {
    for (const receiver of receivers) await receiver.close();
    await t.app.close();
  });

  async function receiver(...script: Parameters<typeof startReceiver>) {
    const r = await startReceiver(...script);
    receivers.push(r);
    return r;
  }
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  async function endpoint(url: string, eventTypes: string[], extra: object = {}) {
    const res = await call('POST', '/v1/webhooks', { url, event_types: eventTypes, description: 'test', ...extra });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string };
  }
  async function emit(type: string, data: Record<string, unknown> = {}) {
    return transaction(db(), (tx) => emitEvent(tx, type, data, t.clock.now()));
  }
  const nowS = () => Math.floor(t.clock.now().getTime() / 1000);
  const work = async () => {
    await fanOutEvents(db(), t.clock.now());
    return deliverDue(t.app.ctx);
  };
  const deliveries = async (endpointId: string) => (await call('GET', `/v1/webhooks/${endpointId}/deliveries`)).json().items;

  it('registers an endpoint and shows its secret once, never again', async () => {
    const r = await receiver();
    const created = await endpoint(r.url, ['giftcard.*', 'giftcard.issued']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ url: r.url, event_types: ['giftcard.*'], enabled: true, description: 'test' });
    const shown = [
      await call('GET', `/v1/webhooks/${created.id}`),
      await call('GET', '/v1/webhooks'),
      await call('PATCH', `/v1/webhooks/${created.id}`, { description: 'renamed' }),
      await call('GET', `/v1/audit?entity_type=webhook_endpoint&entity_id=${created.id}`),
    ];
    for (const res of shown) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(created.secret);
    }
    expect(shown[0]?.json()).not.toHaveProperty('secret');
    expect(shown[1]?.json().items.map((e: { id: string }) => e.id)).toContain(created.id);
    expect(shown[3]?.json().items.map((e: { action: string }) => e.action)).toEqual(['webhook_endpoint.update', 'webhook_endpoint.create']);

    const empty = await call('PATCH', `/v1/webhooks/${created.id}`, {});
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'validation_failed']);
    const badUrl = await call('PATCH', `/v1/webhooks/${created.id}`, { url: 'file:///etc/passwd', enabled: false });
    expect([badUrl.statusCode, badUrl.json().code]).toEqual([400, 'webhook_url_invalid']);
    expect((await call('GET', `/v1/webhooks/${created.id}`)).json()).toMatchObject({ url: r.url, enabled: true, description: 'renamed' });
  });

  it.each([
    ['a scheme other than http(s)', { url: 'ftp://127.0.0.1/x', event_types: ['*'] }, 'webhook_url_invalid'],
    ['not a URL', { url: 'not a url', event_types: ['*'] }, 'webhook_url_invalid'],
    ['a relative URL', { url: '/hooks', event_types: ['*'] }, 'webhook_url_invalid'],
    ['credentials in the URL', { url: 'https://user:pw@example.com/h', event_types: ['*'] }, 'webhook_url_invalid'],
    ['javascript:', { url: 'javascript:alert(1)', event_types: ['*'] }, 'webhook_url_invalid'],
    ['no event types', { url: 'https://example.com/h', event_types: [] }, 'validation_failed'],
    ['a bad pattern', { url: 'https://example.com/h', event_types: ['Gift Card'] }, 'validation_failed'],
    ['an unknown field', { url: 'https://example.com/h', event_types: ['*'], secret: 'mine' }, 'validation_failed'],
  ])('refuses %s and creates nothing', async (_name, body, code) => {
    const before = (await call('GET', '/v1/webhooks?limit=200')).json().items.length;
    const res = await call('POST', '/v1/webhooks', body);
    expect([res.statusCode, res.json().code]).toEqual([400, code]);
    expect((await call('GET', '/v1/webhooks?limit=200')).json().items.length).toBe(before);
  });

  it('retries a failing receiver with backoff (500, time-out, dropped connection), signs every attempt, logs each', async () => {
    const r = await receiver({ status: 500 }, 'hang', 'close');
    const hook = await endpoint(r.url, ['card.*']);
    const eventId = await emit('card.issued', { card_id: 'c1', amount: 10000 });

    expect(await work()).toBe(1);
    expect(r.received).toHaveLength(1);
    let [delivery] = await deliveries(hook.id);
    const firstAttemptAt = t.clock.now().getTime();
    expect(delivery).toMatchObject({ event_id: eventId, state: 'pending', attempts: 1, last_status_code: 500 });
    expect(Date.parse(delivery.next_attempt_at)).toBe(firstAttemptAt + 30_000);

    t.clock.advance(29_999);
    expect(await work()).toBe(0);
    t.clock.advance(1);
    expect(await work()).toBe(1);
    [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ state: 'pending', attempts: 2, last_status_code: null, last_error: `no response within ${TIMEOUT_MS} ms` });
    expect(Date.parse(delivery.next_attempt_at)).toBe(t.clock.now().getTime() + 120_000);

    t.clock.advance(120_000);
    expect(await work()).toBe(1);
    [delivery] = await deliveries(hook.id);
    expect(delivery.state).toBe('pending');
    expect(delivery.last_error).toMatch(/^connection failed/);
    expect(Date.parse(delivery.next_attempt_at)).toBe(t.clock.now().getTime() + 480_000);

    t.clock.advance(480_000);
    expect(await work()).toBe(1);
    [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 4, next_attempt_at: null, last_status_code: 204, last_error: null });
    expect(delivery.attempt_log.map((a: { attempt: number; status_code: number | null; outcome: string }) => [a.attempt, a.status_code, a.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, null, 'retry'],
      [3, null, 'retry'],
      [4, 204, 'delivered'],
    ]);
    expect(delivery.attempt_log[1].duration_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);

    expect(r.received.map((x) => x.behaviour)).toEqual([{ status: 500 }, 'hang', 'close', 'ok']);
    for (const received of r.received) {
      expect(received.headers['content-type']).toBe('application/json');
      expect(received.headers['scrip-event-id']).toBe(eventId);
      expect(received.headers['scrip-event-type']).toBe('card.issued');
      expect(received.headers['scrip-delivery-id']).toBe(delivery.id);
      // The attempts span ten minutes of the manual clock; a receiver checks each when it arrives.
      const window = { nowS: nowS(), toleranceS: 900 };
      expect(verifySignature(received.headers['scrip-signature'] as string, received.body, hook.secret, window).ok).toBe(true);
      expect(verifySignature(received.headers['scrip-signature'] as string, received.body, 'whsec_wrong', window).ok).toBe(false);
      expect(verifySignature(received.headers['scrip-signature'] as string, received.body, hook.secret, { nowS: nowS() + 3600 })).toEqual({ ok: false, reason: 'too_old' });
      expect(JSON.parse(received.body)).toEqual({ id: eventId, type: 'card.issued', created_at: expect.any(String), data: { card_id: 'c1', amount: 10000 } });
    }
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    expect(await work()).toBe(0);
  });

  it('gives up after the configured attempts, then a replay delivers it again', async () => {
    const r = await receiver({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const hook = await endpoint(r.url, ['limit.test']);
    await emit('limit.test');
    for (let i = 0; i < 4; i++) {
      expect(await work()).toBe(1);
      t.clock.advance(13 * 3_600_000);
    }
    expect(await work()).toBe(0);
    let [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 4, next_attempt_at: null, last_status_code: 503 });
    expect(delivery.attempt_log.map((a: { outcome: string }) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);

    const replay = await call('POST', `/v1/webhook-deliveries/${delivery.id}/replay`);
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ id: delivery.id, state: 'pending' });
    expect(await work()).toBe(1);
    [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 5 });
    expect(r.received).toHaveLength(5);

    // A delivered delivery can be replayed too: the receiver gets the same event once more.
    expect((await call('POST', `/v1/webhook-deliveries/${delivery.id}/replay`)).statusCode).toBe(202);
    expect(await work()).toBe(1);
    expect(r.received).toHaveLength(6);
    expect(r.received[5]?.body).toBe(r.received[0]?.body);
    const one = (await call('GET', `/v1/webhook-deliveries/${delivery.id}`)).json();
    expect(one.attempt_log.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    const audit = (await call('GET', `/v1/audit?entity_type=webhook_delivery&entity_id=${delivery.id}`)).json();
    expect(audit.items).toHaveLength(2);
  });

  it('sends nothing to endpoints whose filter does not match, to disabled endpoints, or from before an endpoint existed', async () => {
    const early = await emit('filter.early');
    t.clock.advance(1000);
    const matching = await receiver();
    const other = await receiver();
    const disabled = await receiver();
    const hook = await endpoint(matching.url, ['filter.*']);
    const otherHook = await endpoint(other.url, ['filter.never', 'elsewhere.*']);
    const off = await endpoint(disabled.url, ['filter.*'], { enabled: false });
    const wanted = await emit('filter.wanted');
    await emit('unrelated.thing');
    await work();
    expect(matching.received.map((x) => x.headers['scrip-event-id'])).toEqual([wanted]);
    expect(matching.received.map((x) => x.headers['scrip-event-id'])).not.toContain(early);
    expect(other.received).toHaveLength(0);
    expect(disabled.received).toHaveLength(0);
    expect(await deliveries(otherHook.id)).toHaveLength(0);
    expect(await deliveries(off.id)).toHaveLength(0);

    // Re-enabled, it receives what happens from then on, not what it missed.
    expect((await call('PATCH', `/v1/webhooks/${off.id}`, { enabled: true })).json().enabled).toBe(true);
    const later = await emit('filter.later');
    await work();
    expect(disabled.received.map((x) => x.headers['scrip-event-id'])).toEqual([later]);
    expect(matching.received.map((x) => x.headers['scrip-event-id'])).toEqual([wanted, later]);

    // Disabling holds back deliveries already queued; replaying them is refused until re-enabled.
    expect((await call('PATCH', `/v1/webhooks/${hook.id}`, { enabled: false })).statusCode).toBe(200);
    matching.script({ status: 500 });
    expect((await call('PATCH', `/v1/webhooks/${hook.id}`, { enabled: true })).statusCode).toBe(200);
    await emit('filter.held');
    await work();
    expect((await call('PATCH', `/v1/webhooks/${hook.id}`, { enabled: false })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect(await work()).toBe(0);
    const held = (await deliveries(hook.id)).find((d: { event_type: string }) => d.event_type === 'filter.held');
    expect(held.state).toBe('pending');
    const refused = await call('POST', `/v1/webhook-deliveries/${held.id}/replay`);
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'webhook_endpoint_disabled']);
    await call('PATCH', `/v1/webhooks/${hook.id}`, { enabled: false, event_types: ['filter.*'] });
  });

  it('rotates the secret: both sign during the overlap, then only the new one', async () => {
    const r = await receiver();
    const hook = await endpoint(r.url, ['rotate.*']);
    const rotated = await call('POST', `/v1/webhooks/${hook.id}/rotate-secret`, { previous_secret_valid_s: 3600 });
    expect(rotated.statusCode).toBe(200);
    const { secret } = rotated.json();
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(hook.secret);
    expect(Date.parse(rotated.json().previous_secret_expires_at)).toBe(t.clock.now().getTime() + 3_600_000);
    await emit('rotate.one');
    await work();
    const header = r.received[0]?.headers['scrip-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    const body = r.received[0]?.body as string;
    expect(verifySignature(header, body, secret, { nowS: nowS() }).ok).toBe(true);
    expect(verifySignature(header, body, hook.secret, { nowS: nowS() }).ok).toBe(true);

    t.clock.advance(3_600_000);
    await emit('rotate.two');
    await work();
    const later = r.received[1]?.headers['scrip-signature'] as string;
    expect(later.match(/v1=/g)).toHaveLength(1);
    expect(verifySignature(later, r.received[1]?.body as string, secret, { nowS: nowS() }).ok).toBe(true);
    expect(verifySignature(later, r.received[1]?.body as string, hook.secret, { nowS: nowS() }).ok).toBe(false);

    const immediate = await call('POST', `/v1/webhooks/${hook.id}/rotate-secret`, { previous_secret_valid_s: 0 });
    expect(immediate.json().previous_secret_expires_at).toBeNull();
    const defaulted = await call('POST', `/v1/webhooks/${hook.id}/rotate-secret`);
    expect(Date.parse(defaulted.json().previous_secret_expires_at)).toBe(t.clock.now().getTime() + 86_400_000);
  });

  it('deletes an endpoint: its open deliveries are cancelled, its log stays readable, replay is refused', async () => {
    const r = await receiver({ status: 500 });
    const hook = await endpoint(r.url, ['gone.*']);
    await emit('gone.one');
    await work();
    expect((await call('DELETE', `/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/v1/webhooks/${hook.id}`)).json().code).toBe('webhook_endpoint_not_found');
    expect((await call('DELETE', `/v1/webhooks/${hook.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/v1/webhooks/${hook.id}`, { enabled: true })).statusCode).toBe(404);
    const [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ state: 'cancelled', attempts: 1 });
    const replay = await call('POST', `/v1/webhook-deliveries/${delivery.id}/replay`);
    expect([replay.statusCode, replay.json().code]).toEqual([409, 'webhook_endpoint_deleted']);
    await emit('gone.two');
    t.clock.advance(60_000);
    await work();
    expect(r.received).toHaveLength(1);
    expect((await call('GET', '/v1/webhook-deliveries/nope')).json().code).toBe('webhook_delivery_not_found');
    expect((await call('GET', '/v1/webhooks/nope/deliveries')).json().code).toBe('webhook_endpoint_not_found');
  });

  it('lets auditors read but not change webhooks; other roles get nothing', async () => {
    const auditor = await t.as('auditor');
    const operations = await t.as('operations');
    expect((await call('GET', '/v1/webhooks', undefined, auditor)).statusCode).toBe(200);
    expect((await call('POST', '/v1/webhooks', { url: 'https://example.com', event_types: ['*'] }, auditor)).statusCode).toBe(403);
    expect((await call('GET', '/v1/webhooks', undefined, operations)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/v1/webhooks' })).statusCode).toBe(401);
  });
});
