import { ExchangeError } from '../../service/errors';
import type { Feed, FeedClient } from './feed';

/** A signature proof as a client sends it: Ed25519 over a message that includes the timestamp. */
export interface SignatureProof {
  fingerprint: string;
  timestamp: string;
  signature: string;
}

/**
 * What signs a socket's authentication: `request`, Grid Desk's own protocol (the signed-request
 * message `timestamp + "GET" + "/v1/ws"`); `gateway`, the public exchange's clients
 * (`timestamp + fingerprint`, as the `grid` tool's gateway signs).
 */
export type SignatureScheme = 'request' | 'gateway';

/** One socket as a protocol sees it. */
export interface Session extends FeedClient {
  readonly feed: Feed;
  fingerprint: string | null;
  /** Verifies the proof with the participant's registered key; resolves with the participant. */
  authenticate(proof: SignatureProof, scheme: SignatureScheme): Promise<string>;
  close(code: number, reason: string): void;
}

/** One socket protocol's handling of a connection's frames, made per connection. */
export interface ProtocolHandler {
  /** A parsed frame (or `INVALID_JSON`), one at a time in arrival order. */
  receive(message: unknown): Promise<void> | void;
  /** The socket's key was revoked or its participant suspended: its user channels have ended. */
  accessRevoked(detail: string): void;
  /** The server's periodic heartbeat tick (protocols whose clients expect a heartbeat frame send one). */
  heartbeat?(): void;
}

export const INVALID_JSON = Symbol('invalid JSON');

/** The status and message of a refusal; anything else is logged and reported as an internal error. */
export function refusal(error: unknown): { status: number; detail: string } {
  if (error instanceof ExchangeError) return { status: error.status, detail: error.detail };
  console.error('stream request failed', error);
  return { status: 500, detail: 'internal error' };
}

/** The public exchange's error codes for a refusal's status. */
export function errorCode(status: number): string {
  switch (status) {
    case 401:
      return 'AUTH_REQUIRED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'INVALID_MARKET';
    case 429:
      return 'SUBSCRIPTION_LIMIT';
    case 500:
      return 'INTERNAL_ERROR';
    default:
      return 'INVALID_REQUEST';
  }
}

/** A message's JSON without its closing brace, for a `finish` that appends per-subscription fields. */
export const openJson = (message: object) => JSON.stringify(message).slice(0, -1);

/** Closes an `openJson` frame with the subscription's counter under `field`. */
export const withCounter = (field: string) => (frame: string, subscription: { seq: number }) =>
  `${frame},"${field}":${++subscription.seq}}`;

/** The first issue of a failed parse, as one line. */
export function issueOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}`;
}
