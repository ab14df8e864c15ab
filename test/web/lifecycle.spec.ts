import { expect, test, type Page } from '@playwright/test';
import { SHOTS, shoot, useHeadlessExchange, placeOrder, supplierAndConsumer, ticket } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-lifecycle-');

/** Fills a Units form (instrument defaults to text-prime) and submits it. */
async function moveUnits(page: Page, form: string, quantityLabel: string, quantity: number, button: string) {
  const region = page.getByRole('form', { name: form });
  await region.getByLabel(quantityLabel, { exact: true }).fill(String(quantity));
  await region.getByRole('button', { name: button, exact: true }).click();
  return region;
}

test('Units go from issuance through trading to consumption Lots; sweeps, transfers, Auto Mode and liability', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const supplierId = await supplierAndConsumer(web, 'lifecycle-web-1');
  await web.approveSupply(supplierId, 'text-prime');

  const supplier = await web.openDesk(browser, 'Supplier', 'Volt GPUs');
  const buyer = await web.openDesk(browser, 'Consumer', 'Initech');
  const operator = await web.openDesk(browser, 'Operator');

  await test.step('the supplier issues 10 Units into issuance and moves 8 to trading', async () => {
    await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();
    const issue = await moveUnits(supplier, 'Issue Units', 'Units to issue', 10, 'Issue');
    await expect(issue.getByRole('status')).toHaveText(
      'Issued 10 text-prime Units into your Issuance account.',
    );
    await expect(supplier.getByTestId('inventory-text-prime')).toHaveText(/text-prime\s*10\s*0\s*0\s*0/);

    const move = await moveUnits(supplier, 'Move to trading', 'Units to move', 8, 'Move to trading');
    await expect(move.getByRole('status')).toHaveText('Moved 8 text-prime Units to trading.');
    await expect(supplier.getByTestId('inventory-text-prime')).toHaveText(/text-prime\s*2\s*8\s*8\s*0/);
    await expect(supplier.getByRole('heading', { name: 'Supplier liability' })).toBeVisible();
    // Issued but unsold: the instrument is listed, with nothing sold and nothing owed yet.
    await expect(supplier.getByTestId('liability-text-prime')).toHaveText(/text-prime\s*0\s*0\s*0\s*0$/);
  });

  await test.step('the supplier offers 8 at $2.500 and the consumer buys 6', async () => {
    await supplier.getByRole('tab', { name: 'Trading', exact: true }).click();
    await placeOrder(supplier, { side: 'Sell', quantity: 8, price: '2.500' });
    await expect(ticket(supplier).getByRole('status')).toHaveText('Order resting: 8 @ $2.500');
    await placeOrder(buyer, { side: 'Buy', quantity: 6, price: '2.500' });
    await expect(ticket(buyer).getByRole('status')).toHaveText('Bought 6 @ $2.500 avg, order filled');
  });

  await test.step('the operator sets a weekly interval and runs a sweep now', async () => {
    await operator.getByRole('tab', { name: 'Sweeps', exact: true }).click();
    const form = operator.getByRole('form', { name: 'Sweep schedule' });
    await expect(operator.getByTestId('sweep-schedule')).toContainText('every 4 hours');
    await form.getByRole('button', { name: 'Interval', exact: true }).click();
    // Interval sweeps fall on multiples of the interval: a week keeps the scheduled one out of this test.
    await form.getByLabel('Interval (seconds)', { exact: true }).fill('604800');
    await form.getByLabel('Lot lifetime (seconds)', { exact: true }).fill('3600');
    await operator.getByRole('button', { name: 'Save schedule', exact: true }).click();
    await expect(form.getByRole('status')).toHaveText('Schedule saved: sweeps every 7 d; Lots live 1 h.');
    await expect(operator.getByTestId('sweep-schedule')).toContainText('every 7 d');
    await expect(operator.getByTestId('sweep-schedule')).toContainText(/Next sweepin (\d+d )?\d+h \d\dm/);

    await operator.getByRole('button', { name: 'Run sweep now', exact: true }).click();
    await operator
      .getByRole('dialog', { name: 'Run a sweep now?' })
      .getByRole('button', { name: 'Run sweep' })
      .click();
    await expect(operator.getByRole('status').filter({ hasText: 'Sweep ran' })).toHaveText(
      /^Sweep ran at sequence \d+: 6 Units from 1 account into 1 Lot; 0 asks cancelled\.$/,
    );
    const history = operator.getByRole('region', { name: 'Sweep history' });
    await expect(operator.getByRole('heading', { name: 'Sweep history' })).toBeVisible();
    // The sweep's row (the grid's header and filter rows come first).
    const sweepRow = history
      .getByRole('row')
      .filter({ hasText: /\d\d:\d\d:\d\d/ })
      .first();
    await expect(sweepRow).toHaveText(/:\d\d1\s*6\s*1\s*0$/);
    const live = operator
      .getByRole('region', { name: 'Live Lots' })
      .getByRole('row')
      .filter({ hasText: 'Initech' });
    await expect(live).toContainText('Initech');
    await expect(live).toContainText('6,000,000');
    await expect(live).toContainText('from Volt GPUs');
  });

  await test.step('the consumer sees its Lot counting down, then transfers more by hand', async () => {
    await buyer.getByRole('tab', { name: 'Consumption', exact: true }).click();
    await expect(buyer.getByTestId('consumption-text-prime')).toHaveText(
      /text-prime\s*0\s*6,000,000\s*1\s*\d+m/,
    );
    const lots = buyer.getByRole('region', { name: 'Lots' });
    await expect(buyer.getByRole('heading', { name: 'Lots' })).toBeVisible();
    const lot = lots.getByRole('row').filter({ hasText: 'sweep' });
    await expect(lot).toContainText('6,000,000');
    await expect(lot).toContainText('from Volt GPUs');
    const countdown = lot.getByTestId('lot-countdown');
    await expect(countdown).toHaveText(/^59m \d\ds$|^1h 00m 00s$/);
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? '', { timeout: 3000 }); // it ticks every second

    // Buy 2 more, then move one to consumption: a second Lot, one-way.
    await buyer.getByRole('tab', { name: 'Trading', exact: true }).click();
    await placeOrder(buyer, { side: 'Buy', quantity: 2, price: '2.500' });
    await expect(ticket(buyer).getByRole('status')).toHaveText('Bought 2 @ $2.500 avg, order filled');
    await buyer.getByRole('tab', { name: 'Consumption', exact: true }).click();
    await expect(buyer.getByText(/This is\s+one-way/)).toBeVisible();
    // A quantity below 1 is refused before anything is sent.
    await moveUnits(buyer, 'Transfer to consumption', 'Units to transfer', 0, 'Transfer to consumption');
    await expect(
      buyer
        .getByRole('form', { name: 'Transfer to consumption' })
        .getByText('quantity must be at least 1 Unit'),
    ).toBeVisible();
    const transfer = await moveUnits(
      buyer,
      'Transfer to consumption',
      'Units to transfer',
      1,
      'Transfer to consumption',
    );
    await expect(transfer.getByRole('status')).toHaveText(
      'Transferred 1 text-prime Unit to consumption: 1,000,000 tokens in a new Lot.',
    );
    await expect(buyer.getByTestId('consumption-text-prime')).toHaveText(
      /text-prime\s*1\s*7,000,000\s*2\s*\d+m/,
    );
    await expect(lots.getByTestId('lot-countdown')).toHaveCount(2);
    const history = buyer.getByRole('region', { name: 'History' });
    await expect(history.getByTestId('history-transfer')).toContainText(
      'You transferred 1 Unit to consumption.',
    );
    await expect(history.getByTestId('history-sweep')).toContainText(
      'The sweep moved 6 Units to consumption: a Lot of 6,000,000 tokens.',
    );
  });

  await test.step('the consumer sets up Auto Mode for text-prime', async () => {
    const form = buyer.getByRole('form', { name: 'Auto Mode settings' });
    await form.getByRole('button', { name: 'Auto', exact: true }).click();
    await form.getByLabel('Threshold (tokens)', { exact: true }).fill('500000');
    await form.getByLabel('Top-up Units', { exact: true }).fill('1');
    await form.getByLabel('Price ceiling (USD/Unit)', { exact: true }).fill('3.000');
    await form.getByLabel('Daily spend ceiling (USD)', { exact: true }).fill('25.00');
    await form.getByRole('button', { name: 'Save settings', exact: true }).click();
    await expect(buyer.getByRole('form', { name: 'Auto Mode settings' }).getByRole('status')).toHaveText(
      'Auto Mode on for text-prime: below 500,000 tokens, buy 1 Unit at up to $3.000.',
    );
    await expect(buyer.getByTestId('auto-mode-status')).toContainText('Auto Mode is on');
  });

  await test.step('the supplier sees its liability: 8 sold, 8,000,000 tokens outstanding', async () => {
    await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();
    await expect(supplier.getByTestId('liability-text-prime')).toHaveText(
      /text-prime\s*8\s*0\s*0\s*8,000,000/,
    );
    await expect(supplier.getByTestId('inventory-text-prime')).toHaveText(/text-prime\s*2\s*0\s*0\s*0/);
  });

  await test.step('screenshots of the three tabs', async () => {
    await shoot(buyer, 'lifecycle-consumption');
    await buyer.getByRole('region', { name: 'Auto Mode' }).scrollIntoViewIfNeeded();
    await buyer.screenshot({ path: `${SHOTS}/lifecycle-auto-mode-light.png` });
    await shoot(supplier, 'lifecycle-inventory');
    await shoot(operator, 'lifecycle-sweeps');
  });
});
