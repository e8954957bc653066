import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { jobHandlers } from '../../src/jobs.js';
import { runDueJobs } from '../../src/platform/jobs.js';
import { describeBrowser, eventually, type Server, screenshot, signIn } from './harness.js';
import { cardProductInput } from '../support/giftcard-products.js';

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** One step of the batch generator (jobs are off in the test server): one chunk of 1,000 cards. */
async function generateChunk(server: Server): Promise<number> {
  const handler = jobHandlers(server.app.ctx.modules)['giftcard.batch-generate'];
  if (!handler) throw new Error('no batch generation job');
  return runDueJobs(server.app.ctx, { 'giftcard.batch-generate': handler }, 1);
}

describeBrowser(
  'console: physical card batches and the one-time code export',
  ({ server, page: newPage }) => {
    let exported: string[] = [];
    it('requests a batch, follows it through both reviews and generation, exports its codes once', async () => {
      const ops = await server().key('operations');
      await server().call(
        ops,
        'POST',
        '/v1/giftcard-products',
        cardProductInput({
          id: 'p-printed',
          name: { 'zh-CN': '实体礼品卡', en: 'Printed gift card' },
          form: 'physical',
          denominations: [
            { face: 10_000, price: 10_000 },
            { face: 20_000, price: 19_000 },
          ],
        }),
      );
      // Another batch still waiting, so the list shows more than one stage.
      await server().call(ops, 'POST', '/v1/giftcard-batches', { product_id: 'p-printed', face: 20_000, quantity: 500 });

      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(page, server().url, 'ops');
      const nav = page.getByRole('navigation', { name: 'Console navigation' });
      await nav.getByRole('link', { name: 'Batches and code export' }).click();
      await eventually(() => heading(page)).toBe('Batches and code export');
      await eventually(() => page.getByRole('row').filter({ hasText: 'Awaiting first review' }).count()).toBe(1);

      // The form checks what the API checks before sending.
      const form = page.getByRole('region', { name: 'Request a batch' });
      await form.getByLabel('Product').selectOption('p-printed');
      await form.getByLabel('Face value').selectOption({ label: '¥100.00' });
      await form.getByRole('button', { name: 'Request batch' }).click();
      await eventually(() => form.getByText('Required.').count()).toBe(1);
      expect(await form.getByLabel('Cards').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('Cards').fill('1000001');
      await form.getByRole('button', { name: 'Request batch' }).click();
      await eventually(() => form.getByText(/Not in the expected form: a whole number from 1 to 1,000,000/).count()).toBe(1);
      await form.getByLabel('Cards').fill('2500');
      await form.getByRole('button', { name: 'Request batch' }).click();

      await eventually(() => heading(page)).toMatch(/^Batch /);
      const batchUrl = page.url();
      const batchId = batchUrl.split('/').at(-1) ?? '';
      const status = page.getByTestId('batch-status');
      await eventually(() => status.textContent()).toContain('Awaiting first review');
      expect(await page.getByRole('button', { name: 'Export codes…' }).count()).toBe(0);

      // The link leads to the request in the approvals inbox; another operations user gives the first review.
      await status.getByRole('link', { name: 'Open the approval' }).click();
      await eventually(() => heading(page)).toBe('Approval request');
      const approvalPath = new URL(page.url()).pathname;
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, server().url, 'ops2', approvalPath);
      await eventually(() => heading(page)).toBe('Approval request');
      await page.getByRole('button', { name: 'Approve' }).click();
      await eventually(() => page.getByRole('heading', { name: 'Final review' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, server().url, 'ops', new URL(batchUrl).pathname);
      await eventually(() => status.textContent()).toContain('Awaiting final review');

      // Finance gives the final review; the generator then makes the cards chunk by chunk.
      const finance = await server().key('finance');
      await server().call(finance, 'POST', `/v1/approvals/${approvalPath.split('/').at(-1)}/approve`, {});
      await page.reload();
      await eventually(() => status.textContent()).toContain('Generating');
      expect(await generateChunk(server())).toBe(1);
      await eventually(() => page.getByTestId('batch-progress').textContent()).toBe('1,000 of 2,500 cards');
      expect(await page.getByRole('progressbar', { name: 'Cards generated' }).getAttribute('value')).toBe('40');
      await generateChunk(server());
      await generateChunk(server());
      await eventually(() => status.textContent()).toContain('Ready to export');
      expect(await page.getByTestId('batch-progress').textContent()).toBe('2,500 of 2,500 cards');

      // A second tab still shows the export button after the first has used it.
      const stale = await newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(stale, server().url, 'ops', new URL(batchUrl).pathname);
      await eventually(() => stale.getByRole('button', { name: 'Export codes…' }).count()).toBe(1);

      // Warning, confirmation (Cancel first), then the download.
      expect(await page.getByText('can be downloaded only once').count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Export codes…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Download the codes now?' });
      await eventually(() => dialog.isVisible()).toBe(true);
      expect(await dialog.textContent()).toContain('2,500 codes');
      await page.keyboard.press('Enter');
      await eventually(() => dialog.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Export codes…' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Export codes…' }).click();
      const downloading = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Download codes once' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(`batch-p-printed-${batchId}.csv`);
      const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
      expect(csv[0]).toBe('card_number,code');
      expect(csv).toHaveLength(2_501);
      // Codes are Crockford base 32 in groups of four; the check character may also be * ~ $ = U.
      expect(csv[1]).toMatch(/^8[0-9]{15},[0-9A-Z]{4}( [0-9A-Z]{4})* [0-9A-Z]{0,3}[0-9A-Z*~$=]$/);
      expect(new Set(csv.slice(1).map((line) => line.split(',')[0])).size).toBe(2_500);
      exported = csv.slice(1);

      await eventually(() => page.getByTestId('export-done').textContent()).toMatch(/exported .+ by ops\. They cannot be downloaded again\./);
      expect(await page.getByRole('button', { name: 'Export codes…' }).count()).toBe(0);

      // The stale tab's attempt is refused with the API's own words.
      await stale.getByRole('button', { name: 'Export codes…' }).click();
      await stale.getByRole('dialog').getByRole('button', { name: 'Download codes once' }).click();
      await eventually(() => stale.getByRole('alert').filter({ hasText: 'The codes of this batch were already exported' }).count()).toBe(1);
      expect(await stale.getByRole('alert').textContent()).toContain('giftcard_codes_exported');
      await eventually(() => stale.getByTestId('export-done').count()).toBe(1);
      expect(await stale.getByRole('button', { name: 'Export codes…' }).count()).toBe(0);

      // A third batch caught mid-generation, so the list shows every stage.
      const third = await server().call<{ approval_id: string }>(ops, 'POST', '/v1/giftcard-batches', { product_id: 'p-printed', face: 10_000, quantity: 3_000 });
      await server().call(await server().key('operations'), 'POST', `/v1/approvals/${third.approval_id}/approve`, {});
      await server().call(finance, 'POST', `/v1/approvals/${third.approval_id}/approve`, {});
      await generateChunk(server());

      // The list shows every stage, with who exported and when.
      await page.getByRole('link', { name: 'Batches and code export' }).first().click();
      await eventually(() => heading(page)).toBe('Batches and code export');
      const exportedRow = page.getByRole('row').filter({ hasText: 'Exported' }).filter({ hasText: 'by ops' });
      await eventually(() => exportedRow.count()).toBe(1);
      expect(await exportedRow.textContent()).toContain('2,500 of 2,500 cards');
      await page.getByLabel('Where it is').selectOption({ label: 'Awaiting approval' });
      await eventually(() => page.getByRole('row').count()).toBe(2);
      await page.getByLabel('Where it is').selectOption({ label: 'All' });
      await eventually(() => page.getByRole('row').count()).toBe(4);
      expect(await page.getByRole('row').filter({ hasText: 'Generating' }).textContent()).toContain('1,000 of 3,000 cards');
      await screenshot(page, 'console-batches');

      // Both languages.
      await page.getByLabel('Language').selectOption('zh-CN');
      await eventually(() => heading(page)).toBe('制卡批次与卡密导出');
      expect(await page.getByRole('row').filter({ hasText: '已导出' }).count()).toBe(1);
      await page.getByLabel('语言').selectOption('en');
    });

    it('sells printed cards: recording the payment with their numbers activates them', async () => {
      const [first, second] = exported.map((line) => line.split(',') as [string, string]);
      if (!first || !second) throw new Error('the export test did not run');
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await signIn(page, server().url, 'ops', '/console/batches');
      await page.getByRole('row').filter({ hasText: 'Exported' }).getByRole('link').click();
      await page.getByRole('link', { name: 'Go to gift card orders' }).click();
      await eventually(() => heading(page)).toBe('Gift card orders');
      const form = page.getByRole('region', { name: 'New order' });
      await form.getByLabel('Company name').fill('Corner shop');
      await form.getByLabel('Card').selectOption({ label: 'Printed gift card: ¥100.00 for ¥100.00' });
      await form.getByLabel('Quantity').fill('2');
      await form.getByRole('button', { name: 'Create order' }).click();
      await eventually(() => page.url()).toContain('?id=');
      const orderPath = new URL(page.url());
      await page.getByRole('button', { name: 'Sign out' }).click();

      await signIn(page, server().url, 'finance', `${orderPath.pathname}${orderPath.search}`);
      await page.getByLabel('Payment reference').fill('till-7');
      await page.getByLabel('Physical card numbers').fill(`${first[0]}\n12345`);
      await page.getByRole('button', { name: 'Record payment and issue' }).click();
      await eventually(() => page.getByText('Not in the expected form: 16 digits per card.').count()).toBe(1);
      await page.getByLabel('Physical card numbers').fill(`${first[0]}\n${second[0]}`);
      await page.getByRole('button', { name: 'Record payment and issue' }).click();
      await eventually(() => page.getByRole('listitem').filter({ hasText: first[0] }).textContent()).toContain('active');
      expect(await page.getByRole('listitem').filter({ hasText: second[0] }).textContent()).toContain('active');
    });
  },
  { demo: 'base' },
);
