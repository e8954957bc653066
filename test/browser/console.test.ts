import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatDateTime } from '../../web/src/shared/dates.js';
import { describeBrowser, eventually, screenshot } from './harness.js';

let n = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function signInWithKey(page: Page, url: string, key: string, menuRole = 'Administrator'): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByRole('radio', { name: 'API key' }).check({ force: true });
  await page.locator('input[name="api-key"]').fill(key);
  await page.getByLabel('Show the menus of').selectOption({ label: menuRole });
  await page.getByRole('button', { name: 'Use this key' }).click();
  await eventually(() => heading(page)).toBe('Dashboard');
}

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
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await page.getByRole('radio', { name: 'API key' }).check({ force: true });
    await page.locator('input[name="api-key"]').fill(admin);
    await screenshot(page, 'console-signin');
    await page.getByRole('button', { name: 'Use this key' }).click();

    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await eventually(() => page.getByRole('status').filter({ hasText: 'Ready' }).count()).toBe(1);
    // Menus follow the role: an admin sees the administration group.
    expect(await page.getByRole('navigation', { name: 'Console navigation' }).getByRole('link', { name: 'API keys' }).count()).toBe(1);

    // Language: switch to Chinese, survive a reload, switch back.
    await page.getByLabel('Language').selectOption('zh-CN');
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('仪表盘');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('仪表盘');
    await page.getByLabel('语言').selectOption('en');
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');

    // Ledger look-up from the dashboard: balances, history, dates in Asia/Shanghai.
    await page.getByLabel('Account id').fill(card);
    await page.getByRole('button', { name: 'Show account' }).click();
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Account ${card}`);
    await eventually(() => page.getByTestId('account-balance').textContent()).toBe('¥1,214.56');
    const history = page.getByRole('table', { name: 'History' });
    await eventually(() => history.locator('tbody tr').count()).toBe(2);
    // The browser runs in New York; the page must show the platform's time zone anyway.
    expect(await page.getByText(formatDateTime(account.created_at, 'en', 'Asia/Shanghai'), { exact: true }).count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByText(formatDateTime(account.created_at, 'en', 'America/New_York'), { exact: true }).count()).toBe(0);
    await eventually(() => page.getByText('Showing 2 transfers').count()).toBe(1);
    await screenshot(page, 'console-ledger-account');

    // A transfer page, reached from the history.
    await history.locator('tbody tr').first().getByRole('link').first().click();
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Transfer redeem-/);
    await eventually(() => page.locator('.balance').textContent()).toBe('¥20.00');

    // An API error is shown as the API said it: title, code.
    await page.goto(`${server().url}/console/ledger/accounts/no-such-account`);
    const alert = page.getByRole('alert').filter({ hasText: 'account_not_found' });
    await eventually(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('No such ledger account');

    // Signing out returns to the sign-in screen and forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('pages through a long history with the cursor', async () => {
    const admin = await server().key('admin');
    const [budget, source] = [uid('budget'), uid('source')];
    await server().call(admin, 'POST', '/v1/ledger/accounts', { id: budget, code: 'coupon.budget', currency: 'CNY', flags: ['debits_must_not_exceed_credits'] });
    await server().call(admin, 'POST', '/v1/ledger/accounts', { id: source, code: 'coupon.funding', currency: 'CNY' });
    const transfers = Array.from({ length: 60 }, (_, i) => ({ id: uid('fund'), debit_account_id: source, credit_account_id: budget, amount: i + 1, currency: 'CNY', code: 'budget.fund' }));
    await server().call(admin, 'POST', '/v1/ledger/transfers', { transfers });

    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await signInWithKey(page, server().url, admin);
    await page.getByRole('link', { name: 'Ledger' }).click();
    await eventually(() => heading(page)).toBe('Ledger');
    await page.getByLabel('Account id').fill(budget);
    await page.keyboard.press('Enter');
    const rows = page.getByRole('table', { name: 'History' }).locator('tbody tr');
    await eventually(() => rows.count()).toBe(50);
    // 1 + 2 + … + 60 fen = ¥18.30
    expect(await page.getByTestId('account-balance').textContent()).toBe('¥18.30');
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(() => rows.count()).toBe(60);
    await eventually(() => page.getByText('Showing 60 transfers That is everything.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Oldest last: the first transfer (1 fen) ends the list with the balance it left.
    expect(await rows.last().locator('td.num').allTextContents()).toEqual(['¥0.01', '¥0.01']);
  });

  it('shows each role its own menus and keeps other pages closed', async () => {
    const support = await server().key('customer_service');
    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await signInWithKey(page, server().url, support, 'Customer service');
    const nav = page.getByRole('navigation', { name: 'Console navigation' });
    expect(await nav.getByRole('link', { name: 'Card search' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Ledger' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Card search' }).click();
    await eventually(() => heading(page)).toBe('Card search');
    await page.goto(`${server().url}/console/ledger`);
    await eventually(() => heading(page)).toBe('Not for your role');
  });

  it('refuses a key the API does not accept', async () => {
    const page = await newPage();
    await page.goto(`${server().url}/console/`);
    await page.getByRole('radio', { name: 'API key' }).check({ force: true });
    await page.locator('input[name="api-key"]').fill(`sk_live_${'x'.repeat(32)}`);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await eventually(() => page.getByText('The API does not accept this key.').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
  });
});
