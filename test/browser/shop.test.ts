import { expect, it } from 'vitest';
import { describeBrowser, eventually, screenshot } from './harness.js';

describeBrowser('storefront', ({ server, page: newPage }) => {
  it('fits a 375 px phone and opens the redeem dialog with the keyboard alone', async () => {
    const page = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${server().url}/shop/`);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Gift cards and coupons');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // Until the demo data lands there are no shoppers to pick, and the page says so.
    await eventually(() => page.getByLabel('Shopper').inputValue()).toBe('');
    await screenshot(page, 'shop-home');

    // Tab to the header's redeem button (skip link, brand, then the button).
    let reached = false;
    for (let i = 0; i < 6 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement?.textContent?.trim()')) === 'Redeem a gift card';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Redeem a gift card' });
    await eventually(() => dialog.isVisible()).toBe(true);
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('code');

    // Typing normalises case, spaces, dashes and look-alikes, and groups in fours.
    await page.keyboard.type('abcd efgh-ijkl mnop');
    expect(await page.getByLabel('Gift card code').inputValue()).toBe('ABCD EFGH 1JK1 MN0P');
    await screenshot(page, 'shop-redeem');

    // Submitting with no shopper chosen explains what to do, announced to screen readers.
    await page.keyboard.press('Enter');
    await eventually(() => dialog.getByText('Choose a demo shopper first', { exact: false }).count()).toBe(1);

    // Escape closes it and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await eventually(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Redeem a gift card');
  });

  it('shows the storefront sections honestly and in Chinese', async () => {
    const page = await newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server().url}/shop/wallet`);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wallet');
    // Without a shopper the wallet says what to do instead of calling the API.
    expect(await page.getByText('Choose a demo shopper at the top of the page to see this.').count()).toBe(1);
    await page.getByLabel('Language').selectOption('zh-CN');
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('卡券包');
    expect(await page.getByRole('button', { name: '兑换礼品卡' }).count()).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  });
});
