import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { shoot, supplierAndConsumer, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-console-');

test('operator tables search, filter, sort and export; the audit log reads in words and filters', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  await supplierAndConsumer(web, 'console-web-1');
  await web.admin('/v1/admin/participants', { name: 'Umbrella', role: 'consumer' });
  const page = await web.openDesk(browser, 'Operator');

  await test.step('participants: the summary counts in words, search narrows the grid, CSV has what is shown', async () => {
    await page.getByRole('tab', { name: 'Participants' }).click();
    await expect(page.getByText('1 supplier · 2 consumers · 0 suspended')).toBeVisible();
    const search = page.getByRole('searchbox', { name: 'Search participants' });
    await search.fill('initech');
    await expect(page.getByRole('row', { name: /Initech/ })).toBeVisible();
    await expect(page.getByRole('row', { name: /Umbrella/ })).toHaveCount(0);
    await expect(page.getByTestId('grid-count')).toHaveText('1 of 4 participants');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('participants.csv');
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('"Name"');
    expect(csv).toContain('Initech');
    expect(csv).not.toContain('Umbrella');
    await search.fill('');
    await expect(page.getByTestId('grid-count')).toHaveText('4 participants');
  });

  await test.step('a participant drill-down: orders, fills, Lots, keys and its audit trail', async () => {
    await page.getByRole('gridcell', { name: 'Initech' }).click();
    await page.getByRole('button', { name: 'Orders, fills, Lots, keys, audit…' }).click();
    const drill = page.getByRole('dialog', { name: 'Initech' });
    await expect(drill.getByText('No orders')).toBeVisible();
    await drill.getByRole('tab', { name: 'Audit trail' }).click();
    await expect(drill.getByRole('row').filter({ hasText: 'Deposited $100.00 to Initech' })).toHaveCount(1);
    await expect(drill.getByRole('row').filter({ hasText: 'Umbrella' })).toHaveCount(0);
    await drill.getByRole('tab', { name: 'API keys' }).click();
    await expect(drill.getByRole('heading', { name: 'API keys' })).toBeVisible();
    await drill.getByRole('button', { name: 'Close' }).click();
    await expect(drill).toBeHidden();
  });

  await test.step('a grid is one tab stop: Tab from the search box lands in the grid, the next Tab leaves it', async () => {
    await page.getByRole('searchbox', { name: 'Search participants' }).focus();
    await page.keyboard.press('Tab'); // Export CSV
    await page.keyboard.press('Tab'); // into the grid
    const inGrid = "!!document.activeElement?.closest('.ag-root-wrapper')";
    await expect.poll(() => page.evaluate<boolean>(inGrid)).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate<boolean>(inGrid)).toBe(false);
  });

  await test.step('the sweep history sorts and exports like every other table', async () => {
    await page.getByRole('tab', { name: 'Sweeps' }).click();
    await page.getByRole('button', { name: 'Run sweep now', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Run a sweep now?' })
      .getByRole('button', { name: 'Run sweep' })
      .click();
    const history = page.getByRole('region', { name: 'Sweep history' });
    await expect(history.getByRole('searchbox', { name: 'Search sweeps' })).toBeVisible();
    await expect(history.getByTestId('grid-count')).toHaveText('1 sweep');
    await expect(history.getByRole('columnheader', { name: 'Sequence' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await history.getByRole('columnheader', { name: 'Units' }).click();
    await expect(history.getByRole('columnheader', { name: 'Units' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
  });

  await test.step('the audit log says what happened, and filters by kind and participant', async () => {
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const deposit = page
      .getByRole('row')
      .filter({ hasText: 'Deposited $100.00 to Initech (sandbox deposit)' });
    await expect(deposit).toHaveCount(1);
    await expect(deposit).toContainText('USD adjustment');
    await expect(deposit).toContainText('Exchange operator');
    await expect(page.getByRole('row').filter({ hasText: 'Created the consumer Umbrella' })).toHaveCount(1);
    // No epoch milliseconds, tick counts or raw JSON in the grid.
    await expect(page.locator('.ag-root-wrapper')).not.toContainText('{');

    const filters = page.getByRole('group', { name: 'Audit filters' });
    await filters.getByLabel('Kind').selectOption('Participant created');
    await expect(page.getByTestId('grid-count')).toHaveText('4 entries');
    await filters.getByLabel('Participant').selectOption('Umbrella');
    await expect(page.getByRole('row').filter({ hasText: 'Created the consumer' })).toHaveCount(1);
    await filters.getByRole('button', { name: 'Clear filters' }).click();

    await deposit.click();
    const record = page.getByRole('region', { name: 'Raw record' });
    await expect(record).toContainText('"action": "adjust_usd"');
    await expect(record).toContainText('"reason": "sandbox deposit"');
    await shoot(page, 'operator-audit-words');
  });
});

test('halting a market and running a sweep ask first', async ({ browser }) => {
  const page = await web.openDesk(browser, 'Operator');
  await page.getByRole('tab', { name: 'Markets' }).click();
  const market = page.getByRole('row').filter({ hasText: /^text-max/ });
  await market.getByRole('button', { name: 'Halt', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Halt text-max?' });
  await expect(dialog).toContainText('refuses new text-max orders');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(market).toContainText('trading');

  await page.getByRole('tab', { name: 'Sweeps' }).click();
  const sequence = page.getByTestId('last-sequence');
  await expect(sequence).not.toHaveText('…');
  const before = await sequence.textContent();
  await page.getByRole('button', { name: 'Run sweep now', exact: true }).click();
  const sweep = page.getByRole('dialog', { name: 'Run a sweep now?' });
  await sweep.getByRole('button', { name: 'Cancel' }).click();
  await expect(sweep).toBeHidden();
  // Nothing was committed.
  await expect(sequence).toHaveText(before!);
});
