import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import type { UiAuthMessage } from '../../src-preload/shell';

/** The path a participant's UI-socket signature covers, as the Trading API streams sign theirs. */
export const UI_SOCKET_PATH = '/v1/ui';

/** An Ed25519 private key from PEM (PKCS#8), or an error in words. */
export function parseSigningKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('this is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the key must be an Ed25519 key');
  return key;
}

/** base64 SHA-256 of the raw public key, without padding: the exchange's key fingerprint. */
export function fingerprintOf(key: KeyObject): string {
  const raw = Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x!, 'base64url');
  return createHash('sha256').update(raw).digest('base64').replace(/=+$/, '');
}

/**
 * The first message of a participant's UI socket: a signature over `timestamp + "GET" + "/v1/ui"`. Signed
 * here in the main process so the private key, kept in the OS keychain, never reaches the page.
 */
export function keyAuthMessage(key: KeyObject, nowSeconds: number): UiAuthMessage {
  const message = `${nowSeconds}GET${UI_SOCKET_PATH}`;
  return {
    op: 'auth',
    fingerprint: fingerprintOf(key),
    timestamp: nowSeconds,
    signature: sign(null, Buffer.from(message), key).toString('base64'),
  };
}
