import { expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SHOPPERS, seedDemo } from '../src/demo/seed.js';
import { verifyAll } from '../src/verify.js';
import { testApp } from './support/app.js';
import { describeEachDb } from './support/databases.js';
import { signIn } from './support/identity.js';

describeEachDb('demo mode', ({ db }) => {
  it('seeds an empty database once, lets the shop pick a shopper, and stays consistent', async () => {
    const t = await testApp(db(), { demo: true });
    expect(await seedDemo(t.app, t.clock.now())).toBe(true);
    expect(await seedDemo(t.app, t.clock.now())).toBe(false);
    const list = await t.app.inject('/v1/demo/shoppers');
    expect(list.json().items.map((s: { id: string }) => s.id).sort()).toEqual(DEMO_SHOPPERS.map((s) => s.id).sort());
    const token = await t.app.inject({ method: 'POST', url: '/v1/demo/shoppers/shopper-li/token' });
    expect(token.headers['cache-control']).toBe('no-store');
    const me = await t.app.inject({ url: '/v1/shopper', headers: { 'x-shopper-token': token.json().token } });
    expect(me.json()).toMatchObject({ id: 'shopper-li', region_code: '110105' });
    expect((await t.app.inject({ method: 'POST', url: '/v1/demo/shoppers/nobody/token' })).statusCode).toBe(404);
    const session = await signIn(t.app, 'finance', DEMO_PASSWORD);
    expect(session.response.json().user).toMatchObject({ role: 'finance' });
    expect((await verifyAll(db())).ok).toBe(true);
    await t.app.close();
  });

  it('has no demo routes outside demo mode', async () => {
    const t = await testApp(db());
    expect((await t.app.inject('/v1/demo/shoppers')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/v1/demo/shoppers/shopper-li/token' })).statusCode).toBe(404);
    await t.app.close();
  });
});
