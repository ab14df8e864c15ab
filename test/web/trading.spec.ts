import { expect, test, type Locator, type Page } from '@playwright/test';
import { SHOTS, shoot, useHeadlessExchange, placeOrder, supplierAndConsumer, ticket } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-trading-');
const admin = (path: string, body: unknown) => web.admin(path, body);

const asks = (page: Page) => page.getByRole('rowgroup', { name: 'Asks' });
const bids = (page: Page) => page.getByRole('rowgroup', { name: 'Bids' });
const openOrders = (page: Page) => page.getByTestId('open-orders');
const fills = (page: Page) => page.getByTestId('fills');
/** The desk header's Units of text-prime: total, available, locked. */
const unitsLine = (total: number, available: number, locked: number) =>
  new RegExp(`text-prime\\s*Units\\s*${total}\\s*Available\\s*${available}\\s*Locked\\s*${locked}`);
/** An ag-grid data row holding `text` (the header row never does). */
const gridRow = (grid: Locator, text: string | RegExp) => grid.getByRole('row').filter({ hasText: text });

test('a supplier sells Units to a consumer through the desk; amend, cancel, rejections, halt and invariants', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const supplierId = await supplierAndConsumer(web, 'trading-web-1');
  // Approved and issued (see supply.spec.ts for that flow through the UI): 10 Units wait in issuance.
  await web.stock(supplierId, 'text-prime', 10, { toTrading: false });

  const supplier = await web.openDesk(browser, 'Supplier', 'Volt GPUs');
  const buyer = await web.openDesk(browser, 'Consumer', 'Initech');

  await test.step('the supplier moves its 10 issued text-prime Units to trading and offers 5 at $2.500', async () => {
    await expect(supplier.getByLabel('Market', { exact: true })).toHaveValue(/^market_/);
    await expect(supplier.getByLabel('Market', { exact: true }).locator('option:checked')).toHaveText(
      'text-prime/USD',
    );
    const issuance = supplier.getByTestId('issuance-card');
    await expect(issuance).toContainText('10 text-prime Units in your Issuance account.');
    await issuance.getByRole('button', { name: 'Move to trading', exact: true }).click();
    await expect(issuance.getByRole('status')).toHaveText('Moved 10 text-prime Units to trading.');
    await expect(issuance).toContainText('No text-prime Units waiting');
    await expect(supplier.getByTestId('units-text-prime')).toHaveText(unitsLine(10, 10, 0));

    await placeOrder(supplier, { side: 'Sell', quantity: 5, price: '2.500' });
    await expect(ticket(supplier).getByRole('status')).toHaveText('Order resting: 5 @ $2.500');
    await expect(gridRow(openOrders(supplier), 'text-prime')).toContainText('sell');
    await expect(supplier.getByTestId('units-text-prime')).toHaveText(unitsLine(10, 5, 5));
  });

  await test.step('the consumer sees the ask, takes 3 of it, and pays $7.50', async () => {
    await expect(asks(buyer).getByRole('row')).toHaveText([/Ask 2\.500\s*5\s*1/]);
    await expect(bids(buyer)).toContainText('No bids');
    // A click on the book's price fills the ticket's price.
    await asks(buyer).getByRole('button', { name: '2.500' }).click();
    await expect(ticket(buyer).getByLabel('Price', { exact: true })).toHaveValue('2.500');
    await ticket(buyer).getByLabel('Quantity', { exact: true }).fill('3');
    const preview = buyer.getByTestId('cost-preview');
    await expect(preview).toContainText('Total held (worst case)$7.50');
    await expect(preview).toContainText('USD available$100.00');
    await expect(preview).toContainText('Fills at once (est.)3 @ $2.500');
    await ticket(buyer).getByRole('button', { name: 'Place order', exact: true }).click();
    await expect(ticket(buyer).getByRole('status')).toHaveText('Bought 3 @ $2.500 avg, order filled');

    await expect(buyer.getByTestId('balance-total')).toContainText('$92.50');
    await expect(buyer.getByTestId('balance-available')).toContainText('$92.50');
    await expect(buyer.getByTestId('units-text-prime')).toHaveText(unitsLine(3, 3, 0));
    const fill = gridRow(fills(buyer), 'text-prime');
    await expect(fill).toHaveCount(1);
    for (const text of ['buy', '$2.500', '3', '$7.50', 'taker']) await expect(fill).toContainText(text);
    // The ladder follows the trade: 2 left at $2.500.
    await expect(asks(buyer).getByRole('row')).toHaveText([/Ask 2\.500\s*2\s*1/]);
  });

  await test.step('the supplier sees 2 still resting, its fill and $7.50', async () => {
    const order = gridRow(openOrders(supplier), 'text-prime');
    await expect(order).toContainText('partially filled');
    await expect(order.locator('[col-id="remaining_quantity"]')).toHaveText('2');
    await expect(order.locator('[col-id="filled_quantity"]')).toHaveText('3');
    const fill = gridRow(fills(supplier), 'text-prime');
    for (const text of ['sell', '$2.500', '$7.50', 'maker']) await expect(fill).toContainText(text);
    await expect(supplier.getByTestId('balance-total')).toContainText('$7.50');
    await expect(supplier.getByTestId('units-text-prime')).toHaveText(unitsLine(7, 5, 2));
  });

  await test.step('the supplier amends the order to 4 Units, then cancels it', async () => {
    await gridRow(openOrders(supplier), 'text-prime')
      .getByRole('button', { name: 'Amend', exact: true })
      .click();
    const dialog = supplier.getByRole('dialog', { name: 'Amend order' });
    await expect(dialog.getByLabel('New quantity', { exact: true })).toHaveValue('5');
    await dialog.getByLabel('New quantity', { exact: true }).fill('4');
    await supplier.screenshot({ path: `${SHOTS}/trading-amend-dialog-light.png` });
    await dialog.getByRole('button', { name: 'Apply amendment' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      supplier.getByLabel('Notifications').getByRole('status').filter({ hasText: 'Amended' }),
    ).toHaveText('Amended: Sold 3 @ $2.500 avg; 1 @ $2.500 resting.');
    // The ticket's message about the order it placed now describes the order as amended.
    await expect(ticket(supplier).getByRole('status')).toHaveText(
      'Amended: Sold 3 @ $2.500 avg; 1 @ $2.500 resting',
    );
    const order = gridRow(openOrders(supplier), 'text-prime');
    await expect(order.locator('[col-id="quantity"]')).toHaveText('4');
    await expect(order.locator('[col-id="remaining_quantity"]')).toHaveText('1');
    await expect(asks(buyer).getByRole('row')).toHaveText([/Ask 2\.500\s*1\s*1/]);

    await order.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(supplier.getByRole('status').filter({ hasText: 'Cancelled' })).toHaveText(
      'Cancelled: sell 1 text-prime @ $2.500.',
    );
    await expect(gridRow(openOrders(supplier), 'text-prime')).toHaveCount(0);
    await expect(supplier.getByTestId('units-text-prime')).toHaveText(unitsLine(7, 7, 0));
    await expect(asks(buyer)).toContainText('No asks');
  });

  await test.step('buying more than the consumer can afford is refused, with its reason', async () => {
    await ticket(buyer).getByLabel('Quantity', { exact: true }).fill('100');
    await ticket(buyer).getByLabel('Price', { exact: true }).fill('2.500');
    await expect(buyer.getByTestId('cost-preview')).toContainText(
      'Needs $250.00 but $92.50 is available: the exchange will refuse this order.',
    );
    await ticket(buyer).getByRole('button', { name: 'Place order', exact: true }).click();
    await expect(ticket(buyer).getByRole('alert')).toContainText('Rejected (code 1005)');
    await expect(ticket(buyer).getByRole('alert')).toContainText('not enough USD available');
    await expect(buyer.getByTestId('balance-total')).toContainText('$92.50');
  });

  const operator = await web.openDesk(browser, 'Operator');
  await operator.getByRole('tab', { name: 'Markets' }).click();
  const market = operator.getByRole('row').filter({ hasText: /^text-prime/ });

  await test.step('the operator halts text-prime: the ticket shows the refusal; then resumes it', async () => {
    await market.getByRole('button', { name: 'Halt', exact: true }).click();
    // Halting asks first: Cancel leaves the market trading.
    const confirm = operator.getByRole('dialog', { name: 'Halt text-prime?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(market).toContainText('trading');
    await market.getByRole('button', { name: 'Halt', exact: true }).click();
    await confirm.getByRole('button', { name: 'Halt text-prime' }).click();
    await expect(operator.getByRole('status').filter({ hasText: 'text-prime halted' })).toHaveText(
      'text-prime halted: new orders and amendments are refused, cancels accepted.',
    );
    await expect(market).toContainText('halted');
    await expect(buyer.getByText('Market halted.')).toBeVisible();

    await placeOrder(buyer, { side: 'Buy', quantity: 1, price: '2.400' });
    await expect(ticket(buyer).getByRole('alert')).toContainText('Rejected (code 1012)');
    await expect(ticket(buyer).getByRole('alert')).toContainText('halted');
    await buyer.screenshot({ path: `${SHOTS}/trading-halted-light.png` });

    await market.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect(operator.getByRole('status').filter({ hasText: 'text-prime resumed' })).toHaveText(
      'text-prime resumed: trading is open.',
    );
    await expect(buyer.getByText('Market halted.')).toBeHidden();
  });

  await test.step('the invariants hold', async () => {
    await operator.getByRole('button', { name: 'Check invariants' }).click();
    await expect(operator.getByRole('status').filter({ hasText: 'invariants' })).toHaveText(
      /^All invariants hold at sequence \d+\.$/,
    );
  });

  await test.step('screenshots, with some depth on both sides of the book', async () => {
    await placeOrder(supplier, { side: 'Sell', quantity: 2, price: '2.520' });
    await expect(ticket(supplier).getByRole('status')).toHaveText('Order resting: 2 @ $2.520');
    await placeOrder(supplier, { side: 'Sell', quantity: 3, price: '2.600' });
    await expect(ticket(supplier).getByRole('status')).toHaveText('Order resting: 3 @ $2.600');
    await placeOrder(buyer, { side: 'Buy', quantity: 2, price: '2.450' });
    await expect(ticket(buyer).getByRole('status')).toHaveText('Order resting: 2 @ $2.450');
    await placeOrder(buyer, { side: 'Buy', quantity: 4, price: '2.400' });
    await expect(ticket(buyer).getByRole('status')).toHaveText('Order resting: 4 @ $2.400');
    await expect(buyer.getByTestId('book-spread')).toHaveText('Spread $0.070 · 70 ticks · mid $2.485');

    // A market order's preview walks the book.
    const form = ticket(buyer);
    await form.getByRole('button', { name: 'Market', exact: true }).click();
    await form.getByLabel('Quantity', { exact: true }).fill('4');
    await expect(form.getByLabel('Time in force', { exact: true })).toHaveValue('ioc');
    await expect(form.getByLabel('Post-only', { exact: true })).toBeDisabled();
    await expect(buyer.getByTestId('cost-preview')).toContainText('Average price (est.)$2.560');
    await expect(buyer.getByTestId('cost-preview')).toContainText('Cost (est.)$10.24');

    await shoot(buyer, 'trading-consumer');
    await shoot(supplier, 'trading-supplier');
    await market.click();
    await expect(operator.getByRole('rowgroup', { name: 'Asks' }).getByRole('row')).toHaveCount(2);
    await shoot(operator, 'operator-markets');
  });
});

test('the ticket checks its fields before sending anything', async ({ browser }) => {
  await admin('/v1/admin/participants', { name: 'Globex', role: 'consumer' });
  const page = await web.openDesk(browser, 'Consumer', 'Globex');
  const form = ticket(page);
  await form.getByLabel('Quantity', { exact: true }).fill('2.5');
  await form.getByLabel('Price', { exact: true }).fill('2.5001');
  await form.getByRole('button', { name: 'Place order', exact: true }).click();
  await expect(form.locator('.field-error').first()).toHaveText('quantity must be a whole number of Units');

  await form.getByLabel('Quantity', { exact: true }).fill('2');
  await form.getByRole('button', { name: 'Place order', exact: true }).click();
  await expect(form.locator('.field-error')).toHaveText(['price must be a multiple of the tick, $0.001']);

  await form.getByLabel('Price', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Place order', exact: true }).click();
  await expect(form.locator('.field-error')).toHaveText(['Enter a limit price in USD per Unit']);
  await expect(form.getByRole('alert')).toHaveCount(0);
});

test('a stop-limit sell placed through the ticket waits for its trigger, a trade triggers it, it rests and fills', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const party = async (name: string, role: 'supplier' | 'consumer') =>
    (await admin('/v1/admin/participants', { name, role })).participant_id as string;
  const stopSeller = await party('Stopwell Compute', 'supplier');
  const maker = await party('Tape Maker', 'supplier');
  const taker = await party('Tape Taker', 'consumer');
  await web.stock(stopSeller, 'text-standard', 5);
  await web.stock(maker, 'text-standard', 1);
  await admin(`/v1/admin/participants/${taker}/usd-adjustments`, {
    amount: '50.00',
    idempotency_key: 'trading-web-stop',
    reason: 'sandbox deposit',
  });
  const market = (await web.contract('instruments.list', {})).find(
    (instrument: { symbol: string }) => instrument.symbol === 'text-standard',
  ).trading_parameters.market_id as string;
  const order = (participant: string, side: 'buy' | 'sell', quantity: number, price: string) =>
    web.contract('orders.place', {
      participant_id: participant,
      market_id: market,
      side,
      type: 'limit',
      quantity,
      price,
      time_in_force: side === 'buy' ? 'ioc' : 'gtc',
    });

  const page = await web.openDesk(browser, 'Supplier', 'Stopwell Compute');
  await page.getByLabel('Market', { exact: true }).selectOption({ label: 'text-standard/USD' });
  const form = ticket(page);
  const mine = gridRow(openOrders(page), 'text-standard');

  await test.step('a stop buy at market asks for the slippage cap the exchange needs', async () => {
    await form.getByRole('button', { name: 'Buy', exact: true }).click();
    await form.getByRole('button', { name: 'Stop', exact: true }).click();
    await form.getByLabel('Quantity', { exact: true }).fill('1');
    await form.getByLabel('Stop price', { exact: true }).fill('2.500');
    await expect(page.getByTestId('stop-trigger')).toHaveText(
      'Triggers when the last trade is at or above $2.500',
    );
    await form.getByRole('button', { name: 'Place order', exact: true }).click();
    await expect(form.locator('.field-error')).toHaveText([
      'A stop buy at market needs a max slippage: how many ticks above the stop price it may pay',
    ]);
  });

  await test.step('the supplier places a stop-limit sell: 2 @ $1.900 once the last trade is at or below $2.000', async () => {
    await form.getByRole('button', { name: 'Sell', exact: true }).click();
    await form.getByRole('button', { name: 'Stop-limit', exact: true }).click();
    await form.getByLabel('Quantity', { exact: true }).fill('2');
    await form.getByLabel('Price', { exact: true }).fill('1.900');
    await form.getByLabel('Stop price', { exact: true }).fill('2.000');
    await expect(page.getByTestId('stop-trigger')).toHaveText(
      'Triggers when the last trade is at or below $2.000',
    );
    await form.getByRole('button', { name: 'Place order', exact: true }).click();
    await expect(form.getByRole('status')).toHaveText(
      'Waiting for trigger: sell 2 @ $1.900. Triggers when the last trade is at or below $2.000',
    );
    // Pending, with its stop price, not amendable, and not on the book.
    await expect(mine).toContainText('Waiting for trigger');
    await expect(mine).toContainText('2.000');
    await expect(mine.getByRole('button', { name: 'Amend' })).toHaveCount(0);
    await expect(asks(page)).toContainText('No asks');
  });

  await test.step('a trade at $2.000 triggers it: it enters the book and rests at $1.900', async () => {
    await order(maker, 'sell', 1, '2.000');
    await order(taker, 'buy', 1, '2.000');
    await expect(mine).not.toContainText('Waiting for trigger');
    await expect(mine).toContainText('open');
    await expect(asks(page).getByRole('row')).toHaveText([/^Ask 1\.900\s*2.*yours$/]);
  });

  await test.step('a buyer takes it: the supplier hears of the fill and finds it filled in the history', async () => {
    await order(taker, 'buy', 2, '1.900');
    await expect(
      page.getByRole('status').filter({ hasText: 'Sold 2 text-standard @ $1.900 (maker)' }),
    ).toBeVisible();
    await expect(mine).toHaveCount(0);
    await page.getByRole('group', { name: 'Orders shown' }).getByRole('button', { name: 'History' }).click();
    await expect(gridRow(page.getByTestId('order-history'), 'text-standard')).toContainText('filled');
  });

  await test.step('a stop still waiting when the operator suspends the supplier shows in the history in words', async () => {
    await page.getByRole('group', { name: 'Orders shown' }).getByRole('button', { name: 'Open' }).click();
    await form.getByLabel('Quantity', { exact: true }).fill('1');
    await form.getByLabel('Price', { exact: true }).fill('1.500');
    await form.getByLabel('Stop price', { exact: true }).fill('1.600');
    await form.getByRole('button', { name: 'Place order', exact: true }).click();
    await expect(mine).toContainText('Waiting for trigger');
    await web.contract('participants.suspend', { participant_id: stopSeller });
    await expect(mine).toHaveCount(0);
    await page.getByRole('group', { name: 'Orders shown' }).getByRole('button', { name: 'History' }).click();
    const suspended = gridRow(page.getByTestId('order-history'), '1.600');
    await expect(suspended).toContainText('cancelled, participant suspended');
    await suspended.getByText('cancelled, participant suspended').hover();
    await expect(page.getByRole('tooltip')).toContainText('the participant was suspended');
  });
  await page.context().close();
});
