import { createPrivateKey } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { newSigningKey, signedClient, signingKeyOf, type SigningKeyPair } from '../helpers/signing';
import { shoot as shootThemes, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-market-data-');
const admin = (path: string, body: unknown) => web.admin(path, body);

const contract = (name: string, args: unknown) => web.contract(name, args);

/** Light and dark screenshots with the pointer off the charts (no crosshair or hover readout). */
async function shoot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await shootThemes(page, name);
}

const region = (page: Page | Locator, name: string) => page.getByRole('region', { name, exact: true });
const ticker = (page: Page, symbol: string) => page.getByTestId(`ticker-${symbol}`);
const keyRow = (scope: Locator, fingerprint: string) =>
  scope.getByTestId('signing-key').filter({ hasText: fingerprint });

test('the desk shows tickers, candles, depth, the tape and reference prices; keys are generated, listed and revoked', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const supplier = await admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' });
  const consumer = await admin('/v1/admin/participants', { name: 'Initech', role: 'consumer' });
  await admin(`/v1/admin/participants/${consumer.participant_id}/usd-adjustments`, {
    amount: '500.00',
    idempotency_key: 'market-data-web-1',
    reason: 'sandbox deposit',
  });
  const instruments = (await contract('instruments.list', {})) as {
    symbol: string;
    instrument_id: string;
    trading_parameters: { market_id: string };
  }[];
  const bySymbol = (symbol: string) => instruments.find((instrument) => instrument.symbol === symbol)!;
  const prime = bySymbol('text-prime');
  const standard = bySymbol('text-standard');
  const place = (who: string, market: string, order: Record<string, unknown>) =>
    contract('orders.place', { participant_id: who, market_id: market, ...order });
  const primeMarket = prime.trading_parameters.market_id;

  // text-prime: asks 5 @ 2.500, 5 @ 2.520, 5 @ 2.600; the consumer takes 3 @ 2.500, then 4 at market
  // (2 @ 2.500, 2 @ 2.520), and bids 2 @ 2.450 and 4 @ 2.400. Last 2.520, +0.80% on the day, 7 Units.
  await web.stock(supplier.participant_id, 'text-prime', 40);
  // Every trade of this test lands in one 1-minute candle: start early in a minute (the steps to the
  // last trade take well under 40 s).
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 15_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
  for (const price of ['2.500', '2.520', '2.600'])
    await place(supplier.participant_id, primeMarket, { side: 'sell', type: 'limit', quantity: 5, price });
  for (const order of [
    { side: 'buy', type: 'limit', quantity: 3, price: '2.500' },
    { side: 'buy', type: 'market', quantity: 4, time_in_force: 'ioc' },
    { side: 'buy', type: 'limit', quantity: 2, price: '2.450' },
    { side: 'buy', type: 'limit', quantity: 4, price: '2.400' },
  ])
    await place(consumer.participant_id, primeMarket, order);
  // text-standard: 1 @ 1.250 then 1 @ 1.200, a 4% fall.
  await web.stock(supplier.participant_id, 'text-standard', 10);
  for (const price of ['1.250', '1.200']) {
    const order = { type: 'limit', quantity: 1, price };
    await place(supplier.participant_id, standard.trading_parameters.market_id, { side: 'sell', ...order });
    await place(consumer.participant_id, standard.trading_parameters.market_id, { side: 'buy', ...order });
  }

  const buyer = await web.openDesk(browser, 'Consumer', 'Initech');
  const marketSelect = buyer.getByLabel('Market', { exact: true });

  await test.step('the ticker strip shows every market; a click selects one', async () => {
    await expect(buyer.getByTestId('ticker-strip').getByRole('button')).toHaveCount(instruments.length);
    await expect(ticker(buyer, 'text-prime')).toContainText('$2.520');
    await expect(ticker(buyer, 'text-prime')).toContainText('+0.80%');
    await expect(ticker(buyer, 'text-prime')).toContainText('Vol 7');
    await expect(ticker(buyer, 'text-prime')).toHaveAttribute('aria-pressed', 'true');
    await expect(ticker(buyer, 'text-standard')).toContainText('$1.200');
    await expect(ticker(buyer, 'text-standard')).toContainText('-4.00%');
    await expect(ticker(buyer, 'text-max')).toContainText('—');

    await ticker(buyer, 'text-standard').click();
    await expect(marketSelect.locator('option:checked')).toHaveText('text-standard/USD');
    await expect(ticker(buyer, 'text-standard')).toHaveAttribute('aria-pressed', 'true');
    await ticker(buyer, 'text-prime').click();
    await expect(marketSelect.locator('option:checked')).toHaveText('text-prime/USD');
  });

  await test.step('the price chart draws candles with volume at every resolution', async () => {
    const chart = region(buyer, 'Price chart');
    await expect(chart.getByRole('heading', { name: 'Price chart' })).toBeVisible();
    await expect(chart.locator('canvas').first()).toBeVisible();
    for (const resolution of ['1m', '5m', '15m', '1h', '4h', '1d', '1w']) {
      const button = chart.getByRole('button', { name: resolution, exact: true });
      await button.click();
      await expect(button).toHaveAttribute('aria-pressed', 'true');
      const canvas = chart.getByTestId('price-chart');
      await expect(canvas).toHaveAttribute('data-resolution', resolution);
      // All three trades fall in one bucket at any resolution.
      await expect(canvas).toHaveAttribute('data-candles', '1');
      await expect(chart.getByTestId('chart-legend')).toContainText('O $2.500');
      await expect(chart.getByTestId('chart-legend')).toContainText('C $2.520');
      await expect(chart.getByTestId('chart-legend')).toContainText('Vol 7 Units · 3 trades');
      const size = await canvas.locator('canvas').first().boundingBox();
      expect(size!.width).toBeGreaterThan(400);
      expect(size!.height).toBeGreaterThan(200);
    }
    await chart.getByRole('button', { name: '5m', exact: true }).click();
    // Another market's chart: no trades there.
    await ticker(buyer, 'text-max').click();
    await expect(chart.getByTestId('price-chart')).toHaveAttribute('data-candles', '0');
    await expect(chart).toContainText('No trades in view');
    await ticker(buyer, 'text-prime').click();
    await expect(chart.getByTestId('price-chart')).toHaveAttribute('data-candles', '1');
  });

  await test.step('the depth chart shows the cumulative book', async () => {
    await buyer.getByRole('tab', { name: 'Depth', exact: true }).click();
    const depth = region(buyer, 'Depth');
    await expect(depth.getByRole('heading', { name: 'Depth' })).toBeVisible();
    await expect(depth).toContainText('6 Units bid · 8 Units offered');
    const svg = depth.getByRole('img');
    await expect(svg).toHaveAttribute(
      'aria-label',
      'Depth of text-prime: 6 Units bid from $2.450 down to $2.400, 8 Units offered from $2.520 up to $2.600',
    );
    await expect(svg).toContainText('mid 2.485');
    await expect(svg.locator('path.depth-bids')).toHaveCount(1);
    await expect(svg.locator('path.depth-asks')).toHaveCount(1);
    await shoot(buyer, 'market-data-depth');
  });

  await test.step('the recent trades show the public tape, newest first', async () => {
    await buyer.getByRole('tab', { name: 'Trades', exact: true }).click();
    const tape = region(buyer, 'Recent trades');
    await expect(tape.getByRole('heading', { name: 'Recent trades' })).toBeVisible();
    const rows = tape.getByRole('row');
    await expect(rows).toHaveCount(4); // header and three trades
    await expect(rows.nth(1)).toContainText(/2\.520\s*2\s*\$5\.04\s*buy/);
    await expect(rows.nth(3)).toContainText(/2\.500\s*3\s*\$7\.50\s*buy/);
  });

  await test.step('a new trade reaches the tape, the ticker and the chart at once; the zoom stays', async () => {
    await place(supplier.participant_id, primeMarket, {
      side: 'sell',
      type: 'limit',
      quantity: 1,
      price: '2.450',
    });
    const tape = region(buyer, 'Recent trades');
    await expect(tape.getByRole('row').nth(1)).toContainText(/2\.450\s*1\s*\$2\.45\s*sell/);
    await expect(ticker(buyer, 'text-prime')).toContainText('$2.450');
    await expect(ticker(buyer, 'text-prime')).toContainText('-2.00%');
    await buyer.getByRole('tab', { name: 'Chart', exact: true }).click();
    const chart = region(buyer, 'Price chart');
    const legend = chart.getByTestId('chart-legend');
    await expect(legend).toContainText('C $2.450');
    await expect(legend).toContainText('Vol 8 Units · 4 trades');

    // Zoom in with the wheel; another trade reloads the candles and the zoom is kept.
    const canvas = chart.getByTestId('price-chart');
    const initial = Number(await canvas.getAttribute('data-visible-bars'));
    const box = (await canvas.boundingBox())!;
    await buyer.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await buyer.mouse.wheel(0, -600);
    await expect
      .poll(async () => Number(await canvas.getAttribute('data-visible-bars')))
      .toBeLessThan(initial - 5);
    const zoomed = Number(await canvas.getAttribute('data-visible-bars'));
    await place(supplier.participant_id, primeMarket, {
      side: 'sell',
      type: 'limit',
      quantity: 1,
      price: '2.450',
    });
    await expect(legend).toContainText('Vol 9 Units · 5 trades');
    expect(Math.abs(Number(await canvas.getAttribute('data-visible-bars')) - zoomed)).toBeLessThan(0.5);
    await buyer.mouse.move(0, 0);
  });

  const reference = region(buyer, 'Reference price');
  await test.step('before the operator publishes, the reference price has no value yet', async () => {
    // The exchange published at the last sweep boundary on start, before any trade: nothing to publish.
    await expect(reference.getByTestId('reference-value')).toHaveText('—');
    await expect(reference.getByTestId('reference-average')).toHaveText('—');
    await expect(reference).toContainText(/no price|unpublished/);
  });

  const operator = await web.openDesk(browser, 'Operator');
  await test.step('the operator publishes reference prices; the desk shows the VWAP', async () => {
    await operator.getByRole('tab', { name: 'Markets' }).click();
    await operator.getByRole('button', { name: 'Publish reference prices', exact: true }).click();
    // VWAP of 3 + 2 @ 2.500, 2 @ 2.520 and 1 + 1 @ 2.450: 22.44 / 9 = 2.493333 (to the micro-dollar).
    const result = operator.getByTestId('publication-result');
    await expect(result).toContainText(`Published ${instruments.length} reference prices`);
    await expect(result).toContainText('text-prime $2.493333 (vwap)');
    await expect(result).toContainText('text-standard $1.225 (vwap)');
    const row = operator.getByRole('row').filter({ hasText: /^text-prime/ });
    await expect(row.locator('[col-id="reference"]')).toContainText('$2.493333');
    await expect(row.locator('[col-id="reference"]')).toContainText('vwap');
    await expect(row.locator('[col-id="average_30d"]')).toHaveText('$2.493333');
    await row.locator('[col-id="symbol"]').click();
    await expect(region(operator, 'Reference price').getByTestId('reference-value')).toHaveText('$2.493333');

    await expect(reference.getByTestId('reference-value')).toHaveText('$2.493333');
    await expect(reference.getByTestId('reference-average')).toHaveText('$2.493333');
    // The method's badge, and no "stale" one.
    await expect(reference.locator('.badge')).toHaveText(['vwap']);
    await expect(reference).toContainText('Volume-weighted average of 9 Units traded in the 4 h window');
    await expect(reference.getByText('The Grid Desk Reference Price of an instrument is')).toBeHidden();
    await reference.getByText('Methodology', { exact: true }).click();
    await expect(reference.getByText('The Grid Desk Reference Price of an instrument is')).toBeVisible();
    await shoot(operator, 'market-data-operator-markets');
    await buyer.getByRole('tab', { name: 'Chart', exact: true }).click();
    await expect(region(buyer, 'Price chart').locator('canvas').first()).toBeVisible();
    await shoot(buyer, 'market-data-trading');
  });

  const keys = region(buyer, 'API keys');
  let fingerprint = '';
  let saved: SigningKeyPair;
  const signed = () => signedClient(web.exchange.baseUrl, saved);

  await test.step('the consumer generates a key pair: the private key is shown once and works', async () => {
    await buyer.getByRole('tab', { name: 'API keys', exact: true }).click();
    await expect(keys.getByRole('heading', { name: 'API keys' })).toBeVisible();
    await expect(keys).toContainText('No keys registered yet.');
    await expect(keys).toContainText('timestamp + METHOD + path + body');
    await expect(keys).toContainText('x-thegrid-signature');
    const generate = keys.getByRole('form', { name: 'Generate key pair' });
    await generate.getByLabel('Label', { exact: true }).fill('pricing bot');
    await generate.getByRole('button', { name: 'Generate key pair', exact: true }).click();

    const once = keys.getByTestId('private-key-once');
    await expect(once).toContainText('shown only this once');
    fingerprint = (await once.getByTestId('new-key-fingerprint').textContent())!.trim();
    expect(fingerprint).toMatch(/^[A-Za-z0-9+/]{43}$/);
    const pem = await once.getByLabel('Private key (PKCS#8 PEM)').inputValue();
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    // The key pair the user saved, as a Trading API client would load it.
    saved = signingKeyOf(createPrivateKey(pem));
    expect(saved.fingerprint).toBe(fingerprint);
    await expect(keyRow(keys, fingerprint)).toContainText('pricing bot');
    await expect(keyRow(keys, fingerprint)).toContainText('active');
    await shoot(buyer, 'market-data-api-keys');

    // A program signing with the saved key trades as Initech.
    const response = await signed()('GET', '/v1/accounts');
    expect(response.status).toBe(200);

    await once.getByRole('button', { name: 'I have saved it' }).click();
    await expect(once).toBeHidden();
    await expect(keys).not.toContainText('BEGIN PRIVATE KEY');
  });

  await test.step('the consumer registers a pasted public key, and checks its input first', async () => {
    const form = keys.getByRole('form', { name: 'Register a public key' });
    await form.getByLabel('Public key', { exact: true }).fill('not-a-key');
    await form.getByRole('button', { name: 'Register key', exact: true }).click();
    await expect(form.locator('.field-error')).toHaveText(
      'public_key must be the base64 of a raw 32-byte Ed25519 public key',
    );
    const pasted = newSigningKey();
    await form.getByLabel('Public key', { exact: true }).fill(pasted.publicKey);
    await form.getByLabel('Label', { exact: true }).fill('desk script');
    await form.getByRole('button', { name: 'Register key', exact: true }).click();
    await expect(keys.getByRole('status')).toHaveText(
      `Registered “desk script”: fingerprint ${pasted.fingerprint}.`,
    );
    await expect(keyRow(keys, pasted.fingerprint)).toContainText('active');
    await expect(keys.getByTestId('signing-key')).toHaveCount(2);
  });

  await test.step('the consumer revokes the generated key: signed requests are refused', async () => {
    const row = keyRow(keys, fingerprint);
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByRole('button', { name: 'Confirm revoke', exact: true }).click();
    await expect(keys.getByRole('status')).toContainText('Revoked “pricing bot”');
    await expect(row).toContainText('revoked');
    await expect(row.getByRole('button', { name: 'Revoke', exact: true })).toHaveCount(0);
    const response = await signed()('GET', '/v1/accounts');
    expect(response.status).toBe(401);
    await shoot(buyer, 'market-data-api-keys-list');
  });

  await test.step("the operator sees and manages Initech's keys from the Participants tab", async () => {
    await operator.getByRole('tab', { name: 'Participants' }).click();
    await operator.getByRole('gridcell', { name: 'Initech' }).click();
    const panel = region(operator, 'API keys');
    await expect(panel.getByTestId('signing-key')).toHaveCount(2);
    await expect(keyRow(panel, fingerprint)).toContainText('revoked');
    await expect(panel.getByRole('button', { name: 'Generate key pair' })).toHaveCount(0);
    const sent = newSigningKey();
    const form = panel.getByRole('form', { name: 'Register a public key' });
    await form.getByLabel('Public key', { exact: true }).fill(sent.publicKey);
    await form.getByLabel('Label', { exact: true }).fill('from support');
    await form.getByRole('button', { name: 'Register key', exact: true }).click();
    await expect(keyRow(panel, sent.fingerprint)).toContainText('active');
    // It works for Initech at once, and the consumer's own list has it.
    expect((await signedClient(web.exchange.baseUrl, sent)('GET', '/v1/accounts')).status).toBe(200);
    await expect(keyRow(keys, sent.fingerprint)).toContainText('from support');
    await shoot(operator, 'market-data-operator-keys');

    const row = keyRow(panel, sent.fingerprint);
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByRole('button', { name: 'Confirm revoke', exact: true }).click();
    await expect(row).toContainText('revoked');
    expect((await signedClient(web.exchange.baseUrl, sent)('GET', '/v1/accounts')).status).toBe(401);
  });
});
