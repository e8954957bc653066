import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { formatMoney } from '../../web/src/shared/money.js';
import { describeBrowser, eventually, screenshot } from './harness.js';

interface Series<D> {
  days: D[];
}

describeBrowser(
  'console dashboard with demo data',
  ({ server, page: newPage }) => {
    it('draws liability, budgets, payments and claims, and what expires, with their data as tables', async () => {
      const page = await newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(`${server().url}/console/`);
      await page.getByLabel('Username').fill('finance');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');

      const charts = page.locator('.dashboard__charts figure.chart');
      await eventually(() => charts.locator('svg').count()).toBe(4);
      expect(await charts.locator('figcaption').allTextContents()).toEqual([
        'Outstanding gift card liability',
        'All budgets',
        'Gift card payments (amount)',
        // No demo card expires within 30 days but the VIP coupons do: the panel opens on what it can draw.
        'Coupon value expiring',
      ]);
      expect(await page.locator('.dashboard__charts h2').allTextContents()).toEqual(['Budget: available, frozen, in transit, spent', 'Redemptions and claims per day', 'Cards and coupons expiring in the next 30 days']);
      expect(await charts.nth(0).locator('.chart__line').count()).toBe(1);
      expect(await charts.nth(1).locator('.chart__bar').count()).toBe(4);
      expect(await charts.nth(2).locator('.chart__bar').count()).toBe(30);
      expect(await charts.nth(3).locator('.chart__bar').count()).toBe(30);
      await screenshot(page, 'console-dashboard');

      // The line ends on the API's figure, which is the liability report's closing for today.
      const admin = await server().key('admin');
      const liability = await server().call<Series<{ liability: number }> & { closing: number; period: { from_date: string; to_date: string } }>(admin, 'GET', '/v1/settlement/reports/dashboard/liability');
      const report = await server().call<{ roll_forward: { closing: number }[] }>(admin, 'GET', `/v1/settlement/reports/liability?from=${liability.period.from_date}&to=${liability.period.to_date}`);
      expect(liability.closing).toBe(report.roll_forward[0]?.closing);
      expect(liability.closing).toBeGreaterThan(0);
      const table = charts.nth(0).locator('table');
      await charts.nth(0).locator('summary').click();
      await eventually(() => table.locator('tr').count()).toBe(30);
      expect(await table.locator('tr').last().locator('td').textContent()).toBe(formatMoney(liability.closing, 'CNY', 'en'));

      // The demo's card payment shows on its day; switching the view to claims redraws from the same answer.
      const activity = await server().call<Series<{ card_amount: number; coupon_claims: number }>>(admin, 'GET', '/v1/settlement/reports/dashboard/activity');
      expect(activity.days.reduce((s, d) => s + d.card_amount, 0)).toBeGreaterThan(0);
      const claims = activity.days.reduce((s, d) => s + d.coupon_claims, 0);
      const budgets = await server().call<{ totals: { available: number } }>(admin, 'GET', '/v1/settlement/reports/dashboard/budgets');
      await charts.nth(1).locator('summary').click();
      expect(await charts.nth(1).locator('tr').first().locator('td').textContent()).toBe(formatMoney(budgets.totals.available, 'CNY', 'en'));

      await page.getByLabel('Show').first().selectOption({ label: 'Coupons claimed' });
      const perDay = page.locator('.dashboard__charts figure.chart').nth(2);
      await eventually(() => perDay.locator('figcaption').textContent()).toBe('Coupons claimed');
      await perDay.locator('summary').click();
      const counts = await perDay.locator('td').allTextContents();
      expect(counts.reduce((s, c) => s + Number(c.replace(/,/g, '')), 0)).toBe(claims);

      // Chinese: the captions follow the language.
      await page.getByLabel('Language').selectOption('zh-CN');
      await eventually(() => page.locator('.dashboard__charts figcaption').first().textContent()).toBe('礼品卡未兑付余额');
    });
  },
  { demo: true },
);
