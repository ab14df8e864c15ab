import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, signedClient } from '../helpers/signing';
import { stockUnitsOverRest } from '../helpers/supply';

// Gated issuance over HTTP: a supplier declares capacity (signed Trading API), the operator reviews it
// (admin API), and only an approved supplier issues, within tokens_per_second × the Lot lifetime.

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let operator: string;
let consumer: string;
let prime: string; // text-prime
let standard: string; // text-standard
let asConsumer: ReturnType<typeof signedClient>;

const LOT_SECONDS = 4 * 3600; // the default Lot lifetime
const UNKNOWN_PARTICIPANT = 'participant_00000000-0000-0000-0000-000000000000';
const UNKNOWN_INSTRUMENT = 'instrument_00000000-0000-0000-0000-000000000000';
const json = async (response: Response) => (await response.json()) as any;
const participant = async (name: string, role: 'supplier' | 'consumer') =>
  (await json(await exchange.api('/v1/admin/participants', { body: { name, role } }))).data
    .participant_id as string;
const signedAs = async (participantId: string) => {
  const key = newSigningKey();
  const response = await exchange.api(`/v1/admin/participants/${participantId}/signing-keys`, {
    body: { public_key: key.publicKey },
  });
  expect(response.status).toBe(201);
  return signedClient(exchange.node.url, key);
};
/** A new supplier with a signing key. */
const newSupplier = async (name: string) => {
  const id = await participant(name, 'supplier');
  return { id, as: await signedAs(id) };
};
const registration = (participantId: string, instrumentId: string) =>
  `/v1/admin/supply-registrations/${participantId}/${instrumentId}`;
const review = (participantId: string, instrumentId: string, body: unknown) =>
  exchange.api(registration(participantId, instrumentId), { method: 'PUT', body });
const approve = (participantId: string, instrumentId = prime) =>
  review(participantId, instrumentId, { approved: true, reason: 'GPUs verified' });
const declare = (as: ReturnType<typeof signedClient>, tokensPerSecond: number, instrumentId = prime) =>
  as('PUT', '/v1/supply-capacity', {
    body: { instrument_id: instrumentId, tokens_per_second: tokensPerSecond },
  });
const issue = (as: ReturnType<typeof signedClient>, quantity: number, instrumentId = prime) =>
  as('POST', '/v1/supply-issuances', { body: { instrument_id: instrumentId, quantity } });

beforeAll(async () => {
  exchange = await startTestExchange();
  operator = exchange.node.service.operator()!.participant_id;
  const instruments = exchange.node.ops.instruments();
  prime = instruments.find((i) => i.symbol === 'text-prime')!.instrument_id;
  standard = instruments.find((i) => i.symbol === 'text-standard')!.instrument_id;
  consumer = await participant('Acme', 'consumer');
  asConsumer = await signedAs(consumer);
});
afterAll(() => exchange.stop());

describe('declaring capacity and issuing (signed Trading API)', () => {
  it('refuses issuance while pending (403), issues after approval (201), and refuses past the cap (409)', async () => {
    const volt = await newSupplier('Volt GPUs');
    // 1,000 tokens/s × 4 h = 14.4M tokens: 14 whole Units.
    const declared = await declare(volt.as, 1000);
    expect(declared.status).toBe(200);
    expect((await json(declared)).data).toEqual({
      participant_id: volt.id,
      participant_name: 'Volt GPUs',
      instrument_id: prime,
      symbol: 'text-prime',
      tokens_per_second: 1000,
      status: 'pending',
      reason: 'awaiting review',
      cap_tokens: 1000 * LOT_SECONDS,
      committed_tokens: 0,
      issuable_units: 0,
      declared_at: expect.any(String),
      reviewed_at: null,
      reviewed_by: null,
    });

    const pending = await issue(volt.as, 1);
    expect(pending.status).toBe(403);
    expect(await json(pending)).toMatchObject({ errors: { detail: expect.stringMatching(/not approved/) } });

    expect((await approve(volt.id)).status).toBe(200);
    const issued = await issue(volt.as, 10);
    expect(issued.status).toBe(201);
    expect((await json(issued)).data).toEqual({
      sequence: expect.any(Number),
      participant_id: volt.id,
      instrument_id: prime,
      symbol: 'text-prime',
      quantity: 10,
      created_at: expect.any(String),
      id: expect.stringMatching(/^issuance_\d+$/),
      instrument_symbol: 'text-prime',
      status: 'completed',
    });

    const over = await issue(volt.as, 5);
    expect(over.status).toBe(409);
    expect(await json(over)).toMatchObject({
      errors: { detail: expect.stringMatching(/exceed the declared capacity.*at most 4 more Units/) },
    });
    // Moving Units to trading does not free capacity: unsold inventory still counts.
    const moved = await volt.as('POST', '/v1/issuance-accounts/transfer', {
      body: { instrument_id: prime, quantity: 10 },
    });
    expect(moved.status).toBe(201);
    expect((await issue(volt.as, 5)).status).toBe(409);
    expect((await issue(volt.as, 4)).status).toBe(201);

    const capacity = await json(await volt.as('GET', '/v1/supply-capacity'));
    expect(capacity).toEqual({
      data: [
        expect.objectContaining({
          instrument_id: prime,
          status: 'approved',
          reason: 'GPUs verified',
          reviewed_by: operator,
          reviewed_at: expect.any(String),
          cap_tokens: 14_400_000,
          committed_tokens: 14_000_000,
          issuable_units: 0,
        }),
      ],
      next_cursor: null,
      prev_cursor: null,
    });
    expect((await json(await volt.as('GET', '/v1/issuance-accounts'))).data).toEqual([
      expect.objectContaining({
        instrument_id: prime,
        symbol: 'text-prime',
        units: 4,
        available_balance: '4',
      }),
    ]);
  });

  it('lists issuances newest first, one page at a time, on both path spellings', async () => {
    const solar = await newSupplier('Solar Compute');
    for (const quantity of [1, 2, 3])
      await stockUnitsOverRest(solar.as, exchange.api, solar.id, prime, quantity);
    await stockUnitsOverRest(solar.as, exchange.api, solar.id, standard, 7, { toTrading: false });

    const all = await json(await solar.as('GET', '/v1/supply-issuances'));
    expect(all.data.map((i: { quantity: number; symbol: string }) => [i.symbol, i.quantity])).toEqual([
      ['text-standard', 7],
      ['text-prime', 3],
      ['text-prime', 2],
      ['text-prime', 1],
    ]);
    expect(all.data.every((i: { participant_id: string }) => i.participant_id === solar.id)).toBe(true);
    const sequences = all.data.map((i: { sequence: number }) => i.sequence);
    expect([...sequences].sort((a, b) => b - a)).toEqual(sequences);
    expect(all).toMatchObject({ next_cursor: null, prev_cursor: null });
    expect(await json(await solar.as('GET', '/v1/trading/supply-issuances'))).toEqual(all);

    const first = await json(await solar.as('GET', '/v1/supply-issuances', { query: 'limit=3' }));
    expect(first.data).toEqual(all.data.slice(0, 3));
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await json(
      await solar.as('GET', '/v1/supply-issuances', { query: `limit=3&next=${first.next_cursor}` }),
    );
    expect(second.data).toEqual(all.data.slice(3));
    expect(second.next_cursor).toBeNull();
    expect(second.prev_cursor).toEqual(expect.any(String));

    const oldest = await json(
      await solar.as('GET', '/v1/supply-issuances', { query: 'order_direction=asc' }),
    );
    expect(oldest.data).toEqual([...all.data].reverse());
    const onlyPrime = await json(
      await solar.as('GET', '/v1/supply-issuances', { query: `instrument_id=${prime}` }),
    );
    expect(onlyPrime.data).toEqual(all.data.slice(1));
    expect((await solar.as('GET', '/v1/supply-issuances', { query: 'order_by=quantity' })).status).toBe(422);

    // Each supplier sees only its own issuances; a consumer has none.
    expect((await json(await asConsumer('GET', '/v1/supply-issuances'))).data).toEqual([]);
  });

  it('refuses a consumer declaring capacity or issuing (403)', async () => {
    const declared = await declare(asConsumer, 1000);
    expect(declared.status).toBe(403);
    expect(await json(declared)).toMatchObject({ errors: { detail: expect.stringMatching(/suppliers/) } });
    expect((await issue(asConsumer, 1)).status).toBe(403);
    expect((await json(await asConsumer('GET', '/v1/supply-capacity'))).data).toEqual([]);
  });

  it('sends a raised capacity back to review and blocks issuance; a lowered one keeps the approval', async () => {
    const grid = await newSupplier('Grid Farms');
    await declare(grid.as, 1000);
    await approve(grid.id);

    const raised = await json(await declare(grid.as, 2000));
    expect(raised.data).toMatchObject({
      tokens_per_second: 2000,
      status: 'pending',
      reason: 'capacity raised: awaiting review',
      issuable_units: 0,
      reviewed_by: operator, // the last review is still shown
    });
    expect((await issue(grid.as, 1)).status).toBe(403);

    expect((await approve(grid.id)).status).toBe(200);
    const lowered = await json(await declare(grid.as, 500));
    // 500 tokens/s × 4 h = 7.2M tokens: 7 Units.
    expect(lowered.data).toMatchObject({
      tokens_per_second: 500,
      status: 'approved',
      cap_tokens: 7_200_000,
      issuable_units: 7,
    });
    expect((await issue(grid.as, 8)).status).toBe(409);
    expect((await issue(grid.as, 7)).status).toBe(201);
    const same = await json(await declare(grid.as, 500));
    expect(same.data).toMatchObject({ status: 'approved', issuable_units: 0 });
  });

  it('keeps a revoked supplier from issuing; declaring again asks for a new review', async () => {
    const dusk = await newSupplier('Dusk Compute');
    await declare(dusk.as, 1000);
    await approve(dusk.id);
    const revoked = await review(dusk.id, prime, { approved: false, reason: 'failed delivery audit' });
    expect(revoked.status).toBe(200);
    expect((await json(revoked)).data).toMatchObject({
      status: 'revoked',
      reason: 'failed delivery audit',
      issuable_units: 0,
    });
    const refused = await issue(dusk.as, 1);
    expect(refused.status).toBe(403);
    expect((await json(refused)).errors.detail).toMatch(/not approved/);
    for (const tokensPerSecond of [500, 5000]) {
      expect((await json(await declare(dusk.as, tokensPerSecond))).data).toMatchObject({
        tokens_per_second: tokensPerSecond,
        status: 'pending',
        reason: expect.stringMatching(/awaiting review$/),
      });
    }
    expect((await issue(dusk.as, 1)).status).toBe(403);
    expect((await approve(dusk.id)).status).toBe(200);
    expect((await issue(dusk.as, 1)).status).toBe(201);
  });

  it('validates the declaration: 422 for a bad rate, 404 for an unknown instrument, 401 unsigned', async () => {
    const eve = await newSupplier('Eve Compute');
    const before = exchange.node.service.lastSeq;
    for (const tokensPerSecond of [0, -1, 1.5, 1_000_000_001]) {
      const response = await declare(eve.as, tokensPerSecond);
      expect(response.status).toBe(422);
      expect(await json(response)).toMatchObject({
        errors: { detail: expect.stringMatching(/tokens_per_second/) },
      });
    }
    expect((await declare(eve.as, 1000, UNKNOWN_INSTRUMENT)).status).toBe(404);
    expect((await declare(eve.as, 1000, 'not-an-instrument')).status).toBe(422);
    const extra = await eve.as('PUT', '/v1/supply-capacity', {
      body: { instrument_id: prime, tokens_per_second: 1000, approved: true },
    });
    expect(extra.status).toBe(400);
    const unsigned = await fetch(`${exchange.node.url}/v1/supply-capacity`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instrument_id: prime, tokens_per_second: 1000 }),
    });
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${exchange.node.url}/v1/supply-issuances`)).status).toBe(401);
    expect(exchange.node.service.lastSeq).toBe(before);
  });
});

describe('reviewing supply (admin API)', () => {
  it('lists registrations, filtered by supplier, instrument and status', async () => {
    const nova = await newSupplier('Nova Compute');
    await declare(nova.as, 1000);
    await declare(nova.as, 2000, standard);
    await approve(nova.id, standard);

    const all = await json(await exchange.api('/v1/admin/supply-registrations'));
    const novas = all.data.filter((r: { participant_id: string }) => r.participant_id === nova.id);
    expect(novas.map((r: { symbol: string; status: string }) => [r.symbol, r.status])).toEqual([
      ['text-prime', 'pending'],
      ['text-standard', 'approved'],
    ]);
    const names = all.data.map((r: { participant_name: string }) => r.participant_name);
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);

    const mine = await json(await exchange.api(`/v1/admin/supply-registrations?participant_id=${nova.id}`));
    expect(mine.data).toEqual(novas);
    const pending = await json(
      await exchange.api(`/v1/admin/supply-registrations?participant_id=${nova.id}&status=pending`),
    );
    expect(pending.data).toEqual([novas[0]]);
    const inStandard = await json(
      await exchange.api(`/v1/admin/supply-registrations?instrument_id=${standard}&status=approved`),
    );
    expect(inStandard.data).toContainEqual(novas[1]);
    expect(inStandard.data.every((r: { instrument_id: string }) => r.instrument_id === standard)).toBe(true);
    expect((await exchange.api('/v1/admin/supply-registrations?status=maybe')).status).toBe(422);
    expect((await exchange.api('/v1/admin/supply-registrations?colour=red')).status).toBe(400);
  });

  it('approves and revokes with a reason, recorded as the operator; the same review twice is a 409', async () => {
    const orion = await newSupplier('Orion GPUs');
    await declare(orion.as, 1000);
    const approved = await approve(orion.id);
    expect(approved.status).toBe(200);
    expect((await json(approved)).data).toMatchObject({
      participant_id: orion.id,
      instrument_id: prime,
      status: 'approved',
      reason: 'GPUs verified',
      reviewed_by: operator,
      reviewed_at: expect.any(String),
      issuable_units: 14,
    });
    const again = await approve(orion.id);
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({
      errors: { detail: expect.stringMatching(/already approved/) },
    });
    const revoked = await review(orion.id, prime, { approved: false, reason: '  capacity not delivered  ' });
    expect((await json(revoked)).data).toMatchObject({ status: 'revoked', reason: 'capacity not delivered' });
    const listed = await json(
      await exchange.api(`/v1/admin/supply-registrations?participant_id=${orion.id}`),
    );
    expect(listed.data).toEqual([expect.objectContaining({ status: 'revoked', issuable_units: 0 })]);
  });

  it('refuses without the operator token (401), for no declaration (404), and bad input (400/422), writing nothing', async () => {
    const quiet = await newSupplier('Quiet Compute');
    await declare(quiet.as, 1000);
    const before = exchange.node.service.lastSeq;
    const expectRefused = async (response: Response, status: number, detail: RegExp = /./) => {
      expect(response.status).toBe(status);
      expect(await json(response)).toMatchObject({ errors: { detail: expect.stringMatching(detail) } });
    };
    const ok = { approved: true, reason: 'fine' };

    await expectRefused(await exchange.api('/v1/admin/supply-registrations', { token: null }), 401);
    await expectRefused(
      await exchange.api(registration(quiet.id, prime), { method: 'PUT', body: ok, token: 'nope' }),
      401,
    );
    await expectRefused(await review(UNKNOWN_PARTICIPANT, prime, ok), 404, /declared no capacity/);
    await expectRefused(await review(consumer, prime, ok), 404, /declared no capacity/);
    await expectRefused(await review(quiet.id, standard, ok), 404, /declared no capacity/);
    await expectRefused(await review(quiet.id, UNKNOWN_INSTRUMENT, ok), 404);

    await expectRefused(await review('participant_42', prime, ok), 422, /participant_id/);
    await expectRefused(await review(quiet.id, 'instrument_42', ok), 422, /instrument_id/);
    await expectRefused(await review(quiet.id, prime, { approved: true, reason: '   ' }), 422, /reason/);
    await expectRefused(
      await review(quiet.id, prime, { approved: true, reason: 'x'.repeat(501) }),
      422,
      /reason/,
    );
    await expectRefused(await review(quiet.id, prime, { approved: true }), 400, /reason/);
    await expectRefused(await review(quiet.id, prime, { approved: 'yes', reason: 'fine' }), 400, /approved/);
    await expectRefused(await review(quiet.id, prime, { ...ok, cap: 5 }), 400);
    // A review of a capacity other than the one declared now (the supplier changed it meanwhile).
    await expectRefused(await review(quiet.id, prime, { ...ok, tokens_per_second: 5 }), 409, /now declares/);
    await expectRefused(
      await exchange.api(registration(quiet.id, prime), { method: 'PUT', body: '{"approved":' }),
      400,
    );
    expect(exchange.node.service.lastSeq).toBe(before);
    const still = await json(await exchange.api(`/v1/admin/supply-registrations?participant_id=${quiet.id}`));
    expect(still.data).toEqual([expect.objectContaining({ status: 'pending' })]);
  });
});

describe('OpenAPI', () => {
  it('describes the supply paths with their methods and error statuses', async () => {
    const doc = await json(await fetch(`${exchange.node.url}/v1/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/supply-capacity',
        '/supply-issuances',
        '/issuance-accounts',
        '/issuance-accounts/transfer',
        '/supplier-liability',
      ]),
    );
    expect(Object.keys(doc.paths['/supply-capacity']).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths['/supply-issuances']).sort()).toEqual(['get', 'post']);
    const post = doc.paths['/supply-issuances'].post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '409', '422']));
    expect(post.security).toEqual([{ signature: [], timestamp: [], fingerprint: [] }]);
    const issued = post.responses['201'].content['application/json'].schema.properties.data;
    expect(Object.keys(issued.properties)).toEqual(
      expect.arrayContaining([
        'sequence',
        'participant_id',
        'instrument_id',
        'symbol',
        'quantity',
        'created_at',
      ]),
    );
    const put = doc.paths['/supply-capacity'].put;
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '422']));
    const body = put.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual(['instrument_id', 'tokens_per_second']);
    const history = doc.paths['/supply-issuances'].get;
    expect(history.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'next', 'prev', 'order_by', 'order_direction', 'instrument_id']),
    );
  });
});
