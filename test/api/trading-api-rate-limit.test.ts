import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tradingApiRoutes } from '../../src-main/api/trading-api/routes';
import { rateLimitFromEnv, TokenBuckets } from '../../src-main/api/trading-api/rate-limit';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, signatureHeaders } from '../helpers/signing';

describe('token buckets', () => {
  it('allows the limit, refuses the next with a retry time, and refills evenly over the window', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets({ limit: 3, windowMs: 3_000 }, () => now);
    expect([1, 2, 3].map(() => buckets.take('a'))).toMatchObject([
      { allowed: true, remaining: 2, limit: 3 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0, resetSeconds: 3 },
    ]);
    expect(buckets.take('a')).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(buckets.take('b').allowed).toBe(true); // buckets are per caller
    now += 1_000; // one token back
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(buckets.take('a').allowed).toBe(false);
    now += 60_000; // never more than the limit
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('reads <requests>/<seconds> from GRID_DESK_API_RATE_LIMIT', () => {
    expect(rateLimitFromEnv('600/60')).toEqual({ limit: 600, windowMs: 60_000 });
    expect(rateLimitFromEnv(undefined)).toBeUndefined();
    expect(rateLimitFromEnv('lots')).toBeUndefined();
    expect(rateLimitFromEnv('0/10')).toBeUndefined();
  });
});

describe('the Trading API with a small configured limit', () => {
  let exchange: Awaited<ReturnType<typeof startTestExchange>>;
  let app: Hono;
  let participant: string;
  const key = newSigningKey();
  const other = newSigningKey();

  beforeAll(async () => {
    exchange = await startTestExchange();
    const { ops } = exchange.node;
    const operator = ops.service.operator()!.participant_id;
    participant = (await ops.createParticipant({ name: 'Busy', role: 'consumer' }, operator)).participant_id;
    for (const k of [key, other]) {
      const response = await exchange.api(`/v1/admin/participants/${participant}/signing-keys`, {
        body: { public_key: k.publicKey },
      });
      expect(response.status).toBe(201);
    }
    app = new Hono();
    app.route('/v1', tradingApiRoutes(ops, { rateLimit: { limit: 3, windowMs: 60_000 } }));
  });
  afterAll(() => exchange.stop());

  const signedGet = (k = key, path = '/v1/orders/count') =>
    app.request(path, { headers: signatureHeaders(k, 'GET', path) });

  it('answers 429 with Retry-After once a key has used its allowance, and counts per key', async () => {
    const responses = [await signedGet(), await signedGet(), await signedGet()];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(responses.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expect(responses[0]!.headers.get('x-ratelimit-limit')).toBe('3');
    expect(Number(responses[2]!.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);

    const refused = await signedGet();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toMatchObject({ errors: { detail: expect.stringMatching(/rate limit/) } });

    // Another key of the same participant has its own allowance.
    expect((await signedGet(other)).status).toBe(200);
  });

  it('limits unsigned public requests per address', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request('/v1/instruments')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
