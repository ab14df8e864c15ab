import { expect, test } from '@playwright/test';
import { SHOTS, shoot, useHeadlessExchange } from '../helpers/web';

// A sandbox exchange: three simulated suppliers on every live instrument and a funded consumer.
const web = useHeadlessExchange('grid-desk-consumption-', ['--sandbox']);
test.use({ actionTimeout: 15_000 });

test('keys, playground and usage for the consumer; endpoints and calls served for the supplier; every call for the operator', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const apiUrl = web.exchange.baseUrl;
  const consumer = await web.openDesk(browser, 'Consumer', 'Sandbox Consumer');
  await consumer.getByRole('tab', { name: 'Consumption API', exact: true }).click();
  const keys = consumer.getByRole('region', { name: 'Consumption keys' });
  let secret = '';

  await test.step('the consumer creates a key and sees its secret once, with snippets', async () => {
    await expect(keys.getByTestId('consumption-key')).toHaveCount(1); // the sandbox's key
    await keys.getByRole('button', { name: 'New key', exact: true }).click();
    const dialog = consumer.getByRole('dialog', { name: 'New consumption key' });
    await dialog.getByRole('button', { name: 'Create key', exact: true }).click();
    await expect(dialog.getByText('name the key')).toBeVisible();
    await dialog.getByLabel('Name', { exact: true }).fill('My app');
    await dialog.getByLabel('Requests per minute', { exact: true }).fill('600');
    await dialog.getByLabel('Spend budget (USD)', { exact: true }).fill('25');
    await dialog.getByRole('button', { name: 'Create key', exact: true }).click();

    const once = consumer.getByRole('dialog', { name: 'Key “My app” created' });
    await expect(once.getByText('it is shown only this once')).toBeVisible();
    secret = (await once.getByTestId('consumption-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await expect(once.getByTestId('snippet-openai-ts')).toContainText(`baseURL: '${apiUrl}/v1'`);
    await expect(once.getByTestId('snippet-openai-ts')).toContainText(`apiKey: '${secret}'`);
    await once.getByRole('tab', { name: 'curl', exact: true }).click();
    await expect(once.getByTestId('snippet-curl')).toContainText(`curl ${apiUrl}/v1/chat/completions`);
    await once.getByRole('tab', { name: 'Anthropic SDK (Python)', exact: true }).click();
    await expect(once.getByTestId('snippet-anthropic-py')).toContainText(`base_url='${apiUrl}'`);
    await once.getByRole('tab', { name: 'OpenAI SDK (TypeScript)', exact: true }).click();
    await consumer.screenshot({ path: `${SHOTS}/consumption-key-secret-light.png` });
    await once.getByRole('button', { name: 'I have copied it', exact: true }).click();
    await expect(once).toBeHidden();

    const row = keys.getByTestId('consumption-key').filter({ hasText: 'My app' });
    await expect(row).toContainText('active');
    await expect(row).toContainText('600 req/min');
    await expect(row).toContainText('$0.00 / $25.00');
    await expect(row).toContainText(`${secret.slice(0, 8)}`);
    // Shown once: nowhere on the page any more.
    await expect(consumer.getByText(secret)).toHaveCount(0);
  });

  let supplierName = '';
  await test.step('a playground chat streams text, then shows the cost from the usage record', async () => {
    const playground = consumer.getByRole('region', { name: 'Playground' });
    await expect(playground.getByLabel('Model', { exact: true })).toHaveValue('text-prime');
    await expect(playground.getByLabel('Key', { exact: true })).toContainText('My app');
    await playground.getByLabel('Message', { exact: true }).fill('Say hello to the market.');
    await playground.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(playground.getByTestId('pg-answer')).not.toBeEmpty();
    await expect(playground.getByTestId('pg-cost')).toHaveText(/^\$0\.\d+$/, { timeout: 30_000 });
    await expect(playground.getByTestId('pg-ttft')).toHaveText(/^[\d,]+ ms$/);
    expect(
      Number((await playground.getByTestId('pg-tokens').textContent())?.replace(/,/g, '')),
    ).toBeGreaterThan(0);
    const record = (await playground.getByTestId('pg-record').textContent()) ?? '';
    supplierName = /Served by (Sandbox Supplier [ABC])/.exec(record)?.[1] ?? '';
    expect(supplierName).not.toBe('');
  });

  await test.step('the call is in the usage blotter with its cost, and the key shows the spend', async () => {
    const usage = consumer.getByRole('region', { name: 'Usage' });
    const row = usage.getByRole('row').filter({ hasText: 'My app' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('text-prime');
    await expect(row).toContainText('billed');
    await expect(row).toContainText(supplierName);
    await expect(row).toContainText(/\$0\.\d+/);
    await expect(usage.getByTestId('calls-totals')).toContainText('1 call · 1 billed');
    await expect(usage.getByTestId('tokens-cost-chart')).toHaveAttribute('data-points', '1');
    await expect(usage.getByTestId('ttft-chart')).toHaveAttribute('data-points', '1');

    // Filters: no failed calls; back to all.
    await usage.getByLabel('Outcome', { exact: true }).selectOption('failed');
    await expect(usage.getByTestId('calls-totals')).toContainText('0 calls');
    await usage.getByLabel('Outcome', { exact: true }).selectOption('');
    await expect(usage.getByTestId('calls-totals')).toContainText('1 call');

    const download = consumer.waitForEvent('download');
    await usage.getByRole('button', { name: 'Export CSV', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^grid-desk-usage-.*\.csv$/);
    await expect(keys.getByTestId('consumption-key').filter({ hasText: 'My app' })).not.toContainText(
      '$0.00 / $25.00',
    );
    await shoot(consumer, 'consumption-api');
    await consumer.getByRole('region', { name: 'Usage' }).scrollIntoViewIfNeeded();
    await consumer.screenshot({ path: `${SHOTS}/consumption-usage-light.png` });
  });

  await test.step('an error answer is shown in plain words (a pasted, wrong secret)', async () => {
    const playground = consumer.getByRole('region', { name: 'Playground' });
    await playground.getByLabel('Key', { exact: true }).selectOption({ label: 'Paste a secret…' });
    await playground.getByLabel('Secret', { exact: true }).fill('not-a-real-key');
    await playground.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(playground.getByRole('alert')).toContainText('The key was not accepted');
  });

  await test.step('revoking a key asks first', async () => {
    const row = keys.getByTestId('consumption-key').filter({ hasText: 'My app' });
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByRole('button', { name: 'Confirm revoke', exact: true }).click();
    await expect(keys.getByRole('status')).toContainText('Revoked “My app”');
    await expect(row).toContainText('revoked');
  });

  await test.step('the supplier sees its endpoints, tests one, and sees the call it served', async () => {
    const supplier = await web.openDesk(browser, 'Supplier', supplierName);
    await supplier.getByRole('tab', { name: 'Model endpoints', exact: true }).click();
    const endpoints = supplier.getByRole('region', { name: 'Model endpoints' });
    await expect(endpoints.getByTestId('model-endpoint')).toHaveCount(3);
    const prime = endpoints.getByTestId('model-endpoint').filter({ hasText: 'text-prime' });
    await expect(prime).toContainText('simulated');
    await expect(prime).toContainText('serving');
    await prime.getByRole('button', { name: /^Test / }).click();
    await expect(endpoints.getByTestId('endpoint-test')).toContainText('verdict billed', { timeout: 30_000 });
    await expect(endpoints.getByTestId('endpoint-test')).toContainText(/TTFT [\d,]+ ms/);

    const served = supplier.getByRole('region', { name: 'Calls served' });
    const row = served.getByRole('row').filter({ hasText: 'Sandbox Consumer' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('billed');
    await expect(row).toContainText(' ms');
    await shoot(supplier, 'consumption-supplier-endpoints');

    await test.step('pause and resume; delete after a confirmation; create prefilled from the spec', async () => {
      await prime.getByRole('button', { name: /^Pause / }).click();
      await expect(prime).toContainText('paused');
      await prime.getByRole('button', { name: /^Resume / }).click();
      await expect(prime).toContainText('active');

      // Capacity comes from the roster: the dialog says what is admitted and that a new endpoint serves once admitted.
      await endpoints.getByRole('button', { name: 'New endpoint', exact: true }).click();
      const dialog = supplier.getByRole('dialog', { name: 'New model endpoint' });
      await expect(dialog).toContainText('Admitted capacity in this instrument now 2,000 tok/s');
      await expect(dialog.getByLabel('TTFT (ms)', { exact: true })).not.toHaveValue('');
      await dialog.getByRole('button', { name: 'OpenAI-compatible upstream', exact: true }).click();
      await expect(dialog.getByLabel('API key', { exact: true })).toHaveAttribute('type', 'password');
      await dialog.getByRole('button', { name: 'Simulated model', exact: true }).click();
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();

      const standard = endpoints.getByTestId('model-endpoint').filter({ hasText: 'text-standard' });
      await standard.getByRole('button', { name: /^Delete / }).click();
      await standard.getByRole('button', { name: 'Confirm delete', exact: true }).click();
      await expect(endpoints.getByTestId('model-endpoint')).toHaveCount(2);

      await endpoints.getByRole('button', { name: 'New endpoint', exact: true }).click();
      await dialog.getByLabel('Instrument', { exact: true }).selectOption({ label: 'text-standard' });
      await expect(dialog).toContainText('(Delivery tab)');
      await dialog.getByLabel('Name', { exact: true }).fill('New standard sim');
      await supplier.screenshot({ path: `${SHOTS}/consumption-endpoint-dialog-light.png` });
      await dialog.getByRole('button', { name: 'Register endpoint', exact: true }).click();
      await expect(dialog).toBeHidden();
      const added = endpoints.getByTestId('model-endpoint').filter({ hasText: 'New standard sim' });
      // Registered, not serving: it must be admitted to the text-standard roster first.
      await expect(added).toContainText('not serving');
      await expect(added).toContainText('not on the roster: apply it to the instrument');
      await expect(endpoints.getByTestId('model-endpoint')).toHaveCount(3);
    });
  });

  await test.step('the operator sees every call and every endpoint', async () => {
    const operator = await web.openDesk(browser, 'Operator');
    await operator.getByRole('tab', { name: 'Calls', exact: true }).click();
    const calls = operator.getByTestId('calls-operator');
    const row = calls.getByRole('row').filter({ hasText: 'Sandbox Consumer' }).filter({ hasText: 'My app' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(supplierName);
    await expect(row).toContainText('billed');
    await calls.getByLabel('Outcome', { exact: true }).selectOption('failed');
    await expect(calls.getByTestId('calls-totals')).toContainText('0 calls');
    await calls.getByLabel('Outcome', { exact: true }).selectOption('');
    await shoot(operator, 'consumption-operator-calls');
    await operator.getByRole('tab', { name: 'Endpoints', exact: true }).click();
    await expect(operator.getByTestId('model-endpoint')).toHaveCount(9);
    await expect(operator.getByTestId('model-endpoint').filter({ hasText: 'New standard sim' })).toHaveCount(
      1,
    );
    await shoot(operator, 'consumption-operator-endpoints');
  });
});
