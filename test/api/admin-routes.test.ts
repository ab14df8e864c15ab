import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEndpoints } from '../../src-main/api/admin-routes';
import { startTestExchange } from '../helpers/exchange-node';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

const json = async (response: Response) => (await response.json()) as any;

describe('the admin routes generated from the declarations', () => {
  it('serves the calls as a page and as CSV, with the operator token only', async () => {
    const page = await exchange.api('/v1/admin/calls?limit=5');
    expect(page.status).toBe(200);
    expect(await page.json()).toEqual({ data: [], next_before: null });
    const csv = await exchange.api('/v1/admin/calls.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toMatch(/call_id/);
    expect((await exchange.api('/v1/admin/calls.csv', { token: null })).status).toBe(401);
    expect((await exchange.api('/v1/admin/calls?limit=0')).status).toBe(422);
  });

  it('takes a path argument from the path only, and validates it before the body', async () => {
    const created = await json(
      await exchange.api('/v1/admin/participants', { body: { name: 'Path Co', role: 'consumer' } }),
    );
    const id = created.data.participant_id as string;
    const other = await exchange.api(`/v1/admin/participants/${id}/usd-adjustments`, {
      body: { amount: '1.00', idempotency_key: 'k', reason: 'r', participant_id: id },
    });
    expect(other.status).toBe(400);
    expect((await json(other)).errors.detail).toMatch(/participant_id belongs in the path/);
    const unknown = await exchange.api('/v1/admin/participants/nonsense/usd-adjustments', { body: '{' });
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).errors.detail).toBe('participant nonsense not found');
  });

  it('describes every generated route in the OpenAPI document with the statuses it answers', async () => {
    const doc = await json(await fetch(`${exchange.node.url}/v1/openapi.json`));
    for (const { route } of adminEndpoints()) {
      const path = `/admin${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`;
      const operation = doc.paths[path]?.[route.method];
      expect([path, route.method, Object.keys(operation?.responses ?? {})]).toEqual([
        path,
        route.method,
        expect.arrayContaining([String(route.status ?? 200), '400', '401']),
      ]);
    }
    const adjust = doc.paths['/admin/participants/{id}/usd-adjustments'].post;
    expect(Object.keys(adjust.responses)).toEqual(expect.arrayContaining(['201', '404', '409', '422']));
    expect(adjust.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['amount', 'idempotency_key', 'reason']),
    );
    expect(doc.paths['/admin/audit'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'before', 'actor']),
    );
    // The Trading API: a validated body may answer 422, and an order retried by client_order_id 200.
    const place = doc.paths['/orders'].post;
    expect(Object.keys(place.responses)).toEqual(expect.arrayContaining(['200', '201', '422']));
    expect(Object.keys(doc.paths['/price-histories'].get.responses)).toContain('422');
  });
});
