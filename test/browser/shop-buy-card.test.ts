import { expect, it } from 'vitest';
import { describeBrowser, eventually } from './harness.js';

describeBrowser(
  'storefront: buying a gift card',
  ({ server, page: newPage }) => {
    async function walletSize(shopperId: string): Promise<number> {
      const { token } = (await (await fetch(`${server().url}/v1/demo/shoppers/${shopperId}/token`, { method: 'POST' })).json()) as { token: string };
      const wallet = await fetch(`${server().url}/v1/wallet/cards`, { headers: { 'x-shopper-token': token } });
      return ((await wallet.json()) as { items: unknown[] }).items.length;
    }

    it('buys a discounted card for another shopper with a message, then one for oneself', async () => {
      const before = await walletSize('shopper-han');
      const page = await newPage();
      await page.goto(`${server().url}/shop/gift-cards`);
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Buy a gift card');
      const picker = page.getByLabel('Shopper');
      await eventually(() => picker.locator('option').count()).toBeGreaterThan(1);
      await picker.selectOption('shopper-li');
      await eventually(() => page.getByTestId('wallet-count').count()).toBe(1);
      const mine = Number((await page.getByTestId('wallet-count').textContent())?.match(/\d+/)?.[0]);

      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Scrip Gift Card' }) });
      const form = card.getByRole('form', { name: 'Buy this card' });
      await form.getByLabel('Denomination').selectOption({ label: '¥100.00 card for ¥95.00' });
      await form.getByLabel('For', { exact: true }).selectOption('shopper-han');
      await form.getByLabel('Message (optional)').fill('Happy new year');
      await form.getByRole('button', { name: 'Pay ¥95.00' }).click();
      await eventually(() => card.getByRole('status').textContent()).toContain('The ¥100.00 gift card is in 韩梅梅 Han Meimei’s wallet');
      expect(await walletSize('shopper-han')).toBe(before + 1);

      await card.getByRole('button', { name: 'Buy another' }).click();
      await form.getByLabel('For', { exact: true }).selectOption({ label: 'Me' });
      await form.getByRole('button', { name: 'Pay ¥95.00' }).click();
      await eventually(() => card.getByRole('status').textContent()).toContain('Your ¥100.00 gift card is in your wallet');
      await eventually(() => page.getByTestId('wallet-count').textContent()).toContain(`holds ${mine + 1} gift cards`);

      // Both purchases are under the shopper's orders, the gift with its recipient and no code.
      await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: /Orders/ }).click();
      const orders = page.getByTestId('giftcard-orders').getByRole('listitem').filter({ hasText: 'Gift cards of' });
      await eventually(() => orders.filter({ hasText: 'for 韩梅梅 Han Meimei' }).count()).toBe(1);
      const gift = orders.filter({ hasText: 'for 韩梅梅 Han Meimei' });
      expect(await gift.textContent()).toContain('1 × ¥100.00 card');
      expect(await gift.textContent()).toContain('paid ¥95.00');
      expect(await gift.textContent()).toContain('Cards issued');
      expect(await orders.filter({ hasNotText: ' · for ' }).count(), 'orders for oneself name no recipient').toBeGreaterThanOrEqual(1);
    });
  },
  { demo: true },
);
