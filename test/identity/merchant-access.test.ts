import { expect, it } from 'vitest';
import { Problem } from '../../src/errors.js';
import { assertMerchantAccess, merchantScope } from '../../src/platform/merchant-access.js';
import type { Principal } from '../../src/platform/principal.js';
import { testApp } from '../support/app.js';
import { describeEachDb } from '../support/databases.js';
import { makeStaff, signIn } from '../support/identity.js';

function refusal(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (error) {
    return error;
  }
}

describeEachDb('merchant scoping', ({ db }) => {
  it('binds merchant keys and merchant staff to their own merchant', async () => {
    const t = await testApp(db());
    await makeStaff(db(), 'shopkeeper', 'merchant', 'm-1');
    const session = await signIn(t.app, 'shopkeeper');
    const viaSession = (await t.app.inject({ url: '/v1/sessions/current', headers: { cookie: session.cookie } })).json().user;
    const viaKey = (await t.app.inject({ url: '/v1/sessions/current', headers: await t.as('merchant', 'm-1') })).json().user;
    for (const who of [viaSession, viaKey]) {
      expect(who).toMatchObject({ role: 'merchant', merchant_id: 'm-1' });
      const principal: Principal = { kind: who.kind, id: who.id, role: who.role, merchantId: who.merchant_id };
      expect(refusal(() => assertMerchantAccess(principal, 'm-1'))).toBeNull();
      expect(merchantScope(principal)).toBe('m-1');
      for (const other of ['m-2', null, undefined]) {
        const error = refusal(() => assertMerchantAccess(principal, other));
        expect(error).toBeInstanceOf(Problem);
        expect(error).toMatchObject({ code: 'wrong_merchant', status: 403 });
      }
    }
    await t.app.close();
  });
});

it('lets every other role reach any merchant, and refuses a merchant caller without a merchant', () => {
  for (const role of ['admin', 'finance', 'auditor', 'integration'] as const) {
    const principal: Principal = { kind: 'api_key', id: 'key:x', role };
    expect(refusal(() => assertMerchantAccess(principal, 'm-9'))).toBeNull();
    expect(merchantScope(principal)).toBeUndefined();
  }
  const broken: Principal = { kind: 'api_key', id: 'key:y', role: 'merchant' };
  expect(refusal(() => merchantScope(broken))).toMatchObject({ code: 'wrong_merchant' });
  expect(refusal(() => assertMerchantAccess(broken, undefined))).toMatchObject({ code: 'wrong_merchant' });
});
