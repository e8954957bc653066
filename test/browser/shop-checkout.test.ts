import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { formatMoney } from '../../web/src/shared/money.js';
import { jobHandlers } from '../../src/jobs.js';
import { MODULES } from '../../src/modules.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { setUpCommerce } from './commerce.js';
import { describeBrowser, eventually, screenshot } from './harness.js';

describeBrowser(
  'storefront checkout',
  ({ server, page: newPage }) => {
    it('redeems a gift card, claims a coupon and checks out a two-merchant cart with both', async () => {
      const commerce = await setUpCommerce(server());
      const activity = await server().call<{ state: string }>(commerce.keys.admin, 'GET', `/v1/coupon-activities/${commerce.activityId}`);
      expect(activity.state).toBe('running');

      const page = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
      await page.goto(`${server().url}/shop/`);
      const picker = page.getByLabel('Shopper');
      await eventually(() => picker.locator('option').count()).toBeGreaterThan(1);
      await picker.selectOption('shopper-han');
      await eventually(() => page.evaluate('sessionStorage.getItem("scrip.shop.shopper") !== null')).toBe(true);

      // Redeem the card from the header.
      await page.getByRole('button', { name: 'Redeem a gift card' }).first().click();
      await page.getByLabel('Gift card code').fill(commerce.cardCode);
      await page.getByRole('button', { name: 'Add to wallet' }).click();
      await eventually(() => page.getByText('The card is in your wallet.').count()).toBe(1);
      await page.keyboard.press('Escape');

      // The wallet shows it with its balance.
      await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: 'Wallet' }).click();
      await eventually(() => page.getByTestId('wallet-card').count()).toBe(1);
      expect(await page.getByTestId('wallet-card').textContent()).toContain('¥100.00');

      // Claim the coupon in the coupon centre.
      await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: 'Coupon centre' }).click();
      await page.getByRole('button', { name: /^Claim / }).first().click();
      await eventually(() => page.getByText(/is in your wallet\./).count()).toBe(1);
      await screenshot(page, 'shop-coupon-centre');

      // Tea (¥268) and a book (¥68) from two merchants.
      await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: 'Home' }).click();
      await page.getByRole('button', { name: 'Add Longjing green tea, 250 g to the cart' }).click();
      await page.getByRole('button', { name: 'Add The Three-Body Problem to the cart' }).click();
      await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: /Cart/ }).click();
      await eventually(() => page.getByTestId('cart-total').textContent()).toBe('¥336.00');
      // The best coupon is chosen: ¥30 off from ¥300.
      await eventually(() => page.getByTestId('checkout-discount').textContent()).toBe('−¥30.00');
      expect(await page.getByTestId('checkout-left').textContent()).toBe('¥306.00');
      await page.getByLabel(/Card •••• /).check();
      await eventually(() => page.getByTestId('checkout-cards').textContent()).toBe('−¥100.00');
      expect(await page.getByTestId('checkout-left').textContent()).toBe('¥206.00');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await screenshot(page, 'shop-checkout');
      await page.getByRole('button', { name: 'Place the order and pay ¥206.00' }).click();
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Order');
      await eventually(() => page.getByTestId('order-state').textContent()).toBe('Paid');

      // Confirm receipt from one merchant.
      await page.getByRole('button', { name: 'Confirm receipt from Sanlian Books' }).click();
      await eventually(() => page.getByText(/^Received /).count()).toBe(1);
      await screenshot(page, 'shop-order');

      // Customer service refunds the book in the console; the figures there are the ledger's.
      const staff = await newPage({ viewport: { width: 1280, height: 900 } });
      await staff.goto(`${server().url}/console/`);
      await staff.getByLabel('Username').fill('service');
      await staff.getByLabel('Password').fill(DEMO_PASSWORD);
      await staff.getByRole('button', { name: 'Sign in' }).click();
      await staff.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Shop orders' }).click();
      const row = staff.getByRole('row').filter({ hasText: 'shopper-han' });
      await eventually(() => row.count()).toBe(1);
      await row.getByRole('link').click();
      await eventually(() => staff.getByRole('heading', { level: 1 }).textContent()).toBe('Shop order');
      await staff.getByLabel('Units of book-three-body to refund').fill('1');
      await staff.getByRole('button', { name: 'Refund the chosen units' }).click();
      const orderId = decodeURIComponent(new URL(staff.url()).pathname.split('/').pop() ?? '');
      await eventually(async () => (await server().call<{ refunded_amount: number }>(commerce.keys.admin, 'GET', `/v1/orders/${orderId}`)).refunded_amount).toBeGreaterThan(0);
      const refunded = (await server().call<{ refunded_amount: number }>(commerce.keys.admin, 'GET', `/v1/orders/${orderId}`)).refunded_amount;
      await eventually(() => staff.getByTestId('shoporder-refunded').textContent()).toBe(formatMoney(refunded, 'CNY', 'en'));
      await screenshot(staff, 'console-shop-order');

      // The card page shows what the ledger holds for the card after the refund.
      const card = await server().call<{ available: number }>(commerce.keys.admin, 'GET', `/v1/giftcards/${commerce.cardId}`);
      await staff.goto(`${server().url}/console/cards/${commerce.cardId}`);
      await eventually(() => staff.getByTestId('card-available').textContent()).toBe(formatMoney(card.available, 'CNY', 'en'));
      await eventually(() => staff.getByRole('table', { name: 'History' }).locator('tbody tr').count()).toBeGreaterThan(1);
      await screenshot(staff, 'console-card');

      // Reconciliation: the provider's file has the gift card sale's payment and one payment we never saw.
      const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      const csv = [
        'reference,type,amount,currency,time',
        `${commerce.paymentReference},payment,95.00,CNY,${shanghai(Date.now() - 600_000)}`,
        `unknown-1,payment,1.00,CNY,${shanghai(Date.now() + 60_000)}`,
      ].join('\n');
      await staff.getByRole('button', { name: 'Sign out' }).click();
      await staff.getByLabel('Username').fill('finance');
      await staff.getByLabel('Password').fill(DEMO_PASSWORD);
      await staff.getByRole('button', { name: 'Sign in' }).click();
      await staff.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Reconciliation' }).click();
      await staff.getByLabel('Provider file (CSV)').setInputFiles({ name: 'provider.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await staff.getByLabel('Source').fill('demo-provider');
      await staff.getByRole('button', { name: 'Upload and match' }).click();
      await eventually(() => staff.getByRole('heading', { level: 1 }).textContent()).toBe('Reconciliation run');
      await runDueJobs(server().app.ctx, jobHandlers(MODULES), 50);
      const summary = staff.getByTestId('recon-summary');
      await eventually(() => summary.count()).toBe(1);
      expect(await summary.getByRole('row', { name: /^Matched 1 / }).count()).toBe(1);
      expect(await summary.getByRole('row', { name: /^Missing in the ledger 1 / }).count()).toBe(1);
      await eventually(() => staff.getByRole('cell', { name: 'unknown-1' }).count()).toBe(1);
      await screenshot(staff, 'console-reconciliation');

      // Reports from the ledger: the liability roll-forward of this month, shown and exportable.
      await staff.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'Reports' }).click();
      await staff.getByRole('button', { name: 'Show' }).click();
      await eventually(() => staff.getByTestId('report-table').count()).toBe(1);
      expect(await staff.getByRole('button', { name: 'Export CSV' }).count()).toBe(1);
      await screenshot(staff, 'console-reports');
    });
  },
  { demo: 'base' },
);
