import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeReason } from '../../src-main/api/ui-bridge';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, type SigningKeyPair } from '../helpers/signing';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

const uiUrl = () => `${exchange.node.url.replace('http', 'ws')}/v1/ui`;

/** A contract client over the UI bridge, as the browser transport uses it (`?token=` when given). */
async function connect(token: string | null, origin?: string) {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(`${uiUrl()}${query}`, origin === undefined ? {} : { origin });
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
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  const auth = (message: object) => {
    socket.send(JSON.stringify({ op: 'auth', ...message }));
    return Promise.race([next((m) => m.op === 'authenticated'), closed]);
  };
  return { socket, call, next, auth, closed };
}

/** The auth message of a participant's signing key: Ed25519 over `timestamp + "GET" + "/v1/ui"`. */
function keyAuth(key: SigningKeyPair, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = sign(null, Buffer.from(`${timestamp}GET/v1/ui`), key.privateKey).toString('base64');
  return { fingerprint: key.fingerprint, timestamp, signature };
}

/** A funded consumer with a registered signing key, made through the admin API. */
async function consumerWithKey(name: string) {
  const created = await exchange.api('/v1/admin/participants', { body: { name, role: 'consumer' } });
  const id = ((await created.json()) as { data: { participant_id: string } }).data.participant_id;
  await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
    body: { amount: '100.00', idempotency_key: `fund-${id}`, reason: 'test deposit' },
  });
  const key = newSigningKey();
  const registered = await exchange.api(`/v1/admin/participants/${id}/signing-keys`, {
    body: { public_key: key.publicKey },
  });
  expect(registered.status).toBe(201);
  return { id, key };
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

describe('authentication on the UI bridge', () => {
  it('takes the operator token in the first message instead of the URL', async () => {
    const client = await connect(null);
    expect(await client.call('system.info', {})).toMatchObject({ ok: false, error: { status: 401 } });
    expect(await client.auth({ token: exchange.token })).toMatchObject({
      op: 'authenticated',
      role: 'operator',
      may_act_as_anyone: true,
    });
    expect(await client.call('system.info', {})).toMatchObject({ ok: true });
    client.socket.close();

    const refused = await connect(null);
    expect(await refused.auth({ token: 'wrong' })).toBe(4401);
  });

  it('lets a participant with its signing key act as itself only', async () => {
    const alice = await consumerWithKey('Alice Signed');
    const bob = await consumerWithKey('Bob Other');
    const operator = await connect(exchange.token);
    const market = (await operator.call('markets.list', {})).result[0].market_id as string;

    const client = await connect(null);
    expect(await client.auth(keyAuth(alice.key))).toEqual({
      op: 'authenticated',
      participant_id: alice.id,
      role: 'consumer',
      may_act_as_anyone: false,
    });
    expect(await client.call('session.principal', {})).toMatchObject({
      ok: true,
      result: { participant_id: alice.id, role: 'consumer', may_act_as_anyone: false },
    });
    // Where the exchange keeps its data is the operator's to know.
    expect((await client.call('system.info', {})).result.database_path).toBeNull();
    expect((await operator.call('system.info', {})).result.database_path).toMatch(/exchange\.db$/);
    const order = { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '1.000' };
    const mine = await client.call('orders.place', { ...order, participant_id: alice.id });
    expect(mine).toMatchObject({ ok: true, result: { order: { participant_id: alice.id, status: 'open' } } });

    const before = (await operator.call('system.info', {})).result.last_sequence;
    const theirs = await client.call('orders.place', { ...order, participant_id: bob.id });
    expect(theirs).toMatchObject({
      ok: false,
      error: { status: 403, detail: expect.stringMatching(/you act as .* only/) },
    });
    expect(await client.call('orders.list', { participant_id: bob.id })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    // The operator's own requests are not a participant's.
    expect(await client.call('participants.create', { name: 'Nope', role: 'consumer' })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect((await operator.call('system.info', {})).result.last_sequence).toBe(before);
    expect((await operator.call('orders.list', { participant_id: bob.id })).result).toEqual([]);
    // Its own order is recorded as its own.
    const audit = (await operator.call('audit.list', { limit: 10 })).result as {
      actor: string;
      action: string;
    }[];
    expect(audit.find((entry) => entry.action === 'place_order')?.actor).toBe(alice.id);
    client.socket.close();
    operator.socket.close();
  });

  it('closes with 4401 on a bad signature or a stale timestamp', async () => {
    const carol = await consumerWithKey('Carol Forged');
    const forged = await connect(null);
    expect(await forged.auth({ ...keyAuth(carol.key), signature: keyAuth(newSigningKey()).signature })).toBe(
      4401,
    );
    const stale = await connect(null);
    expect(await stale.auth(keyAuth(carol.key, Math.floor(Date.now() / 1000) - 3600))).toBe(4401);
    const unknown = await connect(null);
    expect(await unknown.auth(keyAuth(newSigningKey()))).toBe(4401);
    // The same key, signing properly, is let in.
    const good = await connect(null);
    expect(await good.auth(keyAuth(carol.key))).toMatchObject({
      op: 'authenticated',
      participant_id: carol.id,
    });
    good.socket.close();
  });

  it("refuses another site's page at the upgrade, and accepts its own pages and the desktop app", async () => {
    const refused = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${uiUrl()}?token=${exchange.token}`, { origin: 'https://evil.example' });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => reject(new Error('a foreign origin was accepted')));
    });
    expect(refused).toBe(403);
    for (const origin of [exchange.node.url, 'file://']) {
      const client = await connect(exchange.token, origin);
      expect(await client.call('system.info', {})).toMatchObject({ ok: true });
      client.socket.close();
    }
  });

  it("ends a participant's connection when its key is revoked", async () => {
    const dave = await consumerWithKey('Dave Revoked');
    const client = await connect(null);
    expect(await client.auth(keyAuth(dave.key))).toMatchObject({ op: 'authenticated' });
    const operator = await connect(exchange.token);
    const revoked = await operator.call('keys.revoke', {
      participant_id: dave.id,
      fingerprint: dave.key.fingerprint,
    });
    expect(revoked).toMatchObject({ ok: true });
    expect(await client.closed).toBe(4401);
    operator.socket.close();
  });
});

describe('the UI socket close reason', () => {
  it('fits in 123 bytes without splitting a character', () => {
    const reason = closeReason(`${'é'.repeat(70)} refused`);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    expect(reason).toBe('é'.repeat(61));
  });
});
