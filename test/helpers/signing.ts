import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** An Ed25519 key pair as a Trading API client holds it, made with Node's own crypto. */
export interface SigningKeyPair {
  privateKey: KeyObject;
  /** base64 of the raw 32-byte public key (what the exchange registers). */
  publicKey: string;
  /** base64 SHA-256 of the raw public key, no padding (the x-thegrid-fingerprint header). */
  fingerprint: string;
}

/** A fresh Ed25519 key pair. */
export function newSigningKey(): SigningKeyPair {
  return signingKeyOf(generateKeyPairSync('ed25519').privateKey);
}

/** The key pair of an Ed25519 private key, e.g. one a user saved as PEM (`createPrivateKey(pem)`). */
export function signingKeyOf(privateKey: KeyObject): SigningKeyPair {
  const raw = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
  return {
    privateKey,
    publicKey: raw.toString('base64'),
    fingerprint: createHash('sha256').update(raw).digest('base64').replace(/=+$/, ''),
  };
}

/** The three signature headers for `timestamp + METHOD + path + body`. */
export function signatureHeaders(
  key: SigningKeyPair,
  method: string,
  path: string,
  body = '',
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const message = `${timestamp}${method.toUpperCase()}${path}${body}`;
  return {
    'x-thegrid-signature': sign(null, Buffer.from(message), key.privateKey).toString('base64'),
    'x-thegrid-timestamp': String(timestamp),
    'x-thegrid-fingerprint': key.fingerprint,
  };
}

export interface SignedCall {
  body?: unknown;
  /** Appended to the path after signing (the query string is not signed). */
  query?: string;
  timestamp?: number;
  /** Sign this path instead of the one requested (to test mismatches). */
  signPath?: string;
  /** Override or drop (undefined) individual headers after signing. */
  headers?: Record<string, string | undefined>;
}

/**
 * Messages already signed by `signedClient`, by timestamp: the exchange accepts a signature once, so a
 * client repeating the same request within one second signs it with an earlier second (as a client
 * re-signing a retry would with the next one).
 */
const signed = new Set<string>();
function freshTimestamp(key: SigningKeyPair, method: string, path: string, body: string): number {
  let timestamp = Math.floor(Date.now() / 1000);
  while (signed.has(`${timestamp}${key.fingerprint}${method}${path}${body}`)) timestamp--;
  signed.add(`${timestamp}${key.fingerprint}${method}${path}${body}`);
  return timestamp;
}

/** A signed fetch against an exchange at `baseUrl`; each call is signed afresh (see `freshTimestamp`). */
export function signedClient(baseUrl: string, key: SigningKeyPair) {
  return (method: string, path: string, call: SignedCall = {}) => {
    const body =
      call.body === undefined ? '' : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    const signPath = call.signPath ?? path;
    const timestamp = call.timestamp ?? freshTimestamp(key, method.toUpperCase(), signPath, body);
    const headers: Record<string, string> = {
      ...signatureHeaders(key, method, signPath, body, timestamp),
      ...(body && { 'content-type': 'application/json' }),
    };
    for (const [name, value] of Object.entries(call.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return fetch(`${baseUrl}${path}${call.query ? `?${call.query}` : ''}`, {
      method,
      headers,
      ...(body && { body }),
    });
  };
}
