import { expect, test, type Page } from '@playwright/test';
import { SHOTS, setTheme, useHeadlessExchange } from '../helpers/web';

// The sandbox seeds three suppliers with resting asks and a consumer that bought from them (Auto Mode on,
// Units in consumption): every chart has real data to draw.
const web = useHeadlessExchange('grid-desk-charts-', ['--sandbox']);

// The cheapest of the three: the one the sandbox consumer bought from.
const SUPPLIER = 'Sandbox Supplier C';
const CONSUMER = 'Sandbox Consumer';

/** The page as it is scrolled now, light and dark. */
async function shootHere(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png` });
  }
  await setTheme(page, 'light');
}

/** Points a lightweight-charts line draws: its figure says how many, and a canvas is there to draw them. */
async function expectDrawn(page: Page, testId: string) {
  const chart = page.getByTestId(testId);
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId(`${testId}-empty`)).toHaveCount(0);
}

test.describe('charts where people would rather look than read', () => {
  test.beforeAll(async () => {
    // Two publications, so the Reference Price history has a line.
    await web.contract('referencePrices.publish', {});
    await web.contract('referencePrices.publish', {});
  });

  test('supplier Inventory: capacity against cap, liability over time, and sales revenue and fees', async ({
    browser,
  }) => {
    const supplier = await web.openDesk(browser, 'Supplier', SUPPLIER);
    await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();

    const meter = supplier.getByTestId('capacity-meter-text-prime').getByRole('meter');
    await expect(meter).toHaveAttribute('aria-valuetext', /^[\d,]+ tokens of [\d,]+$/);
    expect(Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThan(0);

    await expectDrawn(supplier, 'liability-chart-text-prime');
    // The line ends at what the liability table says is outstanding now.
    const outstanding = (await supplier
      .getByTestId('liability-text-prime')
      .locator('td')
      .last()
      .textContent())!;
    await expect(supplier.getByTestId('liability-chart-text-prime-latest')).toHaveText(outstanding);

    // The sandbox consumer bought 4 Units of each live instrument from the suppliers' asks.
    const sales = supplier.getByTestId('sales-text-prime');
    await expect(sales).toHaveText(/^text-prime\s*[1-9]\d*\s*\$[\d,]+\.\d{2,}\s*\$[\d,]+\.\d{2,}$/);
    await expect(sales.locator('td').nth(1)).not.toHaveText('$0.00');
    // The sandbox consumer's Lots hold its tokens: their lifetimes, its share of each.
    const funded = supplier.getByTestId('funded-lot-timeline');
    await expect(funded).toHaveAttribute('data-spans', '3');
    await expect(funded.getByTestId('timeline-span').first()).toHaveAttribute(
      'title',
      /^text-\w+, 4,000,000 tokens \(live\): formed .*; 4,000,000 left$/,
    );
    await supplier.getByRole('region', { name: 'Supplier liability' }).scrollIntoViewIfNeeded();
    await shootHere(supplier, 'charts-supplier-liability');
  });

  test('a supplier that sold nothing sees empty states in words, not blank boxes', async ({ browser }) => {
    await web.admin('/v1/admin/participants', { name: 'Idle Supplier', role: 'supplier' });
    const supplier = await web.openDesk(browser, 'Supplier', 'Idle Supplier');
    await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();
    await expect(supplier.getByTestId('liability-chart')).toHaveAttribute('data-points', '0');
    await expect(supplier.getByTestId('liability-chart-empty')).toHaveText(
      'Nothing sold yet: the line starts with your first sale.',
    );
    await expect(supplier.getByTestId('funded-lot-timeline')).toContainText(
      "No buyer's Lot holds your tokens now",
    );
  });

  test('consumer Consumption: Lot lifetimes on a timeline and Auto Mode spend against its ceiling', async ({
    browser,
  }) => {
    const consumer = await web.openDesk(browser, 'Consumer', CONSUMER);
    await consumer.getByRole('tab', { name: 'Consumption', exact: true }).click();
    const timeline = consumer.getByTestId('lot-timeline');
    await expect(timeline).toHaveAttribute('data-spans', /^[1-9]\d*$/);
    const span = timeline.getByTestId('timeline-span').first();
    await expect(span).toBeVisible();
    await expect(span).toHaveAttribute('title', /formed \d{4}-\d\d-\d\d .*, expires \d{4}-\d\d-\d\d/);
    expect((await span.boundingBox())!.width).toBeGreaterThan(2);

    const spend = consumer.getByTestId('auto-mode-spend').getByRole('meter');
    await expect(spend).toHaveAttribute('aria-valuetext', /^\$[\d,]+\.\d{2,} of \$[\d,]+\.\d{2,} ceiling$/);
    await shootHere(consumer, 'charts-consumer-lots');
  });

  test('Reference Price history on the desk and in the operator console', async ({ browser }) => {
    const consumer = await web.openDesk(browser, 'Consumer', CONSUMER);
    const desk = consumer.getByTestId('reference-price');
    await expectDrawn(consumer, 'reference-history');
    await expect(desk.getByTestId('reference-history-latest')).toHaveText(
      (await desk.getByTestId('reference-value').textContent())!,
    );
    await desk.getByTestId('reference-history').scrollIntoViewIfNeeded();
    await shootHere(consumer, 'charts-desk-reference');

    const operator = await web.openDesk(browser, 'Operator');
    await operator.getByRole('tab', { name: 'Markets', exact: true }).click();
    await expectDrawn(operator, 'reference-history');
  });
});

/** Every tab of every workspace, light and dark, at the two window sizes people use. */
test('screenshots of every workspace in both themes', async ({ browser }) => {
  test.setTimeout(240_000);
  const tours: { workspace: 'Operator' | 'Supplier' | 'Consumer'; who?: string; tabs: string[] }[] = [
    {
      workspace: 'Operator',
      tabs: [
        'Instruments',
        'Participants',
        'Markets',
        'Rosters',
        'Sweeps',
        'Calls',
        'Endpoints',
        'Audit log',
      ],
    },
    {
      workspace: 'Supplier',
      who: SUPPLIER,
      tabs: ['Trading', 'Inventory', 'Model endpoints', 'Delivery', 'API keys'],
    },
    { workspace: 'Consumer', who: CONSUMER, tabs: ['Trading', 'Consumption', 'Consumption API', 'API keys'] },
  ];
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    for (const tour of tours) {
      const page = await web.openDesk(browser, tour.workspace, tour.who);
      await page.setViewportSize(viewport);
      for (const tab of tour.tabs) {
        await page.getByRole('tab', { name: tab, exact: true }).first().click();
        await page.waitForLoadState('networkidle');
        const name = `workspace-${tour.workspace}-${tab}-${viewport.width}`.toLowerCase().replace(/ /g, '-');
        for (const theme of ['light', 'dark'] as const) {
          await setTheme(page, theme);
          await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png` });
        }
        await setTheme(page, 'light');
      }
      await page.context().close();
    }
  }
});
