/**
 * Ed25519 signing keys made in the browser with WebCrypto. The private half never leaves this page
 * except as the PEM the user saves; the exchange receives the raw public key only.
 */

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of array) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** DER bytes as a PEM block, 64 characters a line. */
export function toPem(label: string, der: ArrayBuffer): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The x-thegrid-fingerprint of a raw public key: base64 SHA-256, no padding. */
export async function fingerprintOf(rawPublicKey: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', rawPublicKey);
  return toBase64(digest).replace(/=+$/, '');
}

export interface GeneratedKeyPair {
  /** base64 of the raw 32-byte public key, as the exchange registers it. */
  publicKey: string;
  /** Computed here, to check the exchange's answer against. */
  fingerprint: string;
  /** PKCS#8 PEM of the private key: shown once, never sent. */
  privateKeyPem: string;
}

/** Why this page cannot make keys, or null when it can. */
export function keyGenerationUnavailable(): string | null {
  if (!window.isSecureContext || !globalThis.crypto?.subtle) {
    return 'This page is not a secure context (it was opened over plain HTTP from another host), so the browser offers no WebCrypto. Open the UI on 127.0.0.1 or over HTTPS, or make a key with OpenSSL and register its public key below.';
  }
  return null;
}

export async function generateKeyPair(): Promise<GeneratedKeyPair> {
  let pair: CryptoKeyPair;
  try {
    pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `This browser cannot make Ed25519 keys (${reason}). Make one with OpenSSL and register its public key below.`,
    );
  }
  const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pair.privateKey);
  return {
    publicKey: toBase64(raw),
    fingerprint: await fingerprintOf(raw),
    privateKeyPem: toPem('PRIVATE KEY', pkcs8),
  };
}

/** Offers `text` as a file download (nothing leaves the machine). */
export function downloadText(filename: string, text: string, type = 'application/x-pem-file'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
