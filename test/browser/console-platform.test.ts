import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { transaction } from '../../src/db/database.js';
import type { Module } from '../../src/module.js';
import { submitApproval } from '../../src/platform/approvals.js';
import type { Actor } from '../../src/platform/principal.js';
import { deliverDue } from '../../src/webhooks/deliver.js';
import { fanOutEvents } from '../../src/webhooks/fan-out.js';
import { describeBrowser, eventually, type Server, screenshot, signIn } from './harness.js';

/** An approval kind that holds money between two ledger accounts, like the domains' kinds do. */
const reviewed: string[] = [];
const spendKind: Module = {
  name: 'browser-approvals',
  approvalKinds: {
    'test.spend': {
      hold: (payload) => ({ debitAccountId: String(payload.from), creditAccountId: String(payload.to), amount: Number(payload.amount), currency: 'CNY', code: 'test.spend' }),
      onApproved: async (_tx, request) => {
        reviewed.push(request.id);
      },
    },
  },
};

let n = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function submitSpend(server: Server, amount: number): Promise<string> {
  const admin = await server.key('admin');
  const [from, to] = [uid('budget'), uid('frozen')];
  await server.call(admin, 'POST', '/v1/ledger/accounts', { id: from, code: 'coupon.budget', currency: 'CNY' });
  await server.call(admin, 'POST', '/v1/ledger/accounts', { id: to, code: 'coupon.frozen', currency: 'CNY' });
  const maker: Actor = { principal: { kind: 'api_key', id: 'key:maker', role: 'operations', name: 'maker' }, requestId: null, ip: null, channel: 'api' };
  const request = await transaction(server.db, (tx) =>
    submitApproval(tx, server.app.ctx.approvalKinds, { kind: 'test.spend', subject: `budget:${from}`, payload: { from, to, amount } }, maker, new Date()),
  );
  return request.id;
}

describeBrowser(
  'console platform screens',
  ({ server, page: newPage }) => {
    let receiver: HttpServer;
    let receiverUrl = '';
    beforeAll(async () => {
      receiver = createServer((_req, res) => {
        res.statusCode = 204;
        res.end();
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    });
    afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('reviews a request in two stages by two people, with comments, after a reload restores the session', async () => {
      const id = await submitSpend(server(), 123_45);
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(page, server().url, 'ops');
      const nav = page.getByRole('navigation', { name: 'Console navigation' });
      expect(await nav.getByRole('link', { name: 'Approvals' }).count()).toBe(1);
      expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);
      await nav.getByRole('link', { name: 'Approvals' }).click();
      await eventually(() => heading(page)).toBe('Approvals');

      // Reloading keeps the staff session (cookie + CSRF token) and the page.
      await page.reload();
      await eventually(() => heading(page)).toBe('Approvals');
      const row = page.getByRole('row').filter({ hasText: 'test.spend' });
      await eventually(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain('¥123.45');
      expect(await row.textContent()).toContain('Waiting for first review');
      await screenshot(page, 'console-approvals');
      await row.getByRole('link', { name: 'test.spend' }).click();
      await eventually(() => heading(page)).toBe('Approval request');
      expect(await page.getByTestId('approval-amount').textContent()).toBe('¥123.45');
      expect(await page.getByText('key:maker').count()).toBeGreaterThan(0);

      // A rejection needs a comment: said beside the field, nothing sent.
      await page.getByRole('button', { name: 'Reject' }).click();
      await eventually(() => page.getByText('A rejection needs a comment saying why.').count()).toBe(1);
      expect(await page.getByLabel('Comment').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Comment').fill('Budget checked against the plan');
      await page.getByRole('button', { name: 'Approve' }).click();
      await eventually(() => page.getByRole('heading', { name: 'Final review' }).count()).toBe(1);
      expect(await page.getByTestId('approval-history').textContent()).toContain('First review: approved');
      // The first reviewer may not also give the final review: the API says so.
      await page.getByRole('button', { name: 'Approve' }).click();
      await eventually(() => page.getByRole('alert').filter({ hasText: 'approval_' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await eventually(() => heading(page)).toBe('Sign in');

      // Finance gives the final review, in Chinese.
      await signIn(page, server().url, 'finance', `/console/approvals/${id}`);
      await eventually(() => heading(page)).toBe('Approval request');
      await page.getByLabel('Language').selectOption('zh-CN');
      await eventually(() => heading(page)).toBe('审批申请');
      await page.getByRole('button', { name: '通过' }).click();
      await eventually(() => page.getByText('已通过', { exact: true }).count()).toBeGreaterThan(0);
      expect(await page.getByTestId('approval-history').textContent()).toContain('复审：通过');
      expect(await page.getByTestId('approval-history').textContent()).toContain('Budget checked against the plan');
      expect(reviewed).toContain(id);
      await page.getByLabel('语言').selectOption('en');
    });

    it('creates an API key whose secret is shown once, and revokes it', async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      page.on('dialog', (dialog) => void dialog.accept());
      await signIn(page, server().url, 'admin', '/console/api-keys');
      await eventually(() => heading(page)).toBe('API keys');
      const form = page.getByRole('region', { name: 'New API key' });

      // Checked as the API checks: a name is required, a merchant key names its merchant.
      await form.getByRole('button', { name: 'Create key' }).click();
      await eventually(() => form.getByText('Required.').count()).toBe(1);
      await form.getByLabel('Name').fill('Checkout system');
      await form.getByLabel('Role').selectOption('merchant');
      await form.getByRole('button', { name: 'Create key' }).click();
      await eventually(() => form.getByText('Required.').count()).toBe(1);
      await form.getByLabel('Merchant').fill('tea house');
      await form.getByRole('button', { name: 'Create key' }).click();
      await eventually(() => form.getByText(/Not in the expected form/).count()).toBe(1);
      await form.getByLabel('Role').selectOption('integration');
      await form.getByRole('button', { name: 'Create key' }).click();

      await eventually(() => page.getByTestId('secret-value').textContent()).toMatch(/^sk_/);
      const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
      const works = await fetch(`${server().url}/v1/merchants`, { headers: { authorization: `Bearer ${secret}` } });
      expect(works.status).toBe(200);
      await screenshot(page, 'console-api-key-created');
      await page.getByRole('button', { name: 'I have stored it' }).click();
      await eventually(() => page.getByTestId('secret-value').count()).toBe(0);

      const row = page.getByRole('row').filter({ hasText: 'Checkout system' });
      await eventually(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain('Active');
      await row.getByRole('button', { name: 'Revoke Checkout system' }).click();
      await eventually(() => row.textContent()).toContain('Revoked');
      expect((await fetch(`${server().url}/v1/merchants`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    });

    it('registers a webhook, shows its delivery and sends it again; staff users, jobs, catalog and the audit log', async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      page.on('dialog', (dialog) => void dialog.accept());
      await signIn(page, server().url, 'admin', '/console/webhooks');
      await eventually(() => heading(page)).toBe('Webhooks');
      const form = page.getByRole('region', { name: 'New endpoint' });
      await form.getByLabel('URL').fill('ftp://example.com/hook');
      await form.getByRole('button', { name: 'Register endpoint' }).click();
      await eventually(() => form.getByText('An absolute http:// or https:// address.').count()).toBe(1);
      await form.getByLabel('URL').fill(receiverUrl);
      await form.getByLabel('Event types').fill('approval.*');
      await form.getByRole('button', { name: 'Register endpoint' }).click();
      await eventually(() => page.getByTestId('secret-value').textContent()).toMatch(/^whsec_/);
      await page.getByRole('button', { name: 'I have stored it' }).click();

      // An event after the endpoint exists, fanned out and delivered as the background jobs would.
      await submitSpend(server(), 500);
      await fanOutEvents(server().db, new Date());
      await deliverDue(server().app.ctx);

      await page.getByRole('link', { name: receiverUrl }).click();
      await eventually(() => heading(page)).toBe('Webhook endpoint');
      const delivery = page.getByRole('row').filter({ hasText: 'approval.requested' });
      await eventually(() => delivery.textContent()).toContain('Delivered');
      expect(await delivery.textContent()).toContain('HTTP 204');
      await screenshot(page, 'console-webhook');
      await delivery.getByRole('button', { name: /^Send approval\.requested/ }).click();
      await eventually(() => delivery.textContent()).toContain('Pending');

      // Staff users: a generated password is shown once; disabling shows at once.
      await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Staff users' }).click();
      await eventually(() => heading(page)).toBe('Staff users');
      const staffForm = page.getByRole('region', { name: 'New staff user' });
      await staffForm.getByLabel('Username').fill('x');
      await staffForm.getByRole('button', { name: 'Create user' }).click();
      await eventually(() => staffForm.getByText(/Not in the expected form/).count()).toBe(1);
      // The API's refusal lands beside the field it is about.
      await staffForm.getByLabel('Username').fill('ops');
      await staffForm.getByRole('button', { name: 'Create user' }).click();
      await eventually(() => staffForm.getByText('This username is taken').count()).toBeGreaterThan(0);
      expect(await staffForm.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
      await staffForm.getByLabel('Username').fill('new.clerk');
      await staffForm.getByRole('button', { name: 'Create user' }).click();
      await eventually(() => page.getByTestId('secret-value').count()).toBe(1);
      await page.getByRole('button', { name: 'I have stored it' }).click();
      const clerk = page.getByRole('row').filter({ hasText: 'new.clerk' });
      await clerk.getByRole('button', { name: 'Disable new.clerk' }).click();
      await eventually(() => clerk.textContent()).toContain('Disabled');

      // Merchants and categories from the demo data.
      await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Merchants and categories' }).click();
      await eventually(() => page.getByRole('cell', { name: 'm-tea', exact: true }).count()).toBe(1);
      await eventually(() => page.getByRole('cell', { name: 'Tea', exact: true }).count()).toBe(1);

      // Jobs answer (none run in this test server).
      await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Jobs' }).click();
      await eventually(() => heading(page)).toBe('Jobs');
      await eventually(() => page.getByRole('status').filter({ hasText: /No jobs|Showing/ }).count()).toBe(1);

      // Audit log: filter by action, see the key revocation and the replay; check the chain.
      await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Audit log' }).click();
      await eventually(() => heading(page)).toBe('Audit log');
      await page.getByLabel('Action').fill('webhook_delivery.replay');
      await page.getByRole('button', { name: 'Apply' }).click();
      const rows = page.getByRole('table', { name: 'Audit log' }).locator('tbody tr');
      await eventually(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('webhook_delivery.replay');
      await screenshot(page, 'console-audit-log');
      // A day range that ends before today finds nothing.
      await page.getByLabel('From day').fill('2020-01-01');
      await page.getByLabel('To day').fill('2020-01-02');
      await page.getByRole('button', { name: 'Apply' }).click();
      await eventually(() => rows.count()).toBe(0);
      await page.getByRole('button', { name: 'Check the hash chain' }).click();
      await eventually(() => page.getByTestId('audit-verify').textContent()).toMatch(/The chain is intact/);
    });
  },
  { demo: true, extraModules: [spendKind] },
);
