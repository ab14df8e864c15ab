import { expect, test, type Locator, type Page } from '@playwright/test';
import { SHOTS, setTheme, shoot, useHeadlessExchange } from '../helpers/web';

// A sandbox exchange: three simulated suppliers admitted on text-max, text-prime and text-standard.
const web = useHeadlessExchange('grid-desk-rosters-', ['--sandbox']);
test.use({ actionTimeout: 15_000 });

/** A conforming simulated model for text-prime (TTFT ≤ 4.62 s, ≥ 40 tok/s, 128K context, 30K output). */
const VOLT_MODEL = {
  quality_score: 50,
  ttft_ms: 250,
  tokens_per_second: 150,
  context_window: 200_000,
  max_output_tokens: 32_000,
  failure_rate: 0,
  jitter: 0.05,
  seed: 7,
};

/** Screenshots in light and dark with `target` scrolled into view. */
async function shootAt(page: Page, target: Locator, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png` });
  }
  await setTheme(page, 'light');
}

/** The roster grid's row of a supplier (ag-grid rows carry the row's text). */
const rosterRow = (page: Page, text: string) =>
  page.getByRole('region', { name: 'Roster' }).locator('.ag-row').filter({ hasText: text });

test('a supplier applies, the operator admits it on the roster board and probes it; revisions; the delivery monitor', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const volt = await web.admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' });
  const primeId = await web.instrumentId('text-prime');
  await web.contract('endpoints.register', {
    participant_id: volt.participant_id,
    kind: 'simulated',
    instrument_id: primeId,
    name: 'Volt prime sim',
    tokens_per_second: 500,
    simulated: VOLT_MODEL,
  });

  const supplier = await web.openDesk(browser, 'Supplier', 'Volt GPUs');
  const operator = await web.openDesk(browser, 'Operator');

  await test.step('the supplier applies its endpoint from the delivery monitor, prefilled from its model', async () => {
    await supplier.getByRole('tab', { name: 'Delivery', exact: true }).click();
    const monitor = supplier.getByRole('region', { name: 'Delivery monitor' });
    await expect(monitor).toContainText('No endpoint on a roster');
    await monitor.getByRole('button', { name: 'Apply Volt prime sim to text-prime', exact: true }).click();
    const dialog = supplier.getByRole('dialog', { name: 'Apply to a roster' });
    await expect(dialog.getByLabel('Quality score', { exact: true })).toHaveValue('50');
    await expect(dialog.getByLabel('Context window (tokens)', { exact: true })).toHaveValue('200000');
    await expect(dialog.getByLabel('Capacity (tokens per second)', { exact: true })).toHaveValue('500');
    await dialog.getByLabel('Quality source', { exact: true }).fill('Artificial Analysis Intelligence Index');
    await supplier.screenshot({ path: `${SHOTS}/rosters-apply-dialog-light.png` });
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(monitor.getByRole('status')).toContainText('Applied Volt prime sim to text-prime');
    const entry = supplier.getByTestId('delivery-entry');
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('pending');
  });

  await test.step('the operator sees the application first, with a badge on the Rosters tab', async () => {
    const tab = operator.getByRole('tab', { name: 'Rosters' });
    await expect(operator.getByTestId('tab-badge-rosters')).toHaveText('1, 1 waiting');
    await tab.click();
    await expect(operator.getByLabel('Instrument', { exact: true })).toHaveValue(primeId);
    const rows = operator.getByRole('region', { name: 'Roster' }).locator('.ag-row');
    await expect(rows).toHaveCount(4); // Volt and the three sandbox suppliers
    await expect(rows.and(operator.locator('[row-index="0"]'))).toContainText('Volt GPUs');
    await expect(rows.and(operator.locator('[row-index="0"]'))).toContainText('pending');
    await expect(operator.getByTestId('roster-counts')).toContainText('1 pending');
    // The sandbox's admitted endpoints are measured against the thresholds: colour-coded cells.
    await expect(rosterRow(operator, 'Sandbox Supplier A').locator('.metric').first()).toBeVisible();
  });

  await test.step('admitting asks for a reason, then the entry shows admitted with its history', async () => {
    await rosterRow(operator, 'Volt GPUs').getByRole('button', { name: 'Admit', exact: true }).click();
    const dialog = operator.getByRole('dialog', { name: 'Admit roster entry' });
    await dialog.getByRole('button', { name: 'Admit', exact: true }).click();
    await expect(dialog.getByText('give a reason')).toBeVisible();
    await dialog.getByLabel('Reason', { exact: true }).fill('probe passed, quality verified');
    await operator.screenshot({ path: `${SHOTS}/rosters-decision-dialog-light.png` });
    await dialog.getByRole('button', { name: 'Admit', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(operator.locator('.rosters-section > .alert[role=status]')).toContainText(
      'Volt GPUs · Volt prime sim on text-prime: admitted (probe passed, quality verified).',
    );
    await expect(rosterRow(operator, 'Volt GPUs')).toContainText('admitted');
    await expect(operator.getByTestId('tab-badge-rosters')).toHaveCount(0);
    const entry = operator.getByTestId('roster-entry');
    await expect(entry).toContainText('admitted since');
    await expect(entry.getByTestId('history-step').first()).toContainText(
      /admitted\s*Exchange operator\s*probe passed, quality verified/,
    );
    await expect(entry.getByTestId('history-step').last()).toContainText('applied');
  });

  await test.step('the operator runs a probe and sees its report', async () => {
    await rosterRow(operator, 'Volt GPUs').getByRole('button', { name: 'Run probe', exact: true }).click();
    await expect(operator.locator('.rosters-section > .alert[role=status]')).toContainText(
      'Probe of Volt GPUs · Volt prime sim started',
    );
    const report = operator.getByRole('region', { name: 'Probe reports' }).getByTestId('probe-report');
    await expect(report).toContainText('probe passed', { timeout: 60_000 });
    await expect(report.getByTestId('probe-dimension').first()).toBeVisible();
    await expect(report.getByTestId('probe-chart-ttft_ms')).toBeVisible();
    await expect(report.getByTestId('probe-chart-tokens_per_second')).toBeVisible();
    await expect(rosterRow(operator, 'Volt GPUs')).toContainText('passed');
    await shoot(operator, 'rosters-board');
    await shootAt(operator, operator.getByRole('region', { name: 'Probe reports' }), 'rosters-entry');
  });

  await test.step('a revision that raises the throughput floor: impact preview, then published as upcoming', async () => {
    const editor = operator.getByRole('region', { name: 'Specification' });
    await editor.getByLabel('Throughput floor (tok/s)', { exact: true }).fill('5000');
    const impact = editor.getByTestId('revision-impact');
    await expect(impact).toContainText('Throughput ≥ 40 tok/s → 5,000 tok/s');
    await expect(impact).toContainText('would fail it');
    await expect(impact).toContainText('Volt GPUs · Volt prime sim');
    await expect(impact).toContainText('would still qualify');
    // The sandbox allows an hour's notice; the earliest allowed time is the default.
    await expect(editor).toContainText('At least 1 h ahead');
    await expect(editor.getByLabel('Effective at', { exact: true })).not.toHaveValue('');
    await shootAt(operator, editor.getByTestId('revision-impact'), 'rosters-revision');
    await editor.getByRole('button', { name: 'Publish revision', exact: true }).click();
    await expect(editor.getByRole('status')).toContainText('Published version 1 of text-prime');
    await expect(editor.getByTestId('revision')).toHaveCount(1);
    await expect(editor.getByTestId('revision').first()).toContainText('upcoming');
    await expect(editor.getByTestId('spec-upcoming')).toContainText('upcoming v1');
    // Everyone sees it in the instruments table (a market view on the desk).
    await supplier.getByRole('tab', { name: 'Trading', exact: true }).click();
    await supplier
      .getByRole('tablist', { name: 'Market views' })
      .getByRole('tab', { name: 'Instruments', exact: true })
      .click();
    await expect(supplier.getByTestId('upcoming-text-prime')).toContainText(
      /v1 from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: Throughput ≥ 40 tok\/s → 5,000 tok\/s/,
    );
    await supplier.getByTestId('upcoming-text-prime').scrollIntoViewIfNeeded();
    await supplier.screenshot({ path: `${SHOTS}/rosters-instruments-upcoming-light.png` });
  });

  await test.step('the supplier watches its entry on the delivery monitor and re-probes it', async () => {
    // A few calls through the Consumption API so the monitor has delivered calls to chart.
    const key = /Consumption key \(shown once\): (\S+)/.exec(web.exchange.output())![1]!;
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${web.exchange.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'text-prime', messages: [{ role: 'user', content: `Hello ${i}` }] }),
      });
      expect(response.status).toBe(200);
    }
    const usage = await web.contract('usage.list', { limit: 10 });
    const servedBy = usage.calls[0].supplier_name as string;
    const desk = await web.openDesk(browser, 'Supplier', servedBy);
    await desk.getByRole('tab', { name: 'Delivery', exact: true }).click();
    const entry = desk.getByTestId('delivery-entry').filter({ hasText: 'text-prime ·' });
    await expect(entry).toContainText('admitted');
    await expect(entry).toContainText('serving');
    await expect(entry.getByTestId('delivery-ttft-chart')).not.toHaveAttribute('data-points', '0');
    await expect(entry.getByTestId('delivery-ttft-chart').locator('canvas').first()).toBeVisible();
    await expect(entry.getByTestId('delivery-throughput-chart').locator('canvas').first()).toBeVisible();
    await expect(entry.getByTestId('delivery-figures')).toContainText('Outstanding liability');
    await expect(entry.getByTestId('metric-ttft_p50')).toBeVisible();

    await entry.getByRole('button', { name: 'Re-probe', exact: true }).click();
    await expect(entry.getByRole('status')).toContainText('Probe started');
    // The report shown is the new probe's (not the application's, which passed earlier).
    await expect(entry.getByTestId('probe-report')).toContainText("supplier's request", { timeout: 30_000 });
    await expect(entry.getByTestId('probe-report')).toContainText('probe passed', { timeout: 60_000 });
    await expect(entry.getByTestId('probe-report').getByTestId('probe-dimension').first()).toBeVisible({
      timeout: 30_000,
    });
    await shoot(desk, 'rosters-delivery');
    await shootAt(desk, entry.getByTestId('probe-report'), 'rosters-delivery-entry');

    await entry.getByRole('button', { name: 'Pause endpoint', exact: true }).click();
    await expect(entry.getByRole('status')).toContainText('Paused');
    await expect(entry.getByRole('button', { name: 'Resume endpoint', exact: true })).toBeVisible();
    await entry.getByRole('button', { name: 'Resume endpoint', exact: true }).click();
    await expect(entry.getByRole('status')).toContainText('Resumed');
  });
});
