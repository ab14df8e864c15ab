import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** A certificate chain and its private key, PEM. */
export interface TlsCredentials {
  cert: string;
  key: string;
}

/** Reads the PEM files named by --tls-cert and --tls-key, or throws saying which one failed. */
export function readTlsFiles(certFile: string, keyFile: string): TlsCredentials {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read(certFile, 'certificate'), key: read(keyFile, 'key') };
}

/** Whether binding to `host` keeps the exchange reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name.startsWith('::ffff:127.');
}

/**
 * The binding rule: an address other machines can reach carries operator tokens, signed requests and
 * consumption keys, so it is served over TLS, or over plain HTTP only when the operator says so.
 * Returns why a binding is refused, or null.
 */
export function bindingRefusal(host: string, tls: boolean, insecureBind: boolean): string | null {
  if (tls || insecureBind || isLoopbackHost(host)) return null;
  return (
    `refusing to serve plain HTTP on ${host}, an address other machines can reach: give --tls-cert FILE ` +
    '--tls-key FILE to serve HTTPS, or --insecure-bind to serve plain HTTP anyway (e.g. behind a TLS proxy)'
  );
}
