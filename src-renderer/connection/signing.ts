import type { UiAuthMessage } from '../../src-preload/shell';

/** The path a participant's UI-socket signature covers (`timestamp + "GET" + "/v1/ui"`). */
export const UI_SOCKET_PATH = '/v1/ui';

/** A participant's key held by the page: usable for signing, never readable again. */
export interface BrowserSigner {
  fingerprint: string;
  authMessage(): Promise<UiAuthMessage>;
}

const base64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromBase64Url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));

/**
 * Imports a PEM (PKCS#8) Ed25519 private key with WebCrypto for the browser case. The key is re-imported
 * as non-extractable and held only in memory: a page has no keychain, and a key in localStorage would be
 * readable by any script that ever ran on the origin. The desktop app signs in its main process instead.
 */
export async function browserSigner(
  pem: string,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): Promise<BrowserSigner> {
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
  } catch {
    throw new Error('this is not a PEM private key');
  }
  let jwk: JsonWebKey;
  try {
    const readable = await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, true, ['sign']);
    jwk = await crypto.subtle.exportKey('jwk', readable);
  } catch {
    throw new Error('the key must be an Ed25519 private key in PEM (PKCS#8)');
  }
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']);
  const publicKey = fromBase64Url(jwk.x!);
  const fingerprint = base64(await crypto.subtle.digest('SHA-256', publicKey)).replace(/=+$/, '');
  return {
    fingerprint,
    async authMessage() {
      const timestamp = nowSeconds();
      const signed = new TextEncoder().encode(`${timestamp}GET${UI_SOCKET_PATH}`);
      const signature = base64(await crypto.subtle.sign({ name: 'Ed25519' }, key, signed));
      return { op: 'auth', fingerprint, timestamp, signature };
    },
  };
}
