// Embeds an exchange node the way a host program does, uses what starts background threads (signature
// verifiers, the writer thread), closes it, and then must simply end: nothing of the exchange may keep
// the process alive. Run by process-exit.test.ts.
import { startTestExchange } from '../../helpers/exchange-node';
import { newSigningKey, signedClient } from '../../helpers/signing';

const exchange = await startTestExchange();
const created = await exchange.api('/v1/admin/participants', { body: { name: 'Acme', role: 'consumer' } });
const { participant_id } = ((await created.json()) as { data: { participant_id: string } }).data;
const key = newSigningKey();
await exchange.api(`/v1/admin/participants/${participant_id}/signing-keys`, {
  body: { public_key: key.publicKey },
});
const accounts = await signedClient(exchange.node.url, key)('GET', '/v1/accounts');
console.log(`signed request: ${accounts.status}`);
await exchange.stop();
console.log('closed');
