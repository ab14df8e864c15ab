import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';
import { newSigningKey, signedClient } from '../helpers/signing';

// A consumer manages its consumption keys one by one over the signed Trading API, in the public
// exchange's key-management shape (`{"api_key": {...}}` bodies): read, rename, revoke; another
// participant's key, or an id that names no key, is not found.

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
type Signed = ReturnType<typeof signedClient>;
const json = async (response: Response) => (await response.json()) as any;

const consumerWithKey = async (name: string): Promise<Signed> => {
  const created = await exchange.api('/v1/admin/participants', { body: { name, role: 'consumer' } });
  const participantId = (await json(created)).data.participant_id as string;
  const key = newSigningKey();
  const registered = await exchange.api(`/v1/admin/participants/${participantId}/signing-keys`, {
    body: { public_key: key.publicKey },
  });
  expect(registered.status).toBe(201);
  return signedClient(exchange.node.url, key);
};

beforeAll(async () => {
  exchange = await startTestExchange();
});
afterAll(() => exchange.stop());

describe('one consumption key by id (signed Trading API)', () => {
  it('reads, renames and revokes a key; another participant, or a malformed id, gets 404', async () => {
    const acme = await consumerWithKey('Acme');
    const other = await consumerWithKey('Other');
    const created = await acme('POST', '/v1/api-keys', { body: { api_key: { name: 'batch jobs' } } });
    expect(created.status).toBe(201);
    const id = (await json(created)).data.id as string;

    const read = await acme('GET', `/v1/api-keys/${id}`);
    expect(read.status).toBe(200);
    expect((await json(read)).data).toMatchObject({ id, name: 'batch jobs', is_active: true, key: null });

    const renamed = await acme('PUT', `/v1/api-keys/${id}`, { body: { api_key: { name: 'nightly' } } });
    expect(renamed.status).toBe(200);
    expect((await json(renamed)).data).toMatchObject({ id, name: 'nightly', is_active: true });

    const invalid = await acme('PUT', `/v1/api-keys/${id}`, { body: { name: '' } });
    expect(invalid.status).toBe(422);

    for (const [as, path] of [
      [other, `/v1/api-keys/${id}`],
      [acme, '/v1/api-keys/not-a-key'],
    ] as const) {
      expect((await as('GET', path)).status).toBe(404);
      expect((await as('PUT', path, { body: { name: 'taken' } })).status).toBe(404);
      expect((await as('DELETE', path)).status).toBe(404);
    }

    const revoked = await acme('DELETE', `/v1/api-keys/${id}`);
    expect(revoked.status).toBe(200);
    expect((await json(revoked)).data).toMatchObject({
      id,
      name: 'nightly',
      is_active: false,
      status: 'revoked',
    });
    expect((await json(await acme('GET', `/v1/api-keys/${id}`))).data.status).toBe('revoked');
  });
});
