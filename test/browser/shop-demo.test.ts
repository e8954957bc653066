import { expect, it } from 'vitest';
import { describeBrowser, eventually, screenshot } from './harness.js';

describeBrowser(
  'storefront with demo data',
  ({ server, page: newPage }) => {
    it('picks a demo shopper and keeps a cart across merchants at phone width', async () => {
      const page = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
      await page.goto(`${server().url}/shop/`);
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Gift cards and coupons');

      // The picker lists the demo shoppers; choosing one gets a shopper token the API accepts.
      const picker = page.getByLabel('Shopper');
      await eventually(() => picker.locator('option').count()).toBeGreaterThan(1);
      await picker.selectOption('shopper-li');
      await eventually(() => page.evaluate('JSON.parse(sessionStorage.getItem("scrip.shop.shopper") ?? "null")?.token ?? null')).not.toBeNull();
      const stored = (await page.evaluate('JSON.parse(sessionStorage.getItem("scrip.shop.shopper")).token')) as string;
      const me = await fetch(`${server().url}/v1/shopper`, { headers: { 'x-shopper-token': stored } });
      expect(me.status).toBe(200);

      // Two merchants' goods into the cart.
      await page.getByRole('button', { name: 'Add Longjing green tea, 250 g to the cart' }).click();
      await page.getByRole('button', { name: 'Add Longjing green tea, 250 g to the cart' }).click();
      await page.getByRole('button', { name: 'Add The Three-Body Problem to the cart' }).click();
      await eventually(() => page.getByTestId('cart-count').textContent()).toContain('3');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

      await page.getByRole('navigation', { name: 'Shop sections' }).getByRole('link', { name: /Cart/ }).click();
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Cart and checkout');
      expect(await page.getByTestId('subtotal-m-tea').textContent()).toBe('¥536.00');
      expect(await page.getByTestId('subtotal-m-books').textContent()).toBe('¥68.00');
      expect(await page.getByTestId('cart-total').textContent()).toBe('¥604.00');

      // Keyboard: one more book with the + button, reached by Tab and pressed with Enter.
      await page.getByRole('button', { name: 'One more The Three-Body Problem' }).focus();
      await page.keyboard.press('Enter');
      await eventually(() => page.getByTestId('subtotal-m-books').textContent()).toBe('¥136.00');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await screenshot(page, 'shop-cart');

      // The cart and the shopper survive a reload.
      await page.reload();
      await eventually(() => page.getByTestId('cart-total').textContent()).toBe('¥672.00');
      await eventually(() => page.getByLabel('Shopper').inputValue()).toBe('shopper-li');

      // Removing a merchant's only line removes its group.
      await page.getByRole('button', { name: 'Remove The Three-Body Problem' }).click();
      await eventually(() => page.getByTestId('subtotal-m-books').count()).toBe(0);
      expect(await page.getByTestId('cart-total').textContent()).toBe('¥536.00');
      await page.getByLabel('Language').selectOption('zh-CN');
      await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('购物车与结算');
      expect(await page.getByText('明前龙井 250 克').count()).toBe(1);
    });
  },
  { demo: true },
);
