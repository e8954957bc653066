import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { describeBrowser, eventually, type Server, screenshot, signIn } from './harness.js';

/**
 * Issue 9 end to end in the browser: operations build a claim activity in the console's wizard,
 * two other people approve it in the approvals inbox, and a shopper claims its coupon in the
 * storefront. The ledger's figures for the activity are read through the API around each step.
 */

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const focusedId = (page: Page) => page.evaluate<string | null>('document.activeElement?.id ?? null');
const ACTIVITY_NAME = 'Spring tea tasting';
const QUANTITY = 10;
const SHOPPER = 'shopper-han';

/** A day (yyyy-mm-dd) in the platform's time zone, `offsetDays` from now. */
function platformDay(offsetDays: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: loadConfig({}).timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.now() + offsetDays * 86_400_000));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

interface FrozenLine {
  id: string;
  amount: number;
  pending_out: number;
}
interface Statement {
  funded: number;
  available: number;
  frozen: number;
  frozen_templates: FrozenLine[];
  frozen_activities: FrozenLine[];
}
interface ActivityView {
  id: string;
  state: string;
  method: string;
  starts_at: string | null;
  ends_at: string | null;
  audience: { kind: string };
  coupons: { template_id: string; quantity: number; issued: number; per_user_limit: number; validity: unknown; condition: unknown; scope: unknown }[];
}

async function statement(server: Server, key: string, budgetId: string) {
  const budget = await server.call<{ statement: Statement }>(key, 'GET', `/v1/coupon-budgets/${budgetId}`);
  const s = budget.statement;
  const line = (lines: FrozenLine[], id: string) => lines.find((l) => l.id === id) ?? null;
  return { ...s, template: (id: string) => line(s.frozen_templates, id), activity: (id: string) => line(s.frozen_activities, id) };
}

/** The shopper's coupons through the storefront API, as the storefront asks with a shopper token. */
async function shopperCoupons(server: Server, shopperId: string): Promise<{ activity_id: string; item_id: string; state: string }[]> {
  const storefront = await server.key('storefront');
  const minted = await fetch(`${server.url}/v1/demo/shoppers/${shopperId}/token`, { method: 'POST' });
  const { token } = (await minted.json()) as { token: string };
  const res = await fetch(`${server.url}/v1/shopper/coupons`, { headers: { authorization: `Bearer ${storefront}`, 'x-shopper-token': token } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { activity_id: string; item_id: string; state: string }[] }).items;
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await eventually(() => heading(page)).toBe('Sign in');
}

describeBrowser(
  'console coupon activity wizard',
  ({ server, page: newPage }) => {
    it('ops builds a claim activity in the wizard, two reviewers approve it, a shopper claims its coupon', async () => {
      const ops = await server().key('operations');
      const templates = await server().call<{ items: { id: string; name_en: string; budget_id: string; value: number; stock: number }[] }>(ops, 'GET', '/v1/coupon-templates');
      const template = templates.items.find((tp) => tp.name_en === '¥20 off ¥100');
      if (!template) throw new Error('the demo template ¥20 off ¥100 is missing');
      expect(template.value).toBe(2_000);
      const budgetId = template.budget_id;
      const before = await statement(server(), ops, budgetId);

      // 1. ops runs the wizard.
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(page, server().url, 'ops');
      await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Activities' }).click();
      await eventually(() => heading(page)).toBe('Activities');
      await page.getByRole('link', { name: 'New activity' }).click();
      await eventually(() => heading(page)).toBe('New activity');
      const step = page.getByRole('region', { name: /./ }).filter({ has: page.locator('#wizard-step') });
      const stepTitle = () => page.locator('#wizard-step').textContent();

      // Method: nothing filled in → the form says so beside the fields, and stays on the step.
      await eventually(() => stepTitle()).toBe('Method');
      await page.getByRole('button', { name: 'Next' }).click();
      const name = page.getByRole('textbox', { name: 'Name', exact: true });
      await eventually(() => name.getAttribute('aria-invalid')).toBe('true');
      await eventually(() => step.getByText('Required.').count()).toBe(2);
      expect(await stepTitle()).toBe('Method');
      // The first field to fix has the focus.
      const budgetField = await page.getByLabel('Budget').getAttribute('id');
      await eventually(() => focusedId(page)).toBe(budgetField);
      await eventually(() => page.getByLabel('Budget').locator('option').count()).toBeGreaterThan(1);
      await page.getByLabel('Budget').selectOption(budgetId);
      await name.fill(ACTIVITY_NAME);
      await page.getByLabel('How shoppers get the coupons').selectOption('claim');
      await page.getByLabel('Description (shown to shoppers)').fill('One per shopper, while stocks last.');
      await page.getByRole('button', { name: 'Next' }).click();

      // Window: an end before the start is refused beside "Ends after". The new step's heading has the focus.
      await eventually(() => stepTitle()).toBe('Window');
      await eventually(() => focusedId(page)).toBe('wizard-step');
      await page.getByLabel('Starts on').fill(platformDay(0));
      await page.getByLabel('Ends after').fill(platformDay(-1));
      await page.getByRole('button', { name: 'Next' }).click();
      await eventually(() => page.getByLabel('Ends after').getAttribute('aria-invalid')).toBe('true');
      expect(await step.getByText('The end must not be before the start.').count()).toBe(1);
      // Enter in a field goes on, as the Next button does.
      await page.getByLabel('Ends after').fill(platformDay(30));
      await page.getByLabel('Ends after').press('Enter');

      // Audience: every shopper.
      await eventually(() => stepTitle()).toBe('Audience');
      await page.getByRole('combobox', { name: 'Audience', exact: true }).selectOption('all');
      await page.getByRole('button', { name: 'Next' }).click();

      // Coupons and rules: one coupon of the demo template, with every rule.
      await eventually(() => stepTitle()).toBe('Coupons and rules');
      const coupon = page.getByRole('group', { name: 'Coupon 1' });
      await eventually(() => coupon.getByLabel('Template').locator(`option[value="${template.id}"]`).count()).toBe(1);
      await coupon.getByLabel('Template').selectOption(template.id);
      // More than the template has left, and a per-shopper limit above the quantity: said beside each field.
      await coupon.getByLabel('Quantity').fill(String(template.stock + 1));
      await coupon.getByLabel('Per shopper').fill(String(template.stock + 2));
      await page.getByRole('button', { name: 'Next' }).click();
      await eventually(() => coupon.getByLabel('Quantity').getAttribute('aria-invalid')).toBe('true');
      expect(await coupon.getByText('More than the template has left.').count()).toBe(1);
      expect(await coupon.getByLabel('Per shopper').getAttribute('aria-invalid')).toBe('true');
      expect(await coupon.getByText('Not more than the quantity.').count()).toBe(1);
      await coupon.getByLabel('Quantity').fill(String(QUANTITY));
      await coupon.getByLabel('Per shopper').fill('1');
      await coupon.getByLabel('Valid', { exact: true }).selectOption('days');
      await coupon.getByLabel('Days', { exact: true }).fill('7');
      await coupon.getByLabel('Threshold').selectOption('min_spend');
      await coupon.getByLabel('Spend at least').fill('lots');
      await coupon.getByLabel('Applies to').selectOption('merchants');
      await page.getByRole('button', { name: 'Next' }).click();
      await eventually(() => coupon.getByLabel('Spend at least').getAttribute('aria-invalid')).toBe('true');
      expect(await coupon.getByText('An amount above zero, such as 100 or 99.50.').count()).toBe(1);
      expect(await coupon.getByLabel('Ids').getAttribute('aria-invalid')).toBe('true');
      expect(await stepTitle()).toBe('Coupons and rules');
      await coupon.getByLabel('Spend at least').fill('150');
      await coupon.getByLabel('Ids').fill('m-tea, m-books');
      await page.getByRole('button', { name: 'Next' }).click();

      // Preview: what the shopper will see.
      await eventually(() => stepTitle()).toBe('Preview');
      const preview = page.getByTestId('shopper-preview');
      await eventually(() => preview.textContent()).toContain(ACTIVITY_NAME);
      const previewText = (await preview.textContent()) ?? '';
      expect(previewText).toContain('¥20.00');
      expect(previewText).toContain('¥20 off ¥100');
      expect(previewText).toContain('On orders from ¥150.00');
      expect(previewText).toContain('Valid 7 days after claiming');
      expect(previewText).toContain('Up to 1 per shopper');
      expect(previewText).toContain('Applies to: Some merchants (m-tea, m-books)');
      expect(previewText).toContain('One per shopper, while stocks last.');
      await screenshot(page, 'console-activity-wizard');

      await page.getByRole('button', { name: 'Create the draft' }).click();
      await eventually(() => heading(page)).toBe(ACTIVITY_NAME);
      const activityId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      await eventually(() => page.getByTestId('activity-state').textContent()).toBe('Draft');
      const draft = await server().call<ActivityView>(ops, 'GET', `/v1/coupon-activities/${activityId}`);
      expect(draft).toMatchObject({ state: 'draft', method: 'claim', audience: { kind: 'all' } });
      expect(Date.parse(draft.starts_at ?? '')).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(draft.ends_at ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      expect(draft.coupons).toHaveLength(1);
      expect(draft.coupons[0]).toMatchObject({
        template_id: template.id,
        quantity: QUANTITY,
        issued: 0,
        per_user_limit: 1,
        validity: { kind: 'days', days: 7 },
        condition: { kind: 'min_spend', amount: 15_000 },
        scope: { kind: 'merchants', ids: ['m-tea', 'm-books'] },
      });

      // Submitting holds the coupons' value on its way from the template to the activity.
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await eventually(() => page.getByTestId('activity-state').textContent()).toBe('In review');
      const submitted = await statement(server(), ops, budgetId);
      expect(submitted.template(template.id)?.pending_out).toBe((before.template(template.id)?.pending_out ?? 0) + QUANTITY * 2_000);
      expect(submitted.activity(activityId)).toBeNull();
      await signOut(page);

      // 2. ops2 gives the first review in the approvals inbox, finance the final one.
      for (const [username, next] of [
        ['ops2', 'Final review'],
        ['finance', null],
      ] as const) {
        await signIn(page, server().url, username);
        await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Approvals' }).click();
        await eventually(() => heading(page)).toBe('Approvals');
        const row = page.getByRole('row').filter({ hasText: `coupon_activity:${activityId}` });
        await eventually(() => row.count()).toBe(1);
        await row.getByRole('link', { name: 'coupon.activity_publish' }).click();
        await eventually(() => heading(page)).toBe('Approval request');
        await page.getByLabel('Comment').fill(`Checked by ${username}`);
        await page.getByRole('button', { name: 'Approve' }).click();
        if (next) await eventually(() => page.getByRole('heading', { name: next }).count()).toBe(1);
        else await eventually(() => page.getByText('Approved', { exact: true }).count()).toBeGreaterThan(0);
        if (username === 'finance') break;
        await signOut(page);
      }

      // The activity runs (its window started today), in the list and on its page.
      await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Activities' }).click();
      const listed = page.getByRole('row').filter({ hasText: ACTIVITY_NAME });
      await eventually(() => listed.count()).toBe(1);
      await eventually(() => listed.textContent()).toMatch(/Running|Scheduled/);
      await listed.getByRole('link', { name: ACTIVITY_NAME }).click();
      await eventually(() => page.getByTestId('activity-state').textContent()).toMatch(/^(Running|Scheduled)$/);
      const published = await server().call<ActivityView>(ops, 'GET', `/v1/coupon-activities/${activityId}`);
      expect(['running', 'scheduled']).toContain(published.state);

      // Publication moved the coupons' value from the template into the activity, exactly.
      const afterPublish = await statement(server(), ops, budgetId);
      expect(afterPublish.activity(activityId)).toEqual({ id: activityId, name: ACTIVITY_NAME, amount: QUANTITY * 2_000, pending_out: 0 });
      expect(afterPublish.template(template.id)?.amount).toBe((before.template(template.id)?.amount ?? 0) - QUANTITY * 2_000);
      expect(afterPublish.frozen).toBe(before.frozen);
      expect(afterPublish.available).toBe(before.available);
      expect(afterPublish.funded).toBe(before.funded);

      // 3. A shopper claims the coupon in the coupon centre and finds it in the wallet.
      const couponsBefore = (await shopperCoupons(server(), SHOPPER)).filter((c) => c.activity_id === activityId);
      expect(couponsBefore).toHaveLength(0);
      const shop = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
      await shop.goto(`${server().url}/shop/`);
      const picker = shop.getByLabel('Shopper');
      await eventually(() => picker.locator('option').count()).toBeGreaterThan(1);
      await picker.selectOption(SHOPPER);
      await eventually(() => shop.evaluate('sessionStorage.getItem("scrip.shop.shopper") !== null')).toBe(true);
      const sections = shop.getByRole('navigation', { name: 'Shop sections' });
      await sections.getByRole('link', { name: 'Coupon centre' }).click();
      const entry = shop.getByRole('listitem').filter({ hasText: ACTIVITY_NAME });
      await eventually(() => entry.count()).toBe(1);
      expect(await entry.textContent()).toContain('You have 0 of 1');
      await entry.getByRole('button', { name: 'Claim ¥20 off ¥100' }).click();
      await eventually(() => shop.getByRole('status').filter({ hasText: '¥20 off ¥100 is in your wallet.' }).count()).toBe(1);
      // At its per-shopper limit the coupon leaves this shopper's coupon centre.
      await eventually(() => entry.count()).toBe(0);

      await sections.getByRole('link', { name: 'Wallet' }).click();
      const walletCoupon = shop.getByTestId('coupon').filter({ hasText: 'On orders from ¥150.00' });
      await eventually(() => walletCoupon.count()).toBe(1);
      expect(await walletCoupon.textContent()).toContain('¥20 off ¥100');
      expect(await walletCoupon.textContent()).toContain('¥20.00');

      // Exactly one coupon from this activity went to the shopper; the activity counts it.
      const couponsAfter = (await shopperCoupons(server(), SHOPPER)).filter((c) => c.activity_id === activityId);
      expect(couponsAfter).toHaveLength(1);
      expect(couponsAfter[0]?.state).toBe('available');
      const claimed = await server().call<ActivityView>(ops, 'GET', `/v1/coupon-activities/${activityId}`);
      expect(claimed.coupons[0]?.issued).toBe(1);

      // An issued, unused coupon stays frozen in the activity: the figures do not move on a claim.
      const afterClaim = await statement(server(), ops, budgetId);
      expect(afterClaim.activity(activityId)).toEqual({ id: activityId, name: ACTIVITY_NAME, amount: QUANTITY * 2_000, pending_out: 0 });
      expect(afterClaim.template(template.id)?.amount).toBe(afterPublish.template(template.id)?.amount);
      expect(afterClaim.available).toBe(afterPublish.available);
      expect(afterClaim.frozen).toBe(afterPublish.frozen);
    });
  },
  { demo: true },
);
