import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, signedClient } from '../helpers/signing';
import { stockUnitsOverRest } from '../helpers/supply';

// Supply over HTTP now that eligibility rosters replace the operator's capacity approval: a supplier
// registers a model endpoint and applies it to an instrument's roster (signed Trading API), the operator
// admits, suspends or re-admits it (admin API), and a supplier issues only while one of its endpoints is
// admitted, within the sum of its admitted capacity × the Lot lifetime.

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
let operator: string;
let operatorName: string;
let consumer: string;
let prime: string; // text-prime
let standard: string; // text-standard
let asConsumer: Signed;

type Signed = ReturnType<typeof signedClient>;
const LOT_SECONDS = 4 * 3600; // the default Lot lifetime
const UNKNOWN_INSTRUMENT = 'instrument_00000000-0000-0000-0000-000000000000';
const UNKNOWN_ENDPOINT = 'endpoint_00000000-0000-0000-0000-000000000000';
const UNKNOWN_ENTRY = 'roster_00000000-0000-0000-0000-000000000000';
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

/** The simulated model of the test suppliers: instant, conforming on every instrument. */
const MODEL = {
  quality_score: 60,
  ttft_ms: 1,
  tokens_per_second: 100_000,
  context_window: 1_000_000,
  max_output_tokens: 128_000,
  failure_rate: 0,
  jitter: 0,
  seed: 1,
};
const registerEndpoint = (as: Signed, instrumentId = prime, name = 'Test model') =>
  as('POST', '/v1/model-endpoints', {
    body: { kind: 'simulated', instrument_id: instrumentId, name, tokens_per_second: 1000, simulated: MODEL },
  });
const application = (instrumentId: string, tokensPerSecond: number) => ({
  instrument_id: instrumentId,
  quality_score: 60,
  quality_source: 'Artificial Analysis Intelligence Index',
  context_window: 1_000_000,
  max_output_tokens: 128_000,
  tokens_per_second: tokensPerSecond,
});
const apply = (as: Signed, endpointId: string, body: unknown) =>
  as('POST', `/v1/model-endpoints/${endpointId}/applications`, { body });
/** Registers a simulated endpoint and applies it to the instrument: the pending roster entry. */
const applied = async (as: Signed, tokensPerSecond: number, instrumentId = prime, name = 'Test model') => {
  const registered = await registerEndpoint(as, instrumentId, name);
  expect(registered.status).toBe(201);
  const endpoint = (await json(registered)).data;
  const response = await apply(as, endpoint.endpoint_id, application(instrumentId, tokensPerSecond));
  expect(response.status).toBe(201);
  return (await json(response)).data as { entry_id: string; endpoint_id: string; status: string };
};
const decide = (entryId: string, action: string, body: unknown = { reason: 'probe report reviewed' }) =>
  exchange.api(`/v1/admin/roster-entries/${entryId}/${action}`, { body });
/** An endpoint applied and admitted: the admitted roster entry. */
const admitted = async (as: Signed, tokensPerSecond: number, instrumentId = prime, name = 'Test model') => {
  const entry = await applied(as, tokensPerSecond, instrumentId, name);
  expect((await decide(entry.entry_id, 'admit')).status).toBe(200);
  return entry;
};
const issue = (as: Signed, quantity: number, instrumentId = prime) =>
  as('POST', '/v1/supply-issuances', { body: { instrument_id: instrumentId, quantity } });
const registrations = async (participantId: string) =>
  (await json(await exchange.api(`/v1/admin/supply-registrations?participant_id=${participantId}`))).data;
const rosterOf = async (instrumentId: string) =>
  (await json(await exchange.api(`/v1/admin/rosters/${instrumentId}`))).data as {
    entry_id: string;
    status: string;
  }[];
/** Polls the entry's probe reports until the latest one started at or after `since` has finished. */
const probeFinished = async (entryId: string, since: number) => {
  for (let i = 0; i < 500; i++) {
    const response = await exchange.api(`/v1/admin/roster-entries/${entryId}/probes`);
    expect(response.status).toBe(200);
    const latest = (await json(response)).data[0];
    if (latest && latest.status !== 'running' && Date.parse(latest.started_at) >= since) return latest;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no finished probe of ${entryId}`);
};
const expectRefused = async (response: Response, status: number, detail: RegExp = /./, code?: number) => {
  const body = await json(response);
  expect({ status: response.status, body }).toMatchObject({
    status,
    body: { errors: { detail: expect.stringMatching(detail), ...(code !== undefined && { code }) } },
  });
};

beforeAll(async () => {
  exchange = await startTestExchange();
  const op = exchange.node.service.operator()!;
  operator = op.participant_id;
  operatorName = op.name;
  const instruments = exchange.node.ops.instruments();
  prime = instruments.find((i) => i.symbol === 'text-prime')!.instrument_id;
  standard = instruments.find((i) => i.symbol === 'text-standard')!.instrument_id;
  consumer = await participant('Acme', 'consumer');
  asConsumer = await signedAs(consumer);
});
afterAll(() => exchange.stop());

describe('issuing on admitted roster capacity (signed Trading API)', () => {
  it('refuses issuance while the application is pending (403), issues once admitted (201), and refuses past the cap (409)', async () => {
    const volt = await newSupplier('Volt GPUs');
    // 1,000 tokens/s × 4 h = 14.4M tokens: 14 whole Units.
    const entry = await applied(volt.as, 1000);
    expect(entry.status).toBe('pending');
    await expectRefused(await issue(volt.as, 1), 403, /not approved/, 1029);
    expect((await json(await volt.as('GET', '/v1/supply-capacity'))).data).toEqual([]);

    expect((await decide(entry.entry_id, 'admit')).status).toBe(200);
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

    await expectRefused(await issue(volt.as, 5), 409, /at most 4 more Units/, 1030);
    // Moving Units to trading does not free capacity: unsold inventory still counts.
    const moved = await volt.as('POST', '/v1/issuance-accounts/transfer', {
      body: { instrument_id: prime, quantity: 10 },
    });
    expect(moved.status).toBe(201);
    await expectRefused(await issue(volt.as, 5), 409, /at most 4 more Units/, 1030);
    expect((await issue(volt.as, 4)).status).toBe(201);
    await expectRefused(await issue(volt.as, 1), 409, /at most 0 more Units/, 1030);

    // A second admitted endpoint adds its capacity: 1,500 tokens/s × 4 h = 21.6M tokens, 21 Units.
    const second = await applied(volt.as, 500, prime, 'Second model');
    await expectRefused(await issue(volt.as, 1), 409, /at most 0 more Units/, 1030); // still pending
    expect((await decide(second.entry_id, 'admit')).status).toBe(200);
    await expectRefused(await issue(volt.as, 8), 409, /at most 7 more Units/, 1030);
    expect((await issue(volt.as, 7)).status).toBe(201);

    const capacity = await json(await volt.as('GET', '/v1/supply-capacity'));
    expect(capacity).toEqual({
      data: [
        expect.objectContaining({
          participant_id: volt.id,
          instrument_id: prime,
          tokens_per_second: 1500,
          status: 'approved',
          reason: '2 admitted endpoints on the roster',
          reviewed_by: operator,
          reviewed_at: expect.any(String),
          cap_tokens: 1500 * LOT_SECONDS,
          committed_tokens: 21_000_000,
          issuable_units: 0,
        }),
      ],
      next_cursor: null,
      prev_cursor: null,
    });
    expect((await json(await volt.as('GET', '/v1/issuance-accounts'))).data).toEqual([
      expect.objectContaining({ instrument_id: prime, units: 11, available_balance: '11' }),
    ]);
  });

  it('answers a retried issuance with its idempotency_key with the first one (200) and issues nothing', async () => {
    const volt = await newSupplier('Retry GPUs');
    await decide((await applied(volt.as, 1000)).entry_id, 'admit');
    const body = { instrument_id: prime, quantity: 3, idempotency_key: 'issue-1' };
    const first = await volt.as('POST', '/v1/supply-issuances', { body });
    expect(first.status).toBe(201);
    const issued = (await json(first)).data;
    const retry = await volt.as('POST', '/v1/supply-issuances', { body });
    expect(retry.status).toBe(200);
    expect((await json(retry)).data).toEqual({ ...issued, replayed: true });
    const other = await volt.as('POST', '/v1/supply-issuances', { body: { ...body, quantity: 4 } });
    expect(other.status).toBe(409);
    expect((await json(await volt.as('GET', '/v1/issuance-accounts'))).data).toEqual([
      expect.objectContaining({ instrument_id: prime, units: 3 }),
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

  it('refuses a consumer registering model endpoints or issuing (403)', async () => {
    const before = exchange.node.service.lastSeq;
    await expectRefused(await registerEndpoint(asConsumer), 403, /only suppliers/, 1010);
    await expectRefused(await issue(asConsumer, 1), 403);
    // It has no endpoint to apply.
    await expectRefused(await apply(asConsumer, UNKNOWN_ENDPOINT, application(prime, 1000)), 404);
    expect((await json(await asConsumer('GET', '/v1/model-endpoints'))).data).toEqual([]);
    expect((await json(await asConsumer('GET', '/v1/roster-entries'))).data).toEqual([]);
    expect((await json(await asConsumer('GET', '/v1/supply-capacity'))).data).toEqual([]);
    expect(exchange.node.service.lastSeq).toBe(before);
  });

  it("stops issuance when the supplier's only admitted entry is suspended, and resumes it after a passing probe and re-admission", async () => {
    const dusk = await newSupplier('Dusk Compute');
    const entry = await admitted(dusk.as, 1000);
    expect((await issue(dusk.as, 3)).status).toBe(201);
    // The probe that started on application passes (a running probe would answer a request for another).
    expect(await probeFinished(entry.entry_id, 0)).toMatchObject({
      reason: 'on application',
      status: 'passed',
    });

    const response = await decide(entry.entry_id, 'suspend', { reason: 'failed delivery audit' });
    expect(response.status).toBe(200);
    const suspended = (await json(response)).data;
    expect(suspended).toMatchObject({ status: 'suspended', reason: 'failed delivery audit' });
    await expectRefused(await issue(dusk.as, 1), 403, /not approved/, 1029);
    // What it already issued stays in its Issuance account.
    expect((await json(await dusk.as('GET', '/v1/issuance-accounts'))).data).toEqual([
      expect.objectContaining({ instrument_id: prime, units: 3 }),
    ]);
    expect((await json(await dusk.as('GET', '/v1/supply-capacity'))).data).toEqual([
      expect.objectContaining({
        status: 'revoked',
        reason: 'no admitted endpoint on the roster',
        issuable_units: 0,
        committed_tokens: 3_000_000,
      }),
    ]);
    // Its endpoint no longer serves.
    const endpoint = (await json(await dusk.as('GET', `/v1/model-endpoints/${entry.endpoint_id}`))).data;
    expect(endpoint).toMatchObject({ serving: false, serving_reason: 'suspended on the roster' });

    // The probe made on application predates the suspension: it does not count.
    const suspendedAt = Date.parse(suspended.changed_at);
    await expectRefused(
      await decide(entry.entry_id, 'readmit', { reason: 'fixed' }),
      409,
      /probe that passed since the suspension/,
    );
    const started = await exchange.api(`/v1/admin/roster-entries/${entry.entry_id}/probes`, {
      method: 'POST',
    });
    expect(started.status).toBe(202);
    expect((await json(started)).data).toMatchObject({
      entry_id: entry.entry_id,
      reason: "operator's request",
    });
    expect(await probeFinished(entry.entry_id, suspendedAt)).toMatchObject({ status: 'passed' });

    const readmitted = await decide(entry.entry_id, 'readmit', { reason: 'passed a new probe' });
    expect(readmitted.status).toBe(200);
    expect((await json(readmitted)).data).toMatchObject({ status: 'admitted', reason: 'passed a new probe' });
    // 14 Units of cap, 3 still held.
    await expectRefused(await issue(dusk.as, 12), 409, /at most 11 more Units/, 1030);
    expect((await issue(dusk.as, 11)).status).toBe(201);
    expect((await json(await dusk.as('GET', '/v1/supply-capacity'))).data).toEqual([
      expect.objectContaining({ status: 'approved', tokens_per_second: 1000, committed_tokens: 14_000_000 }),
    ]);
  });
});

describe('applying an endpoint to a roster (signed Trading API)', () => {
  it('answers the pending entry, listed among the supplier’s own roster entries', async () => {
    const nova = await newSupplier('Nova Compute');
    const endpoint = (await json(await registerEndpoint(nova.as))).data;
    const response = await apply(nova.as, endpoint.endpoint_id, application(prime, 2000));
    expect(response.status).toBe(201);
    const entry = (await json(response)).data;
    expect(entry).toMatchObject({
      entry_id: expect.stringMatching(/^roster_/),
      instrument_id: prime,
      symbol: 'text-prime',
      participant_id: nova.id,
      supplier_name: 'Nova Compute',
      endpoint_id: endpoint.endpoint_id,
      endpoint_name: 'Test model',
      status: 'pending',
      declared: {
        quality_score: 60,
        quality_source: 'Artificial Analysis Intelligence Index',
        context_window: 1_000_000,
        max_output_tokens: 128_000,
        tokens_per_second: 2000,
      },
      changed_by: 'Nova Compute',
      changed_at: expect.any(String),
      applied_at: entry.changed_at,
    });
    // A probe starts on application.
    expect(await probeFinished(entry.entry_id, 0)).toMatchObject({
      entry_id: entry.entry_id,
      reason: 'on application',
      status: 'passed',
    });
    const mine = await json(await nova.as('GET', '/v1/roster-entries'));
    expect(mine).toMatchObject({
      data: [expect.objectContaining({ entry_id: entry.entry_id, status: 'pending' })],
      next_cursor: null,
    });
    expect(mine.data[0].latest_probe).toMatchObject({ status: 'passed' });
    // Nobody else sees it among theirs.
    expect((await json(await asConsumer('GET', '/v1/roster-entries'))).data).toEqual([]);
    // Not admitted: it does not serve.
    expect(
      (await json(await nova.as('GET', `/v1/model-endpoints/${endpoint.endpoint_id}`))).data,
    ).toMatchObject({ serving: false, serving_reason: 'pending on the roster' });
  });

  it('validates the application: 422 bad values, 404 unknown or foreign endpoint or instrument, 401 unsigned, 409 twice', async () => {
    const eve = await newSupplier('Eve Compute');
    const other = await newSupplier('Other Compute');
    const endpoint = (await json(await registerEndpoint(eve.as))).data;
    const foreign = (await json(await registerEndpoint(other.as))).data;
    const before = exchange.node.service.lastSeq;
    const good = application(prime, 1000);
    for (const [bad, field] of [
      [{ tokens_per_second: 0 }, /tokens_per_second/],
      [{ tokens_per_second: -1 }, /tokens_per_second/],
      [{ tokens_per_second: 1.5 }, /tokens_per_second/],
      [{ tokens_per_second: 1_000_000_001 }, /tokens_per_second/],
      [{ quality_score: 101 }, /quality_score/],
      [{ quality_score: -1 }, /quality_score/],
      [{ quality_source: '  ' }, /quality_source/],
      [{ context_window: 0 }, /context_window/],
      [{ max_output_tokens: 0 }, /max_output_tokens/],
      [{ instrument_id: 'not-an-instrument' }, /instrument_id/],
    ] as const) {
      await expectRefused(await apply(eve.as, endpoint.endpoint_id, { ...good, ...bad }), 422, field);
    }
    await expectRefused(await apply(eve.as, endpoint.endpoint_id, { ...good, approved: true }), 400);
    await expectRefused(
      await apply(eve.as, endpoint.endpoint_id, { ...good, tokens_per_second: '1000' }),
      400,
    );
    await expectRefused(
      await apply(eve.as, endpoint.endpoint_id, { ...good, instrument_id: UNKNOWN_INSTRUMENT }),
      404,
      /instrument/,
    );
    await expectRefused(await apply(eve.as, UNKNOWN_ENDPOINT, good), 404, /model endpoint/);
    await expectRefused(await apply(eve.as, 'endpoint_42', good), 404, /model endpoint/);
    // Another supplier's endpoint is not found either: it is not the signer's.
    await expectRefused(await apply(eve.as, foreign.endpoint_id, good), 404, /model endpoint/);
    const unsigned = await fetch(
      `${exchange.node.url}/v1/model-endpoints/${endpoint.endpoint_id}/applications`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(good),
      },
    );
    expect(unsigned.status).toBe(401);
    expect((await fetch(`${exchange.node.url}/v1/roster-entries`)).status).toBe(401);
    expect(exchange.node.service.lastSeq).toBe(before);

    // The same endpoint applied twice to the same instrument.
    expect((await apply(eve.as, endpoint.endpoint_id, good)).status).toBe(201);
    await expectRefused(
      await apply(eve.as, endpoint.endpoint_id, { ...good, tokens_per_second: 2000 }),
      409,
      /already on the roster \(pending/,
      1042,
    );
    // ... but once more to another instrument is a new application.
    expect((await apply(eve.as, endpoint.endpoint_id, application(standard, 1000))).status).toBe(201);
    expect((await json(await eve.as('GET', '/v1/roster-entries'))).data).toHaveLength(2);
  });
});

describe('the declare and review routes of before rosters', () => {
  it('answer 409 naming rosters and write nothing', async () => {
    const late = await newSupplier('Late Compute');
    await admitted(late.as, 1000);
    const before = exchange.node.service.lastSeq;
    const rosterRefusal = async (response: Response) =>
      expectRefused(response, 409, /admitted roster entries/, 1041);
    for (const as of [late.as, asConsumer])
      await rosterRefusal(
        await as('PUT', '/v1/supply-capacity', { body: { instrument_id: prime, tokens_per_second: 5000 } }),
      );
    for (const approved of [true, false])
      await rosterRefusal(
        await exchange.api(`/v1/admin/supply-registrations/${late.id}/${prime}`, {
          method: 'PUT',
          body: { approved, reason: 'manual review' },
        }),
      );
    expect(exchange.node.service.lastSeq).toBe(before);
    expect(await registrations(late.id)).toEqual([
      expect.objectContaining({ tokens_per_second: 1000, status: 'approved' }),
    ]);
  });
});

describe('the operator’s rosters (admin API)', () => {
  it('lists pending entries first and records every decision with the operator, its reason and its time', async () => {
    const orion = await newSupplier('Orion GPUs');
    const first = await applied(orion.as, 1000, standard, 'First');
    const second = await applied(orion.as, 1000, standard, 'Second');
    const third = await applied(orion.as, 1000, standard, 'Third');

    const t0 = Date.now();
    const admit = await decide(first.entry_id, 'admit', { reason: '  probe passed  ' });
    expect(admit.status).toBe(200);
    const view = (await json(admit)).data;
    expect(view).toMatchObject({
      entry_id: first.entry_id,
      status: 'admitted',
      reason: 'probe passed',
      changed_by: operatorName,
    });
    expect(Date.parse(view.changed_at)).toBeGreaterThanOrEqual(t0 - 1);
    expect(Date.parse(view.changed_at)).toBeLessThanOrEqual(Date.now() + 1);
    const rejected = await json(await decide(second.entry_id, 'reject', { reason: 'quality too low' }));
    expect(rejected.data).toMatchObject({
      status: 'rejected',
      reason: 'quality too low',
      changed_by: operatorName,
    });

    const roster = await rosterOf(standard);
    const order = ['pending', 'admitted', 'suspended', 'rejected', 'removed'];
    const ranks = roster.map((e) => order.indexOf(e.status));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const orions = roster.filter((e) => [first, second, third].some((x) => x.entry_id === e.entry_id));
    expect(orions.map((e) => [e.entry_id, e.status])).toEqual([
      [third.entry_id, 'pending'],
      [first.entry_id, 'admitted'],
      [second.entry_id, 'rejected'],
    ]);
    // The symbol names the instrument too.
    expect((await rosterOf('text-standard')).map((e) => e.entry_id)).toEqual(roster.map((e) => e.entry_id));

    for (const [action, status] of [
      ['suspend', 'suspended'],
      ['remove', 'removed'],
    ] as const) {
      const decided = await json(await decide(first.entry_id, action, { reason: `${action}: audit` }));
      expect(decided.data).toMatchObject({ status, reason: `${action}: audit`, changed_by: operatorName });
    }
    // Every decision is in the audit log, as the operator's, with its reason.
    const audit = (await json(await exchange.api(`/v1/admin/audit?actor=${operator}&limit=20`))).data;
    const decisions = audit.filter(
      (a: { action: string; details: unknown }) =>
        a.action === 'set_roster_status' && JSON.stringify(a.details).includes(first.entry_id),
    );
    expect(decisions).toHaveLength(3);
    expect(JSON.stringify(decisions)).toMatch(/remove: audit.*suspend: audit.*probe passed/s);
  });

  it('refuses the same decision twice and any move the roster does not allow (409)', async () => {
    const lyra = await newSupplier('Lyra Compute');
    const entry = await admitted(lyra.as, 1000);
    const rejected = await applied(lyra.as, 1000, standard);
    expect((await decide(rejected.entry_id, 'reject')).status).toBe(200);
    const before = exchange.node.service.lastSeq;
    await expectRefused(await decide(entry.entry_id, 'admit'), 409, /only a pending entry is admitted/);
    await expectRefused(await decide(entry.entry_id, 'readmit'), 409, /only a suspended entry/);
    await expectRefused(
      await decide(rejected.entry_id, 'reject'),
      409,
      /rejected entry cannot become rejected/,
    );
    await expectRefused(await decide(rejected.entry_id, 'admit'), 409, /only a pending entry/);
    expect(exchange.node.service.lastSeq).toBe(before);

    expect((await decide(entry.entry_id, 'suspend')).status).toBe(200);
    await expectRefused(await decide(entry.entry_id, 'suspend'), 409, /cannot become suspended/, 1041);
    expect((await decide(entry.entry_id, 'remove')).status).toBe(200);
    await expectRefused(await decide(entry.entry_id, 'remove'), 409, /cannot become removed/, 1041);
    await expectRefused(await decide(entry.entry_id, 'readmit'), 409, /only a suspended entry/);
    // Removing the only admitted entry stops issuance too.
    await expectRefused(await issue(lyra.as, 1), 403, /not approved/, 1029);
  });

  it('refuses without the operator token (401), an unknown entry (404), and a bad action or reason (400/422), writing nothing', async () => {
    const quiet = await newSupplier('Quiet Compute');
    const entry = await applied(quiet.as, 1000);
    await probeFinished(entry.entry_id, 0);
    const before = exchange.node.service.lastSeq;
    const path = `/v1/admin/roster-entries/${entry.entry_id}`;

    await expectRefused(await exchange.api(`/v1/admin/rosters/${prime}`, { token: null }), 401);
    await expectRefused(await exchange.api(`${path}/admit`, { body: { reason: 'ok' }, token: 'nope' }), 401);
    await expectRefused(await exchange.api(`${path}/probes`, { token: null }), 401);
    await expectRefused(await exchange.api(`${path}/probes`, { method: 'POST', token: null }), 401);
    // The supplier's signature is no operator token.
    await expectRefused(await quiet.as('POST', `${path}/admit`, { body: { reason: 'ok' } }), 401);

    await expectRefused(await decide(UNKNOWN_ENTRY, 'admit'), 404, /roster entry/);
    await expectRefused(await exchange.api(`/v1/admin/roster-entries/${UNKNOWN_ENTRY}/probes`), 404);
    await expectRefused(await exchange.api(`/v1/admin/rosters/${UNKNOWN_INSTRUMENT}`), 404, /instrument/);
    await expectRefused(await decide('roster_42', 'admit'), 422, /roster entry id/);
    await expectRefused(await decide(entry.entry_id, 'approve'), 422);
    await expectRefused(await decide(entry.entry_id, 'admit', { reason: '   ' }), 422, /reason/);
    await expectRefused(await decide(entry.entry_id, 'admit', { reason: 'x'.repeat(501) }), 422, /reason/);
    await expectRefused(await decide(entry.entry_id, 'admit', {}), 400, /reason/);
    await expectRefused(await decide(entry.entry_id, 'admit', { reason: 5 }), 400, /reason/);
    await expectRefused(await decide(entry.entry_id, 'admit', { reason: 'ok', status: 'admitted' }), 400);
    await expectRefused(await decide(entry.entry_id, 'admit', '{"reason":'), 400);
    expect(exchange.node.service.lastSeq).toBe(before);
    expect((await rosterOf(prime)).find((e) => e.entry_id === entry.entry_id)?.status).toBe('pending');
  });

  it('derives supply registrations from admitted entries: their summed capacity, approved while one is admitted', async () => {
    const vega = await newSupplier('Vega Compute');
    const a = await admitted(vega.as, 1000);
    const b = await admitted(vega.as, 3000, prime, 'Second');
    await admitted(vega.as, 2000, standard);
    await applied(vega.as, 9000, standard, 'Pending'); // pending capacity counts for nothing

    const listed = await registrations(vega.id);
    expect(listed).toEqual([
      expect.objectContaining({
        participant_id: vega.id,
        participant_name: 'Vega Compute',
        symbol: 'text-prime',
        tokens_per_second: 4000,
        status: 'approved',
        reason: '2 admitted endpoints on the roster',
        cap_tokens: 4000 * LOT_SECONDS,
        issuable_units: 57, // 57.6M tokens
        reviewed_by: operator,
      }),
      expect.objectContaining({
        symbol: 'text-standard',
        tokens_per_second: 2000,
        status: 'approved',
        reason: '1 admitted endpoint on the roster',
        cap_tokens: 2000 * LOT_SECONDS,
        issuable_units: 28,
      }),
    ]);
    // The supplier sees the same capacity.
    expect((await json(await vega.as('GET', '/v1/supply-capacity'))).data).toEqual(listed);
    const inPrime = await json(
      await exchange.api(`/v1/admin/supply-registrations?instrument_id=${prime}&status=approved`),
    );
    expect(inPrime.data).toContainEqual(listed[0]);
    expect(inPrime.data.every((r: { instrument_id: string }) => r.instrument_id === prime)).toBe(true);

    expect((await decide(a.entry_id, 'suspend')).status).toBe(200);
    expect((await registrations(vega.id))[0]).toMatchObject({
      tokens_per_second: 3000,
      status: 'approved',
      reason: '1 admitted endpoint on the roster',
    });
    expect((await decide(b.entry_id, 'remove')).status).toBe(200);
    expect((await registrations(vega.id))[0]).toMatchObject({
      status: 'revoked',
      reason: 'no admitted endpoint on the roster',
      issuable_units: 0,
    });
    const revoked = await json(
      await exchange.api(`/v1/admin/supply-registrations?participant_id=${vega.id}&status=revoked`),
    );
    expect(revoked.data.map((r: { symbol: string }) => r.symbol)).toEqual(['text-prime']);
    expect((await exchange.api('/v1/admin/supply-registrations?status=maybe')).status).toBe(422);
    expect((await exchange.api('/v1/admin/supply-registrations?colour=red')).status).toBe(400);
    expect((await exchange.api('/v1/admin/supply-registrations', { token: null })).status).toBe(401);
  });
});

describe('the public roster', () => {
  it('lists the admitted suppliers and models of an instrument, without secrets', async () => {
    const open = await newSupplier('Open Weights Co');
    const simulated = await admitted(open.as, 1000, standard, 'Sim model');
    const upstream = await open.as('POST', '/v1/model-endpoints', {
      body: {
        kind: 'openai',
        instrument_id: standard,
        name: 'Upstream model',
        tokens_per_second: 1000,
        upstream: {
          base_url: 'http://127.0.0.1:9/secret-upstream/v1',
          model: 'llama-3.1-70b',
          api_key: 'sk-very-secret-key',
          headers: { 'x-private': 'hidden-header-value' },
          timeout_ms: 1000,
        },
      },
    });
    expect(upstream.status).toBe(201);
    const upstreamId = (await json(upstream)).data.endpoint_id;
    const upstreamEntry = (await json(await apply(open.as, upstreamId, application(standard, 500)))).data;
    expect((await decide(upstreamEntry.entry_id, 'admit')).status).toBe(200);
    await applied(open.as, 1000, standard, 'Not yet admitted');
    const suspended = await admitted(open.as, 1000, standard, 'Suspended model');
    expect((await decide(suspended.entry_id, 'suspend')).status).toBe(200);

    const response = await fetch(`${exchange.node.url}/v1/instruments/${standard}/roster`);
    expect(response.status).toBe(200);
    const roster = (await json(response)).data;
    expect(roster).toMatchObject({ instrument_id: standard, symbol: 'text-standard' });
    const opens = roster.entries.filter((e: { supplier: string }) => e.supplier === 'Open Weights Co');
    expect(opens).toEqual([
      {
        supplier: 'Open Weights Co',
        model: 'Sim model',
        kind: 'simulated',
        quality_score: 60,
        quality_source: 'Artificial Analysis Intelligence Index',
        admitted_since: expect.any(String),
      },
      {
        supplier: 'Open Weights Co',
        model: 'llama-3.1-70b',
        kind: 'openai',
        quality_score: 60,
        quality_source: 'Artificial Analysis Intelligence Index',
        admitted_since: expect.any(String),
      },
    ]);
    const text = JSON.stringify(roster);
    for (const secret of [
      'sk-very-secret-key',
      'secret-upstream',
      '127.0.0.1',
      'hidden-header-value',
      'x-private',
      simulated.endpoint_id,
      upstreamId,
      open.id,
    ])
      expect(text).not.toContain(secret);
    // The symbol names it too; an unknown instrument is a 404.
    expect(
      (await json(await fetch(`${exchange.node.url}/v1/instruments/text-standard/roster`))).data,
    ).toEqual(roster);
    expect((await fetch(`${exchange.node.url}/v1/instruments/${UNKNOWN_INSTRUMENT}/roster`)).status).toBe(
      404,
    );
  });
});

describe('OpenAPI', () => {
  it('describes the supply, model endpoint and roster paths with their methods and error statuses', async () => {
    const doc = await json(await fetch(`${exchange.node.url}/v1/openapi.json`));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/supply-capacity',
        '/supply-issuances',
        '/issuance-accounts',
        '/issuance-accounts/transfer',
        '/supplier-liability',
        '/model-endpoints',
        '/model-endpoints/{id}',
        '/model-endpoints/{id}/applications',
        '/roster-entries',
        '/instruments/{id}/roster',
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
    // Declaring capacity is refused now: the document says so.
    const put = doc.paths['/supply-capacity'].put;
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['409']));
    expect(`${put.summary} ${put.description}`).toMatch(/roster/);
    const history = doc.paths['/supply-issuances'].get;
    expect(history.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'next', 'prev', 'order_by', 'order_direction', 'instrument_id']),
    );

    expect(Object.keys(doc.paths['/model-endpoints']).sort()).toEqual(['get', 'post']);
    const apply = doc.paths['/model-endpoints/{id}/applications'].post;
    expect(apply.security).toEqual([{ signature: [], timestamp: [], fingerprint: [] }]);
    expect(apply.parameters.map((p: { name: string; in: string }) => [p.in, p.name])).toEqual([
      ['path', 'id'],
    ]);
    expect(Object.keys(apply.responses)).toEqual(expect.arrayContaining(['201', '401', '404', '409', '422']));
    const body = apply.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual([
      'context_window',
      'instrument_id',
      'max_output_tokens',
      'quality_score',
      'quality_source',
      'tokens_per_second',
    ]);
    const entry = apply.responses['201'].content['application/json'].schema.properties.data;
    expect(Object.keys(entry.properties)).toEqual(
      expect.arrayContaining([
        'entry_id',
        'instrument_id',
        'endpoint_id',
        'status',
        'declared',
        'changed_by',
      ]),
    );
    const mine = doc.paths['/roster-entries'].get;
    expect(mine.security).toEqual([{ signature: [], timestamp: [], fingerprint: [] }]);
    expect(mine.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'next', 'prev']),
    );
    const roster = doc.paths['/instruments/{id}/roster'].get;
    expect(roster.security).toContainEqual({}); // anyone may read it, unsigned
    expect(Object.keys(roster.responses)).toEqual(expect.arrayContaining(['200', '404']));
    const entries =
      roster.responses['200'].content['application/json'].schema.properties.data.properties.entries.items;
    expect(Object.keys(entries.properties).sort()).toEqual([
      'admitted_since',
      'kind',
      'model',
      'quality_score',
      'quality_source',
      'supplier',
    ]);
  });
});
