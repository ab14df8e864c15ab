// A signature verifier's thread (started by the VerifierPool in api-keys.ts). It answers each batch of
// checks with one byte per check, 1 when the signature verifies. KeyObjects are cached per fingerprint:
// a fingerprint names one key forever, so the cache never goes stale.
import { type KeyObject, verify } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { ed25519PublicKey } from './ed25519-keys';

/** One check: the key's fingerprint and base64 public key, the signed message and the signature. */
export type SignatureCheck = [
  fingerprint: string,
  publicKey: string,
  message: Uint8Array,
  signature: Uint8Array,
];

const keys = new Map<string, KeyObject>();
const port = parentPort!;
port.on('message', (batch: SignatureCheck[]) => {
  const results = new Uint8Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const [fingerprint, publicKey, message, signature] = batch[i]!;
    try {
      let key = keys.get(fingerprint);
      if (!key) {
        key = ed25519PublicKey(publicKey);
        keys.set(fingerprint, key);
      }
      results[i] = verify(null, message, key, signature) ? 1 : 0;
    } catch {
      results[i] = 0;
    }
  }
  port.postMessage(results);
});
