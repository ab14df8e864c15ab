import { expect, test } from '@playwright/test';
import { SHOTS, shoot, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-web-');
test.use({ viewport: { width: 1440, height: 860 } });

test('the operator creates a consumer, deposits $100, sees the balance and the audit entry, and it survives a restart', async ({
  page,
}) => {
  await page.goto(web.exchange.uiUrl);
  await expect(page.getByRole('heading', { name: 'Instruments' })).toBeVisible();
  // The token leaves the address bar once the page has kept it.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('gridcell', { name: 'text-prime' })).toBeVisible();
  await expect(page.getByRole('gridcell', { name: 'agent-max' })).toBeVisible();
  await shoot(page, 'operator-instruments');

  await page.getByRole('tab', { name: 'Participants' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Acme Labs');
  await page.getByLabel('Role', { exact: true }).selectOption('consumer');
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('gridcell', { name: 'Acme Labs' })).toBeVisible();
  await page.getByRole('gridcell', { name: 'Acme Labs' }).click();
  await page.getByLabel('Amount').fill('100.00');
  await page.getByLabel('Reason').fill('sandbox deposit');
  await page.getByRole('button', { name: 'Apply adjustment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deposited $100.00' })).toBeVisible();
  await expect(page.getByTestId('balance-total')).toContainText('$100.00');
  await expect(page.getByRole('row', { name: /Acme Labs/ })).toContainText('$100.00');
  await shoot(page, 'operator-participants');

  await page.getByRole('tab', { name: 'Audit log' }).click();
  const entry = page.getByRole('row').filter({ hasText: 'USD adjustment' }).first();
  await expect(entry).toContainText('Exchange operator');
  await expect(entry).toContainText('$100.00');
  await expect(entry).toContainText('Deposited $100.00 to Acme Labs (sandbox deposit)');
  await shoot(page, 'operator-audit');

  // Restart the exchange on the same data: everything is still there.
  await web.restart();
  await page.goto(web.exchange.uiUrl);
  await page.getByRole('tab', { name: 'Participants' }).click();
  await expect(page.getByRole('row', { name: /Acme Labs/ })).toContainText('$100.00');
});

test('bad input shows an error and changes nothing', async ({ page }) => {
  await page.goto(web.exchange.uiUrl);
  await page.getByRole('tab', { name: 'Participants' }).click();
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.locator('.field-error').first()).toContainText(/name is required/i);

  await page.getByLabel('Name', { exact: true }).fill('Overdraw Co');
  await page.getByRole('button', { name: 'Create participant' }).click();
  await page.getByRole('gridcell', { name: 'Overdraw Co' }).click();
  await page.getByLabel('Amount').fill('12.3456789');
  await page.getByLabel('Reason').fill('too precise');
  await page.getByRole('button', { name: 'Apply adjustment' }).click();
  await expect(page.locator('.field-error').first()).toContainText(/at most 6 decimal places/);

  await page.getByLabel('Amount').fill('-5');
  await page.getByLabel('Reason').fill('overdraw');
  await page.getByRole('button', { name: 'Apply adjustment' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'below zero' })).toBeVisible();
  await expect(page.getByTestId('balance-total')).toContainText('$0.00');
});

test('supplier and consumer workspaces show who you are and your balances', async ({ page }) => {
  await web.admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' });
  const consumer = await web.admin('/v1/admin/participants', { name: 'Initech', role: 'consumer' });
  await web.admin(`/v1/admin/participants/${consumer.participant_id}/usd-adjustments`, {
    amount: '250.50',
    idempotency_key: 'web-1',
    reason: 'sandbox deposit',
  });
  await page.goto(web.exchange.uiUrl);

  await page.getByRole('button', { name: 'Supplier' }).click();
  await page.getByLabel('Participant').selectOption({ label: 'Volt GPUs' });
  await expect(page.getByTestId('trading-desk')).toBeVisible();
  await expect(page.getByTestId('balance-available')).toContainText('$0.00');
  await shoot(page, 'supplier');

  await page.getByRole('button', { name: 'Consumer' }).click();
  await page.getByLabel('Participant').selectOption({ label: 'Initech' });
  await expect(page.getByTestId('balance-total')).toContainText('$250.50');
  await shoot(page, 'consumer');
});

test('a wrong access token gets the sign-in screen', async ({ page }) => {
  await page.goto(`${web.exchange.baseUrl}/#token=not-the-token`);
  await expect(page.getByRole('button', { name: 'Connect' })).toBeVisible();
  await expect(page.getByText(/refused/i)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/sign-in.png` });
});
