import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { checkPassword } from '../platform/passwords.js';
import { resolveShopperSecret } from '../platform/shopper-secret.repo.js';
import { verifyShopperToken } from '../platform/shopper-token.js';
import { findStaffUserByUsername } from '../platform/staff-users.repo.js';
import { describeEachDb } from '../../test/support/databases.js';
import { createStaffFromCli, readPasswordFromStdin, shopperTokenFromCli, staffCliProblems } from './staff.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');

describeEachDb('scrip staff create / scrip shoppers token', ({ db }) => {
  it('creates a staff user with a piped password, or prints a generated one once', async () => {
    const piped = await readPasswordFromStdin(Readable.from(['piped password 123\n']));
    expect(piped).toBe('piped password 123');
    const lines = await createStaffFromCli(db(), { username: 'Root', role: 'admin', password: piped }, NOW);
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(piped);
    const root = await findStaffUserByUsername(db(), 'root');
    expect(await checkPassword(root?.password_hash ?? null, piped)).toBe(true);

    const generated = await createStaffFromCli(db(), { username: 'shop', role: 'merchant', merchantId: 'm-3' }, NOW);
    const password = /password \(shown once, store it now\): (\S+)$/.exec(generated[1] ?? '')?.[1] as string;
    const shop = await findStaffUserByUsername(db(), 'shop');
    expect(shop).toMatchObject({ role: 'merchant', merchant_id: 'm-3' });
    expect(await checkPassword(shop?.password_hash ?? null, password)).toBe(true);
    const audit = await db().q.selectFrom('audit_log').select(['actor_id', 'action']).where('entity_id', '=', shop?.id ?? '').execute();
    expect(audit).toEqual([{ actor_id: 'cli:staff create', action: 'staff_user.create' }]);
  });

  it('mints a shopper token the API accepts', async () => {
    const config = loadConfig({});
    const token = await shopperTokenFromCli(db(), config, 'cli-shopper', 600, NOW);
    const secret = await resolveShopperSecret(db(), undefined, NOW);
    expect(verifyShopperToken(secret.value, token, NOW, config.shopperTokenMaxTtlS)).toMatchObject({ ok: true, shopperId: 'cli-shopper' });
  });
});

it('refuses bad arguments before touching the database', () => {
  expect(staffCliProblems({ username: 'ok-name', role: 'admin' })).toEqual([]);
  expect(staffCliProblems({ username: 'x', role: 'integration', password: 'short' })).toHaveLength(3);
});
