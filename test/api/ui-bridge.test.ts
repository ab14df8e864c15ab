import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestExchange } from '../helpers/exchange-node';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

/** A contract client over the UI bridge, as the browser transport uses it. */
async function connect(token: string) {
  const socket = new WebSocket(
    `${exchange.node.url.replace('http', 'ws')}/v1/ui?token=${encodeURIComponent(token)}`,
  );
  const messages: any[] = [];
  const waiters: ((m: any) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    messages.push(message);
    waiters.splice(0).forEach((w) => w(message));
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let id = 0;
  const next = (predicate: (m: any) => boolean) =>
    new Promise<any>((resolve) => {
      const found = messages.find(predicate);
      if (found) return resolve(found);
      const wait = (m: any) => (predicate(m) ? resolve(m) : waiters.push(wait));
      waiters.push(wait);
    });
  const call = (name: string, args: unknown) => {
    const requestId = ++id;
    socket.send(JSON.stringify({ id: requestId, name, args }));
    return next((m) => m.id === requestId);
  };
  return { socket, call, next };
}

describe('the contract over the UI bridge', () => {
  it('closes with 4401 when the token is refused', async () => {
    const socket = new WebSocket(`${exchange.node.url.replace('http', 'ws')}/v1/ui?token=wrong`);
    const code = await new Promise((resolve) => socket.on('close', resolve));
    expect(code).toBe(4401);
  });

  it('serves requests and pushes a commit event after a change', async () => {
    const client = await connect(exchange.token);
    const info = await client.call('system.info', {});
    expect(info).toMatchObject({ ok: true, result: { operator_id: expect.stringMatching(/^participant_/) } });
    const created = await client.call('participants.create', { name: 'Bridge Co', role: 'supplier' });
    expect(created).toMatchObject({
      ok: true,
      result: { name: 'Bridge Co', role: 'supplier', status: 'active' },
    });
    const event = await client.next((m) => m.event === 'exchange.committed');
    expect(event.payload.sequence).toBeGreaterThan(info.result.last_sequence);
    client.socket.close();
  });

  it('refuses unknown request names and invalid arguments before running anything', async () => {
    const client = await connect(exchange.token);
    const before = (await client.call('system.info', {})).result.last_sequence;
    expect(await client.call('participants.delete', {})).toMatchObject({
      ok: false,
      error: { status: 400, detail: expect.stringMatching(/unknown request/) },
    });
    expect(await client.call('participants.create', { name: 'x', role: 'consumer', extra: 1 })).toMatchObject(
      { ok: false, error: { status: 400 } },
    );
    const badAmount = await client.call('participants.adjustUsd', {
      participant_id: (await client.call('system.info', {})).result.operator_id,
      amount: '1.1234567',
      idempotency_key: 'k',
      reason: 'r',
    });
    expect(badAmount).toMatchObject({
      ok: false,
      error: { status: 422, detail: expect.stringMatching(/amount/) },
    });
    expect((await client.call('system.info', {})).result.last_sequence).toBe(before);
    client.socket.close();
  });
});
