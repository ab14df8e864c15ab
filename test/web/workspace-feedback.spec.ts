import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SHOTS, shoot, useHeadlessExchange } from '../helpers/web';

// The sandbox's consumer holds a Lot of each live instrument: the Lots grids have rows to search.
const web = useHeadlessExchange('grid-desk-feedback-', ['--sandbox']);

test('Live Lots: search, a column filter and CSV export of the rows shown', async ({ browser }) => {
  const operator = await web.openDesk(browser, 'Operator');
  await operator.getByRole('tab', { name: 'Sweeps', exact: true }).click();
  const card = operator.getByRole('region', { name: 'Live Lots' });
  await expect(card.getByTestId('grid-count')).toHaveText('3 Lots');

  await card.getByRole('searchbox', { name: 'Search Lots' }).fill('text-max');
  await expect(card.getByTestId('grid-count')).toHaveText('1 of 3 Lots');
  const row = card.getByRole('row').filter({ hasText: 'Sandbox Consumer' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('text-max');
  await expect(row).toContainText('4,000,000');
  await expect(row.getByTestId('lot-countdown')).toHaveText(/^\d+h \d\dm \d\ds$/);

  const download = operator.waitForEvent('download');
  await card.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('live-lots.csv');
  const csv = readFileSync((await file.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(csv[0]).toContain('"Holder","Instrument","Lot"');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^"Sandbox Consumer","text-max","lot_\d+_\d+"/);
  expect(csv[1]).toMatch(/"from Sandbox Supplier C · 4,000,000 of 4,000,000 · trade_\d+_\d+"/);

  // A column filter narrows what the search left: no text-max Lot was formed by a sweep.
  await card.getByRole('searchbox', { name: 'Search Lots' }).fill('');
  await card.getByRole('textbox', { name: 'Origin Filter Input' }).fill('sweep');
  await expect(card.getByTestId('grid-count')).toHaveText('0 of 3 Lots');
  await card.getByRole('textbox', { name: 'Origin Filter Input' }).fill('transfer');
  await expect(card.getByTestId('grid-count')).toHaveText('3 Lots');
  await shoot(operator, 'feedback-operator-live-lots');

  // The consumer's own Lots have the same tools.
  const consumer = await web.openDesk(browser, 'Consumer', 'Sandbox Consumer');
  await consumer.getByRole('tab', { name: 'Consumption', exact: true }).click();
  const lots = consumer.getByRole('region', { name: 'Lots', exact: true });
  await expect(lots.getByTestId('grid-count')).toHaveText('3 Lots');
  await lots.getByRole('searchbox', { name: 'Search Lots' }).fill('text-prime');
  await expect(lots.getByTestId('grid-count')).toHaveText('1 of 3 Lots');

  // And the operator's drill-down into that consumer.
  await operator.getByRole('tab', { name: 'Participants', exact: true }).click();
  await operator.getByRole('gridcell', { name: 'Sandbox Consumer' }).click();
  await operator.getByRole('button', { name: 'Orders, fills, Lots, keys, audit…' }).click();
  const drill = operator.getByRole('dialog', { name: 'Sandbox Consumer' });
  await drill.getByRole('tab', { name: 'Lots', exact: true }).click();
  await expect(drill.getByTestId('grid-count')).toHaveText('3 Lots');
  await expect(drill.getByRole('row').filter({ hasText: 'text-standard' })).toContainText('4,000,000');
  await operator.screenshot({ path: `${SHOTS}/feedback-drill-down-lots-light.png` });
});

test("a suspended participant's desk says so, on every tab, and what it can still do", async ({
  browser,
}) => {
  const consumer = (await web.admin('/v1/admin/participants', { name: 'Paused Co', role: 'consumer' })) as {
    participant_id: string;
  };
  const desk = await web.openDesk(browser, 'Consumer', 'Paused Co');
  await expect(desk.getByTestId('suspended-banner')).toHaveCount(0);

  await web.contract('participants.suspend', { participant_id: consumer.participant_id });
  const banner = desk.getByTestId('suspended-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Paused Co is suspended by the exchange operator.');
  await expect(banner).toContainText('Its open orders were cancelled');
  await expect(banner).toContainText('It can still see its balances, Lots, orders, fills and history');
  await expect(desk.getByRole('button', { name: 'Place order', exact: true })).toBeDisabled();
  await shoot(desk, 'feedback-suspended-desk');
  await desk.getByRole('tab', { name: 'Consumption', exact: true }).click();
  await expect(banner).toBeVisible();
  await desk.screenshot({ path: `${SHOTS}/feedback-suspended-consumption-light.png` });

  await web.contract('participants.resume', { participant_id: consumer.participant_id });
  await expect(banner).toHaveCount(0);
  await desk.getByRole('tab', { name: 'Trading', exact: true }).click();
  await expect(desk.getByRole('button', { name: 'Place order', exact: true })).toBeEnabled();
});

/** A real Ed25519 public key, raw 32 bytes in base64 (the last 32 bytes of its SPKI DER). */
function rawPublicKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  return publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
}

test('the key forms check their fields before anything is sent, then register', async ({ browser }) => {
  const desk = await web.openDesk(browser, 'Consumer', 'Sandbox Consumer');
  await desk.getByRole('tab', { name: 'API keys', exact: true }).click();
  const register = desk.getByRole('form', { name: 'Register a public key' });
  await register.getByLabel('Public key', { exact: true }).fill('not a key');
  await register.getByRole('button', { name: 'Register key' }).click();
  await expect(register).toContainText('public_key must be the base64 of a raw 32-byte Ed25519 public key');
  await expect(desk.getByTestId('api-keys')).toContainText('0 active');

  // A valid key registers, and the field error is gone.
  await register.getByLabel('Public key', { exact: true }).fill(rawPublicKey());
  await register.getByRole('button', { name: 'Register key' }).click();
  await expect(desk.getByRole('status').filter({ hasText: 'Registered' })).toContainText('fingerprint');
  await expect(register).not.toContainText('public_key must be');
  await expect(desk.getByTestId('api-keys')).toContainText('1 active');
});
