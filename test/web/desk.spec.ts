import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  placeOrder,
  SHOTS,
  setTheme,
  supplierAndConsumer,
  ticket,
  useHeadlessExchange,
} from '../helpers/web';

const web = useHeadlessExchange('grid-desk-desk-');

/** The laptop size the desk is laid out for: everything on one screen from here up. */
const SMALL = { width: 1280, height: 720 };

async function openAt(browser: Browser, workspace: 'Supplier' | 'Consumer', who: string) {
  const context = await browser.newContext({ viewport: SMALL });
  const page = await context.newPage();
  await page.goto(web.exchange.uiUrl);
  await page.getByRole('button', { name: workspace, exact: true }).click();
  await page.getByLabel('Participant', { exact: true }).selectOption({ label: who });
  return page;
}

/** Wholly inside the window: not cut off by the fold or the sides. */
async function expectInView(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox();
  expect(box, `${what} is rendered`).not.toBeNull();
  const viewport = page.viewportSize()!;
  expect(box!.y, `${what} starts below the top`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what} ends above the fold`).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width, `${what} ends inside the window`).toBeLessThanOrEqual(viewport.width);
}

/** Neither the page nor the app's main area scrolls. */
async function expectNoScroll(page: Page) {
  const sizes = await page.evaluate<{ page: number; window: number; main: number; mainBox: number }>(
    `({ page: document.scrollingElement.scrollHeight, window: window.innerHeight,
        main: document.querySelector('.app-main').scrollHeight, mainBox: document.querySelector('.app-main').clientHeight })`,
  );
  expect(sizes.page, 'the page is no taller than the window').toBeLessThanOrEqual(sizes.window);
  expect(sizes.main, 'the desk fits its area').toBeLessThanOrEqual(sizes.mainBox);
}

test('the trading desk fits one 1280×720 screen for both roles, and remembers resized panels', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const supplierId = await supplierAndConsumer(web, 'desk-web-1');
  await web.stock(supplierId, 'text-prime', 10, { toTrading: false });

  for (const [workspace, who] of [
    ['Consumer', 'Initech'],
    ['Supplier', 'Volt GPUs'],
  ] as const) {
    const page = await openAt(browser, workspace, who);
    await expect(page.getByTestId('trading-desk')).toBeVisible();
    await expect(page.getByTestId('balance-total')).toBeVisible();
    await expectInView(
      page,
      ticket(page).getByRole('button', { name: 'Place order', exact: true }),
      'Place order',
    );
    await expectInView(page, page.getByRole('table', { name: 'Order book for text-prime' }), 'the book');
    await expectInView(page, page.getByTestId('price-chart'), 'the chart');
    await expectInView(page, page.getByTestId('open-orders'), 'open orders');
    await expectInView(page, page.getByTestId('fills'), 'fills');
    await expectNoScroll(page);
    // Four order types beside Buy/Sell still fit the ticket's width, with a stop's extra row.
    await ticket(page).getByRole('button', { name: 'Stop-limit', exact: true }).click();
    await expect(ticket(page).getByTestId('stop-trigger')).toBeVisible();
    const entry = await page.evaluate<{ scroll: number; client: number }>(
      `({ scroll: document.querySelector('.desk-entry').scrollWidth, client: document.querySelector('.desk-entry').clientWidth })`,
    );
    expect(entry.scroll, 'the order entry column does not scroll sideways').toBeLessThanOrEqual(entry.client);
    await ticket(page).getByRole('button', { name: 'Limit', exact: true }).click();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.screenshot({ path: `${SHOTS}/desk-${workspace.toLowerCase()}-1280-${theme}.png` });
    }
    await page.context().close();
  }

  // The order-entry column widens by keyboard on its handle, and stays so after a reload.
  const page = await openAt(browser, 'Consumer', 'Initech');
  const handle = page.getByRole('separator', { name: 'Resize the order entry column' });
  const before = Number(await handle.getAttribute('aria-valuenow'));
  await handle.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before + 30));
  await page.reload();
  await expect(page.getByRole('separator', { name: 'Resize the order entry column' })).toHaveAttribute(
    'aria-valuenow',
    String(before + 30),
  );
  await expectNoScroll(page);
  await page.context().close();
});

/** A consumer with $50.00, for a test of its own. */
async function fundedConsumer(name: string) {
  const consumer = await web.admin('/v1/admin/participants', { name, role: 'consumer' });
  await web.admin(`/v1/admin/participants/${consumer.participant_id}/usd-adjustments`, {
    amount: '50.00',
    idempotency_key: `desk-${name}`,
    reason: 'sandbox deposit',
  });
}

test('a limit order after a market order is good till cancelled again, and rests', async ({ browser }) => {
  await fundedConsumer('Hooli');
  const page = await openAt(browser, 'Consumer', 'Hooli');
  const form = ticket(page);
  const timeInForce = form.getByLabel('Time in force', { exact: true });
  await form.getByRole('button', { name: 'Market', exact: true }).click();
  await expect(timeInForce).toHaveValue('ioc');
  await form.getByRole('button', { name: 'Limit', exact: true }).click();
  await expect(timeInForce).toHaveValue('gtc');
  await form.getByLabel('Quantity', { exact: true }).fill('2');
  await form.getByLabel('Price', { exact: true }).fill('1.000');
  await form.getByRole('button', { name: 'Place order', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText('Order resting: 2 @ $1.000');
  await page.context().close();
});

test('an empty chart says so over its canvas, where it can be seen', async ({ browser }) => {
  await fundedConsumer('Pied Piper');
  const page = await openAt(browser, 'Consumer', 'Pied Piper');
  // A market nobody has traded.
  await page.getByLabel('Market', { exact: true }).selectOption({ label: 'text-standard/USD' });
  const message = page.getByText('No trades in view', { exact: true });
  await expect(message).toBeVisible();
  // The topmost element at the message's centre is the message itself, not the chart's canvas (the
  // overlay lets the pointer through to the chart: let it be hit for the check).
  await page.evaluate(`document.querySelector('.chart-overlay').style.pointerEvents = 'auto'`);
  const box = (await message.boundingBox())!;
  const onTop = await page.evaluate<string | undefined>(
    `document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2})?.textContent`,
  );
  expect(onTop).toBe('No trades in view');
  await page.context().close();
});

test('order history, this market only, dated fills with CSV export, and a toast when an order fills', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const seller = await web.admin('/v1/admin/participants', { name: 'Tyrell Compute', role: 'supplier' });
  await web.stock(seller.participant_id, 'text-prime', 5);
  await fundedConsumer('Soylent');
  const buyerId = (await web.contract('participants.list', {})).find(
    (participant: { name: string }) => participant.name === 'Soylent',
  ).participant_id;
  const market = (await web.contract('instruments.list', {})).find(
    (instrument: { symbol: string }) => instrument.symbol === 'text-prime',
  ).trading_parameters.market_id;

  const page = await openAt(browser, 'Supplier', 'Tyrell Compute');
  // A supplier's ticket starts on Sell.
  await expect(ticket(page).getByRole('button', { name: 'Sell', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await placeOrder(page, { side: 'Sell', quantity: 3, price: '2.000' });
  await expect(ticket(page).getByRole('status')).toHaveText('Order resting: 3 @ $2.000');
  // 2 Units left to sell: the preview does not warn about the order just placed beside its success...
  await expect(page.getByTestId('cost-preview')).not.toContainText('refuse');
  // ...but does once the user sets up the next one.
  await ticket(page).getByLabel('Quantity', { exact: true }).fill('4');
  await expect(page.getByTestId('cost-preview')).toContainText(
    'Only 2 Units of text-prime available to sell',
  );
  await expect(ticket(page).getByRole('status')).toHaveCount(0);
  // Max sells what is left.
  await ticket(page).getByRole('button', { name: 'Max', exact: true }).click();
  await expect(ticket(page).getByLabel('Quantity', { exact: true })).toHaveValue('2');

  // Another desk takes 2 of it: the supplier hears of the fill.
  await web.contract('orders.place', {
    participant_id: buyerId,
    market_id: market,
    side: 'buy',
    type: 'limit',
    quantity: 2,
    price: '2.000',
    time_in_force: 'ioc',
  });
  await expect(
    page.getByRole('status').filter({ hasText: 'Sold 2 text-prime @ $2.000 (maker)' }),
  ).toBeVisible();
  // The Reference Price panel shows where the next publication is heading, before any publication.
  await expect(page.getByTestId('reference-indicative')).toContainText('$2.000 vwap of 2 Units, last 4 h');
  const fill = page.getByTestId('fills').getByRole('row').filter({ hasText: 'text-prime' });
  await expect(fill).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);

  const download = page.waitForEvent('download');
  await page.getByTestId('fills').getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toContain('text-prime');
  expect(csv).toContain('maker');

  // Cancelled, the order moves to the history with its status and date.
  await page.getByTestId('open-orders').getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('group', { name: 'Orders shown' }).getByRole('button', { name: 'History' }).click();
  const past = page.getByTestId('order-history').getByRole('row').filter({ hasText: 'text-prime' });
  await expect(past).toContainText('cancelled');
  await expect(past).toContainText(/\d{4}-\d\d-\d\d/);

  // This market only: another market's desk shows none of it.
  await page.getByLabel('Market', { exact: true }).selectOption({ label: 'text-standard/USD' });
  await page.getByRole('checkbox', { name: 'This market only' }).first().check();
  await expect(past).toHaveCount(0);
  await expect(fill).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'This market only' }).first().uncheck();
  await expect(past).toHaveCount(1);
  await page.context().close();
});
