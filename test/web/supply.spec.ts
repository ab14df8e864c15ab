import { expect, test, type Page } from '@playwright/test';
import { SHOTS, shoot, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-supply-');

const form = (page: Page, name: string) => page.getByRole('form', { name });

test('a supplier declares capacity, the operator approves it, the supplier issues within its cap', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const volt = await web.admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' });
  const acme = await web.admin('/v1/admin/participants', { name: 'Acme Compute', role: 'supplier' });
  // Acme is approved already: the operator's list still shows Volt's pending capacity first.
  await web.approveSupply(acme.participant_id, 'text-standard');

  const supplier = await web.openDesk(browser, 'Supplier', 'Volt GPUs');
  await supplier.getByRole('tab', { name: 'Inventory', exact: true }).click();
  const capacity = supplier.getByTestId('capacity-text-prime');
  const issue = form(supplier, 'Issue Units');
  const issueButton = issue.getByRole('button', { name: 'Issue', exact: true });

  await test.step('with nothing declared, issuing is closed', async () => {
    await expect(supplier.getByRole('region', { name: 'Capacity' })).toContainText(
      'No capacity declared yet',
    );
    await expect(issueButton).toBeDisabled();
    await expect(issue).toContainText('Declare your capacity in text-prime first');
  });

  await test.step('the supplier declares 1,000 tokens/s in text-prime: pending, still closed', async () => {
    const declare = form(supplier, 'Declare capacity');
    await declare.getByLabel('Tokens per second', { exact: true }).fill('1000');
    // Over the default 4 h Lot lifetime: 1,000 × 14,400 s.
    await expect(declare).toContainText('Cap 14,400,000 tokens (14 Units)');
    await declare.getByRole('button', { name: 'Declare capacity', exact: true }).click();
    await expect(declare.getByRole('status')).toHaveText(
      'Declared 1,000 tokens/s in text-prime: sent to the operator for approval.',
    );
    await expect(capacity).toHaveText(/text-prime\s*1,000\s*14,400,000\s*0\s*0\s*pending\s*awaiting review/);
    await expect(issueButton).toBeDisabled();
    await expect(issue).toContainText("Your 1,000 tokens/s in text-prime awaits the operator's approval");
    // The engine refuses it too.
    const refused = await web.call('supply.issue', {
      participant_id: volt.participant_id,
      instrument_id: await web.instrumentId('text-prime'),
      quantity: 1,
    });
    expect(refused?.error?.code).toBe(1029);
  });

  const operator = await web.openDesk(browser, 'Operator');
  await operator.getByRole('tab', { name: 'Supply', exact: true }).click();
  const registrations = operator.getByRole('region', { name: 'Supply registrations' });
  const voltRow = operator.getByTestId('supply-Volt GPUs-text-prime');

  await test.step('the operator sees Volt pending first and approves it with a reason', async () => {
    await expect(registrations.getByRole('row')).toHaveCount(3);
    await expect(registrations.getByRole('row').nth(1)).toContainText('Volt GPUs');
    await expect(registrations.getByRole('row').nth(2)).toHaveText(
      /Acme Compute\s*text-standard\s*1,000,000,000.*approved\s*test supplier\s*Exchange operator/,
    );
    await expect(voltRow).toHaveText(/Volt GPUs\s*text-prime\s*1,000\s*14,400,000\s*0\s*0\s*pending/);
    await expect(voltRow.getByRole('button', { name: 'Revoke', exact: true })).toBeVisible();
    await shoot(operator, 'supply-operator-pending');

    await voltRow.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = operator.getByRole('dialog', { name: 'Approve supply' });
    await expect(dialog).toContainText(
      'Volt GPUs declared 1,000 tokens/s in text-prime: a cap of 14,400,000',
    );
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(dialog.getByText('give a reason')).toBeVisible();
    await dialog.getByLabel('Reason', { exact: true }).fill('capacity verified');
    await operator.screenshot({ path: `${SHOTS}/supply-review-dialog-light.png` });
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(registrations.getByRole('status')).toHaveText(
      'Volt GPUs text-prime: approved, 14 Units issuable.',
    );
    await expect(voltRow).toHaveText(
      /text-prime\s*1,000\s*14,400,000\s*0\s*14\s*approved\s*capacity verified\s*Exchange operator\s*\d/,
    );
    await expect(voltRow.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  });

  await test.step('the supplier issues 10, moves 6 to trading; committed and issuable follow', async () => {
    await expect(capacity).toHaveText(/approved\s*capacity verified/);
    // "sent to the operator for approval" is no longer true: the notice is gone.
    await expect(form(supplier, 'Declare capacity').getByRole('status')).toHaveCount(0);
    await expect(issue).toContainText('Approved at 1,000 tokens/s: up to 14 more text-prime Units.');
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
    await expect(voltRow).toHaveText(/14,400,000\s*10,000,000\s*4\s*approved/);
  });

  await test.step('issuing beyond the cap is refused with the engine’s reason', async () => {
    await issue.getByLabel('Units to issue', { exact: true }).fill('5');
    await issueButton.click();
    await expect(issue.getByRole('alert')).toContainText('Rejected (code 1030)');
    await expect(issue.getByRole('alert')).toContainText('at most 4 more Units may be issued');
    await expect(capacity).toHaveText(/10,000,000\s*4\s*approved/);
    await shoot(supplier, 'supply-inventory');
    await shoot(operator, 'supply-operator');
  });

  await test.step('the operator revokes it: the supplier sees why, and issuing closes', async () => {
    await voltRow.getByRole('button', { name: 'Revoke', exact: true }).click();
    const dialog = operator.getByRole('dialog', { name: 'Revoke supply' });
    await dialog.getByLabel('Reason', { exact: true }).fill('failed the latency audit');
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(registrations.getByRole('status')).toHaveText('Volt GPUs text-prime: revoked.');
    await expect(voltRow).toHaveText(/0\s*revoked\s*failed the latency audit/);

    await expect(capacity).toHaveText(/10,000,000\s*0\s*revoked\s*failed the latency audit/);
    await expect(issueButton).toBeDisabled();
    await expect(issue).toContainText(
      'The operator revoked your capacity in text-prime (failed the latency audit): declare it again to ask for a new review.',
    );
    await shoot(supplier, 'supply-inventory-revoked');
  });
});
