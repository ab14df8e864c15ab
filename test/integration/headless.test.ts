import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import seed from '../../resources/instruments.json';
import { contractSocket } from '../helpers/contract-socket';
import { runHeadless, startHeadless } from '../helpers/headless-process';
import { stockUnits } from '../helpers/supply';
import { tempDir } from '../helpers/temp-dir';

const PRIME = (seed as { symbol: string; instrument_id: string }[]).find(
  (i) => i.symbol === 'text-prime',
)!.instrument_id;
let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('the headless exchange process', () => {
  it('serves the UI and health, stops cleanly on SIGTERM, and keeps everything across a restart', async () => {
    const first = await startHeadless(dir.path);
    const token = readFileSync(join(dir.path, 'operator-token'), 'utf8').trim();
    expect(first.uiUrl).toContain(`#token=${token}`);
    const page = await fetch(first.baseUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.baseUrl}/v1/admin/participants`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Persisted Inc', role: 'consumer' }),
    });
    const id = ((await created.json()) as { data: { participant_id: string } }).data.participant_id;
    await fetch(`${first.baseUrl}/v1/admin/participants/${id}/usd-adjustments`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ amount: '100.00', idempotency_key: 'k', reason: 'deposit' }),
    });
    // A supplier whose declared capacity the operator approved (through the UI's contract bridge).
    const supplier = await fetch(`${first.baseUrl}/v1/admin/participants`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Volt GPUs', role: 'supplier' }),
    });
    const supplierId = ((await supplier.json()) as { data: { participant_id: string } }).data.participant_id;
    const client = await contractSocket(first.baseUrl, token);
    await stockUnits(client.call, supplierId, PRIME, 5, { tokensPerSecond: 1000 });
    client.close();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/closing the database/);

    const second = await startHeadless(dir.path);
    const again = await fetch(`${second.baseUrl}/v1/admin/participants/${id}`, { headers: auth });
    expect(
      ((await again.json()) as { data: { balances: { usd: { total: string } } } }).data.balances.usd.total,
    ).toBe('100.00');
    const registrations = await fetch(
      `${second.baseUrl}/v1/admin/supply-registrations?participant_id=${supplierId}`,
      { headers: auth },
    );
    expect(((await registrations.json()) as { data: unknown[] }).data).toEqual([
      expect.objectContaining({
        instrument_id: PRIME,
        tokens_per_second: 1000,
        status: 'approved',
        committed_tokens: 5_000_000,
        issuable_units: 9,
      }),
    ]);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);

    const verified = await runHeadless(['--data', dir.path, '--verify']);
    expect(verified.code).toBe(0);
    expect(verified.output).toMatch(/^verified: \d+ journaled commands/m);
  });

  it('refuses a bad --port with a clear message', async () => {
    const result = await runHeadless(['--port', 'eighty', '--data', dir.path]);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/--port must be a port number/);
  });
});
