import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from './error-body';

/** The host names a loopback exchange answers to (any port). */
export const LOOPBACK_HOST_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * Which `Host` headers the exchange answers. A page on another site that rebinds its own name to
 * 127.0.0.1 (DNS rebinding) reaches the exchange with that site's name as the Host: refusing every
 * name but the loopback ones (and those the operator allows when binding elsewhere) keeps such a page
 * from reading or calling the local API. `*` among the allowed names turns the check off.
 */
export class HostCheck {
  private readonly names: Set<string>;
  private readonly anyHost: boolean;

  constructor(allowed: readonly string[] = []) {
    this.anyHost = allowed.includes('*');
    this.names = new Set([...LOOPBACK_HOST_NAMES, ...allowed.map(hostName)]);
  }

  allows(host: string | undefined): boolean {
    return this.anyHost || (host !== undefined && this.names.has(hostName(host)));
  }

  refusal(host: string | undefined): { status: 421; body: string } {
    const detail =
      host === undefined
        ? 'a Host header is required'
        : `this exchange does not answer to the host name ${hostName(host)}; allow it with --allowed-hosts`;
    return { status: 421, body: JSON.stringify(errorBody(421, detail)) };
  }

  /** Answers an HTTP request for a refused host (421, the error envelope). */
  refuseRequest(res: ServerResponse, host: string | undefined): void {
    const { status, body } = this.refusal(host);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    res.end(body);
  }

  /** Refuses a WebSocket upgrade for a refused host with the same answer, then hangs up. */
  refuseUpgrade(socket: Duplex, host: string | undefined): void {
    const { status, body } = this.refusal(host);
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} Misdirected Request\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
}

/** The name part of a Host header (or an allowed-hosts entry), lower case, without the port. */
function hostName(host: string): string {
  const name = host.trim().toLowerCase();
  if (name.startsWith('[')) return name.slice(0, name.indexOf(']') + 1);
  // A bare IPv6 address (an allowed-hosts entry) is written with brackets, as in a Host header.
  if (name.split(':').length > 2) return `[${name}]`;
  return name.split(':', 1)[0]!;
}
