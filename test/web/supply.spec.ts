import { expect, test, type Page } from '@playwright/test';
import { shoot, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-supply-');

const form = (page: Page, name: string) => page.getByRole('form', { name });

test('capacity comes from admitted roster entries: the supplier issues within its cap; a suspension closes issuing', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const volt = await web.admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' });
  const primeId = await web.instrumentId('text-prime');

  const supplier = await web.openDesk(browser, 'Supplier', 'Volt GPUs');
  await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();
  const capacity = supplier.getByTestId('capacity-text-prime');
  const issue = form(supplier, 'Issue Units');
  const issueButton = issue.getByRole('button', { name: 'Issue', exact: true });

  await test.step('with nothing admitted, issuing is closed and the way there is shown', async () => {
    await expect(supplier.getByRole('region', { name: 'Capacity' })).toContainText(
      'No admitted endpoint yet',
    );
    await expect(issueButton).toBeDisabled();
    await expect(issue).toContainText('Apply a model endpoint to the text-prime roster first (Delivery tab)');
    // Capacity is no longer declared by hand: the exchange refuses it, in words.
    const refused = await web.call('supply.declare', {
      participant_id: volt.participant_id,
      instrument_id: primeId,
      tokens_per_second: 1000,
    });
    expect(refused?.error?.detail).toContain('capacity now comes from admitted roster entries');
    // The Inventory's button leads to the delivery monitor.
    await supplier.getByRole('button', { name: 'Apply an endpoint', exact: true }).click();
    await expect(supplier.getByRole('region', { name: 'Delivery monitor' })).toBeVisible();
    await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();
  });

  let entryId = '';
  await test.step('an endpoint of 1,000 tokens/s is applied and admitted: capacity and cap follow', async () => {
    const endpoint = await web.contract('endpoints.register', {
      participant_id: volt.participant_id,
      kind: 'simulated',
      instrument_id: primeId,
      name: 'Volt prime sim',
      tokens_per_second: 1000,
      simulated: {
        quality_score: 50,
        ttft_ms: 1,
        tokens_per_second: 10_000,
        context_window: 1_000_000,
        max_output_tokens: 128_000,
      },
    });
    const entry = await web.contract('roster.apply', {
      participant_id: volt.participant_id,
      endpoint_id: endpoint.endpoint_id,
      instrument_id: primeId,
      quality_score: 50,
      quality_source: 'test',
      context_window: 1_000_000,
      max_output_tokens: 128_000,
      tokens_per_second: 1000,
    });
    entryId = entry.entry_id;
    await web.contract('roster.decide', { entry_id: entryId, action: 'admit', reason: 'capacity verified' });
    // Over the default 4 h Lot lifetime: 1,000 × 14,400 s.
    await expect(capacity).toHaveText(
      /text-prime\s*1,000\s*14,400,000\s*0\s*14\s*approved\s*1 admitted endpoint on the roster/,
    );
    await expect(issue).toContainText('1,000 tokens/s admitted: up to 14 more text-prime Units.');
  });

  await test.step('the supplier issues 10, moves 6 to trading; committed and issuable follow', async () => {
    await issue.getByLabel('Units to issue', { exact: true }).fill('10');
    await issueButton.click();
    await expect(issue.getByRole('status')).toHaveText(
      'Issued 10 text-prime Units into your Issuance account.',
    );
    await expect(capacity).toHaveText(/text-prime\s*1,000\s*14,400,000\s*10,000,000\s*4\s*approved/);
    await expect(issue).toContainText('up to 4 more text-prime Units.');
    await expect(
      supplier.getByRole('region', { name: 'Issuance history' }).getByTestId('issuance'),
    ).toHaveText([/^\d+\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*text-prime\s*10$/]);

    const move = form(supplier, 'Move to trading');
    await move.getByLabel('Units to move', { exact: true }).fill('6');
    await move.getByRole('button', { name: 'Move to trading', exact: true }).click();
    await expect(move.getByRole('status')).toHaveText('Moved 6 text-prime Units to trading.');
    await expect(supplier.getByTestId('inventory-text-prime')).toHaveText(/text-prime\s*4\s*6\s*6\s*0/);
    // Unsold Units in trading are still committed.
    await expect(capacity).toHaveText(/10,000,000\s*4\s*approved/);
  });

  await test.step('issuing beyond the cap is refused with the engine’s reason', async () => {
    await issue.getByLabel('Units to issue', { exact: true }).fill('5');
    await issueButton.click();
    await expect(issue.getByRole('alert')).toContainText('Rejected (code 1030)');
    await expect(issue.getByRole('alert')).toContainText('at most 4 more Units may be issued');
    await expect(capacity).toHaveText(/10,000,000\s*4\s*approved/);
    await shoot(supplier, 'supply-inventory');
  });

  await test.step('the operator suspends the endpoint on the roster board: issuing closes', async () => {
    const operator = await web.openDesk(browser, 'Operator');
    await operator.getByRole('tab', { name: 'Rosters' }).click();
    await operator.getByLabel('Instrument', { exact: true }).selectOption({ label: 'text-prime' });
    const row = operator
      .getByRole('region', { name: 'Roster' })
      .locator('.ag-row')
      .filter({ hasText: 'Volt GPUs' });
    await row.getByRole('button', { name: 'Suspend', exact: true }).click();
    const dialog = operator.getByRole('dialog', { name: 'Suspend roster entry' });
    await dialog.getByLabel('Reason', { exact: true }).fill('failed the latency audit');
    await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('suspended');
    await expect(row.getByRole('button', { name: 'Re-admit', exact: true })).toBeVisible();

    await expect(capacity).toHaveText(/10,000,000\s*0\s*revoked\s*no admitted endpoint on the roster/);
    await expect(issueButton).toBeDisabled();
    await expect(issue).toContainText('No endpoint of yours is admitted to the text-prime roster');

    await test.step('re-admitting needs a probe that passed since the suspension: the exchange says so', async () => {
      await row.getByRole('button', { name: 'Re-admit', exact: true }).click();
      const readmit = operator.getByRole('dialog', { name: 'Re-admit roster entry' });
      await readmit.getByLabel('Reason', { exact: true }).fill('fixed');
      await readmit.getByRole('button', { name: 'Re-admit', exact: true }).click();
      await expect(readmit.getByRole('alert')).toContainText(
        'needs a probe that passed since the suspension',
      );
      await readmit.getByRole('button', { name: 'Cancel', exact: true }).click();
    });
    await shoot(supplier, 'supply-inventory-revoked');
  });
});
