import { expect, it } from 'vitest';
import { formatDateTime } from '../../web/src/shared/dates.js';
import { describeBrowser, screenshot } from './harness.js';

let n = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

describeBrowser('console', ({ server, page: newPage }) => {
  it('signs in with an API key, switches language, and shows a ledger account from the API', async () => {
    const admin = await server().key('admin');
    const card = uid('card');
    const funding = uid('funding');
    await server().call(admin, 'POST', '/v1/ledger/accounts', { id: card, code: 'giftcard.liability', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] });
    await server().call(admin, 'POST', '/v1/ledger/accounts', { id: funding, code: 'sales.clearing', currency: 'CNY' });
    await server().call(admin, 'POST', '/v1/ledger/transfers', {
      transfers: [
        { id: uid('issue'), debit_account_id: funding, credit_account_id: card, amount: 123_456, currency: 'CNY', code: 'giftcard.issue' },
        { id: uid('redeem'), debit_account_id: card, credit_account_id: funding, amount: 2_000, currency: 'CNY', code: 'giftcard.capture' },
      ],
    });
    const account = await server().call<{ created_at: string }>(admin, 'GET', `/v1/ledger/accounts/${card}`);

    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server().url}/console/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await page.getByRole('radio', { name: 'API key' }).check();
    await page.locator('input[name="api-key"]').fill(admin);
    await screenshot(page, 'console-signin');
    await page.getByRole('button', { name: 'Use this key' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Ready' }).count()).toBe(1);
    // Menus follow the role: an admin sees the administration group.
    expect(await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'API keys' }).count()).toBe(1);
    await screenshot(page, 'console-dashboard');

    // Language: switch to Chinese, survive a reload, switch back.
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('仪表盘');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('仪表盘');
    await page.getByLabel('语言').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');

    // Ledger look-up from the dashboard: balances, history, dates in Asia/Shanghai.
    await page.getByLabel('Account id').fill(card);
    await page.getByRole('button', { name: 'Show account' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Account ${card}`);
    await expect.poll(() => page.getByTestId('account-balance').textContent()).toBe('¥1,214.56');
    const history = page.getByRole('table', { name: 'History' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    // The browser runs in New York; the page must show the platform's time zone anyway.
    expect(await page.getByText(formatDateTime(account.created_at, 'en', 'Asia/Shanghai'), { exact: true }).count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByText(formatDateTime(account.created_at, 'en', 'America/New_York'), { exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByText('Showing 2 transfers').count()).toBe(1);
    await screenshot(page, 'console-ledger-account');

    // A transfer page, reached from the history.
    await history.locator('tbody tr').first().getByRole('link').first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Transfer redeem-/);
    expect(await page.locator('.balance').textContent()).toBe('¥20.00');

    // An API error is shown as the API said it: title, code.
    await page.goto(`${server().url}/console/ledger/accounts/no-such-account`);
    const alert = page.getByRole('alert').filter({ hasText: 'account_not_found' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('No such ledger account');

    // Signing out returns to the sign-in screen and forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('refuses a key the API does not accept', async () => {
    const page = await newPage();
    await page.goto(`${server().url}/console/`);
    await page.getByRole('radio', { name: 'API key' }).check();
    await page.locator('input[name="api-key"]').fill(`sk_live_${'x'.repeat(32)}`);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect.poll(() => page.getByText('The API does not accept this key.').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
  });
});

describeBrowser('storefront', ({ server, page: newPage }) => {
  it('fits a 375 px phone and opens the redeem dialog with the keyboard alone', async () => {
    const page = await newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${server().url}/shop/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Gift cards and coupons');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // Until the demo data lands there are no shoppers to pick, and the page says so.
    await expect.poll(() => page.getByLabel('Shopper').inputValue()).toBe('');
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
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('code');

    // Typing normalises case, spaces, dashes and look-alikes, and groups in fours.
    await page.keyboard.type('abcd efgh-ijkl mnop');
    expect(await page.getByLabel('Gift card code').inputValue()).toBe('ABCD EFGH 1JK1 MN0P');
    await screenshot(page, 'shop-redeem');

    // Submitting with no shopper chosen explains what to do, announced to screen readers.
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByText('Choose a demo shopper first', { exact: false }).count()).toBe(1);

    // Escape closes it and gives focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Redeem a gift card');
  });

  it('shows the storefront sections honestly and in Chinese', async () => {
    const page = await newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(`${server().url}/shop/wallet`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wallet');
    expect(await page.getByText('Arrives with the gift cards API').count()).toBe(1);
    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('卡券包');
    expect(await page.getByRole('button', { name: '兑换礼品卡' }).count()).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  });
});
