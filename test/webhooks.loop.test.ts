import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { transaction } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/context.js';
import { type JobsHandle, startJobs } from '../src/jobs.js';
import { MODULES } from '../src/modules.js';
import { createApiKey } from '../src/platform/api-keys.js';
import { emitEvent } from '../src/platform/events.js';
import { verifySignature } from '../src/webhooks/signature.js';
import { describeEachDb } from './support/databases.js';
import { type Receiver, startReceiver } from './support/webhook-receiver.js';

/** The real job loop, as `scrip serve` runs it, delivers an event emitted by a committed change. */
describeEachDb('webhooks through the job loop', ({ db }) => {
  let app: App;
  let jobs: JobsHandle;
  let receiver: Receiver;
  const logLines: string[] = [];
  beforeAll(async () => {
    const stream = { write: (line: string) => logLines.push(line) };
    app = await buildApp(loadConfig({}), { db: db(), clock: systemClock, logger: { level: 'trace', stream } });
    await app.ready();
    jobs = startJobs(app.ctx, MODULES, app.log, 20);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await jobs.stop();
    await receiver.close();
    await app.close();
  });

  it('fans out and delivers in the background, signed, without the API request waiting', async () => {
    const { secret: key } = await transaction(db(), (tx) => createApiKey(tx, { name: 'loop', role: 'admin' }, 'test', new Date()));
    const created = await app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${key}` },
      payload: { url: receiver.url, event_types: ['loop.*'] },
    });
    expect(created.statusCode).toBe(201);
    const { secret } = created.json();
    const eventId = await transaction(db(), (tx) => emitEvent(tx, 'loop.happened', { n: 1 }, new Date()));
    const [got] = await receiver.waitFor(1);
    expect(got?.headers['scrip-event-id']).toBe(eventId);
    expect(verifySignature(got?.headers['scrip-signature'] as string, got?.body as string, secret).ok).toBe(true);

    // Everything logged at trace level, requests and job loop alike: never the secret.
    const rotated = await app.inject({ method: 'POST', url: `/v1/webhooks/${created.json().id}/rotate-secret`, headers: { authorization: `Bearer ${key}` } });
    const logs = logLines.join('');
    expect(logs).toContain('job runner started');
    expect(logs).toContain('/v1/webhooks');
    for (const hidden of [secret, rotated.json().secret, key]) expect(logs).not.toContain(hidden);
  });
});
