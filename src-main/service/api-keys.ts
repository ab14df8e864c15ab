import { createHash, type KeyObject, verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import type { RegisterSigningKeyBody, SigningKeyView } from '../../src-preload/contract-api-keys';
import type { SigningKey } from '../engine/signing-keys';
import { startWorker } from '../store/worker-script';
import { ed25519PublicKey } from './ed25519-keys';
import { ExchangeError } from './errors';
import type { ExchangeService } from './exchange-service';
import { SeenSignatures } from './seen-signatures';
import type { SignatureCheck } from './signature-worker';
import { ownRows } from './own-rows';

/** How far a request's x-thegrid-timestamp may be from the exchange's clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 30;

/** Signatures remembered against replay: a minute of several thousand signed requests a second. */
const SEEN_SIGNATURES_CAPACITY = 250_000;

/** base64 SHA-256 of the raw public key, without padding: the x-thegrid-fingerprint of a key. */
export function fingerprintOf(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('base64').replace(/=+$/, '');
}

export function signingKeyView(key: SigningKey): SigningKeyView {
  return {
    fingerprint: key.fingerprint,
    participant_id: key.participant_id,
    public_key: key.public_key,
    label: key.label,
    created_at: new Date(key.created_at).toISOString(),
    revoked_at: key.revoked_at === null ? null : new Date(key.revoked_at).toISOString(),
  };
}

/** The three headers of a signed Trading API request, as received (any may be missing). */
export interface SignatureHeaders {
  signature: string | undefined;
  timestamp: string | undefined;
  fingerprint: string | undefined;
}

const unauthorized = (detail: string) => new ExchangeError(401, detail);

/**
 * Participants' Ed25519 signing keys: registration, listing, revocation, and the authentication of a
 * signed request. The exchange keeps public keys and fingerprints only.
 */
export class ApiKeys {
  /** Verifies signatures off the main thread where there is a core to spare (started on first use). */
  private readonly verifier = new VerifierPool(verifierThreads());
  /** Every accepted signature until its timestamp leaves the window: the same bytes twice are refused. */
  private readonly seen = new SeenSignatures(SIGNATURE_WINDOW_SECONDS, SEEN_SIGNATURES_CAPACITY);

  constructor(private readonly service: ExchangeService) {}

  private get state() {
    return this.service.engine.state;
  }

  async register(
    participantId: string,
    body: z.output<typeof RegisterSigningKeyBody>,
    actor: string,
  ): Promise<SigningKeyView> {
    const raw = Buffer.from(body.public_key, 'base64');
    if (raw.length !== 32) throw new ExchangeError(422, 'public_key must be a raw 32-byte Ed25519 key');
    const { result } = await this.service.submit<SigningKey>(
      {
        type: 'register_signing_key',
        key: {
          fingerprint: fingerprintOf(raw),
          participant_id: participantId,
          public_key: raw.toString('base64'),
          label: body.label ?? '',
        },
      },
      actor,
    );
    return signingKeyView(result);
  }

  /** A participant's keys, revoked ones included, oldest first. */
  list(participantId: string): SigningKeyView[] {
    if (!this.state.participants.has(participantId))
      throw new ExchangeError(404, `participant ${participantId} not found`);
    return ownRows(this.state.signingKeys.values(), participantId, (key) => key.fingerprint).map(
      signingKeyView,
    );
  }

  /** Revokes a key; `participantId` checks ownership (omit it for the operator). */
  async revoke(
    participantId: string | undefined,
    fingerprint: string,
    actor: string,
  ): Promise<SigningKeyView> {
    const { result } = await this.service.submit<SigningKey>(
      {
        type: 'revoke_signing_key',
        fingerprint,
        ...(participantId !== undefined && { participant_id: participantId }),
      },
      actor,
    );
    return signingKeyView(result);
  }

  /**
   * Authenticates a signed request: the signature must verify over `timestamp + METHOD + target + body`
   * with an active key of an active participant, the timestamp be within the window of the clock, and
   * the signature not have been accepted before (unless `repeatable`). `target` is the path as
   * requested with its query string; a signature over the path alone (what the public exchange's
   * clients sign) is accepted too. Resolves with the participant the request acts as; anything else is
   * a 401.
   */
  async authenticate(
    headers: SignatureHeaders,
    method: string,
    target: string,
    body: string,
    /**
     * A read that changes nothing (HTTP GET): the same signature may come again within its window.
     * Clients sign the path without the query, so two different reads in one second carry the same
     * signature. Everything else (writes, socket `auth`) is accepted once.
     */
    { repeatable = false }: { repeatable?: boolean } = {},
  ): Promise<string> {
    const { signature, timestamp, fingerprint } = headers;
    if (!signature || !timestamp || !fingerprint) {
      throw unauthorized(
        'missing signature headers: x-thegrid-signature, x-thegrid-timestamp and x-thegrid-fingerprint are required',
      );
    }
    if (!/^\d{1,12}$/.test(timestamp)) throw unauthorized('x-thegrid-timestamp must be Unix seconds');
    const seconds = Number(timestamp);
    const nowSeconds = this.service.clock() / 1000;
    const skew = Math.abs(nowSeconds - seconds);
    if (skew > SIGNATURE_WINDOW_SECONDS) {
      throw unauthorized(
        `x-thegrid-timestamp is ${Math.round(skew)} s from the exchange's time (at most ${SIGNATURE_WINDOW_SECONDS} s allowed)`,
      );
    }
    const key = this.activeKey(fingerprint);
    const signatureBytes = Buffer.from(signature, 'base64');
    // Keyed by the decoded bytes, so another base64 spelling of the same signature is the same entry.
    const seenAs = signatureBytes.toString('base64');
    const valid =
      signatureBytes.length === 64 &&
      (await this.verifyAny(key, signatureBytes, signedForms(timestamp, method, target, body)));
    if (!valid) throw unauthorized('invalid signature');
    // The key or its owner may have changed while the signature was being checked.
    const participantId = this.activeKey(fingerprint).participant_id;
    if (repeatable) return participantId;
    // Checked after the signature verified, so a copy is told it is one (and copies sent together, which
    // all verify, are decided here in order, with no await between the check and the record).
    if (this.seen.has(seconds, seenAs)) throw replayed();
    if (this.seen.add(seconds, seenAs, Math.floor(nowSeconds)) === 'full') {
      throw new ExchangeError(
        503,
        `too many signed requests within ${SIGNATURE_WINDOW_SECONDS} s to guard against replay; retry shortly`,
      );
    }
    return participantId;
  }

  /** Whether the signature verifies over any of `messages` (tried in order). */
  private async verifyAny(key: SigningKey, signature: Buffer, messages: Buffer[]): Promise<boolean> {
    for (const message of messages) if (await this.verifier.verify(key, message, signature)) return true;
    return false;
  }

  /**
   * Authenticates the public exchange's socket signature, Ed25519 over `timestamp + fingerprint` (the
   * `grid` gateway's message): the signed-request check over exactly those bytes, with its window, key
   * and replay checks.
   */
  authenticateGateway(proof: { fingerprint: string; timestamp: string; signature: string }): Promise<string> {
    return this.authenticate(proof, proof.fingerprint, '', '');
  }

  /** Whether this key still lets its participant in: registered, unrevoked, and its owner active. */
  isActive(fingerprint: string): boolean {
    try {
      this.activeKey(fingerprint);
      return true;
    } catch {
      return false;
    }
  }

  /** The registered, unrevoked key of an active participant with this fingerprint, or a 401. */
  private activeKey(fingerprint: string): SigningKey {
    const key = this.state.signingKeys.get(fingerprint);
    if (!key) throw unauthorized('unknown signing key');
    if (key.revoked_at !== null) throw unauthorized('the signing key was revoked');
    const owner = this.state.participants.get(key.participant_id);
    if (owner?.status !== 'active') throw unauthorized('the participant is suspended');
    return key;
  }
}

const replayed = () =>
  unauthorized(
    'signature already used: each signed request is accepted once; sign it again (a new timestamp) to retry',
  );

/**
 * The messages a signature may cover: the path alone (the public clients' form) and, when there is a
 * query string, the path with it (which also pins the query).
 */
function signedForms(timestamp: string, method: string, target: string, body: string): Buffer[] {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const forms = [path, ...(queryAt === -1 ? [] : [target])];
  return forms.map((signed) => Buffer.from(`${timestamp}${method}${signed}${body}`));
}

/** Worker threads for signature checks: GRID_DESK_VERIFY_THREADS, or one per spare core (at most 4). */
function verifierThreads(): number {
  const configured = Number(process.env.GRID_DESK_VERIFY_THREADS);
  if (Number.isInteger(configured) && configured >= 0) return configured;
  return Math.min(4, availableParallelism() - 1);
}

interface VerifierThread {
  worker: Worker;
  /** Checks gathered this turn of the event loop, sent as one message. */
  queue: SignatureCheck[];
  queued: ((valid: boolean) => void)[];
  /** Resolvers of the batches sent and not answered yet, in order. */
  inFlight: ((valid: boolean) => void)[][];
}

/**
 * Ed25519 verification on worker threads, so the main thread (HTTP, engine, store) does not spend
 * ~70 µs of each signed request on it. Checks are batched per event-loop turn and spread round-robin.
 * With no threads configured, or once a worker has failed (its pending checks fail closed), it
 * verifies inline.
 */
class VerifierPool {
  private threads: VerifierThread[] | null = null;
  private next = 0;
  private inline: boolean;

  constructor(private readonly count: number) {
    this.inline = count < 1;
  }

  verify(key: SigningKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> | boolean {
    const threads = this.inline ? null : (this.threads ??= this.start());
    if (!threads) {
      try {
        return verify(null, message, keyObject(key), signature);
      } catch {
        return false;
      }
    }
    const thread = threads[this.next++ % threads.length]!;
    if (thread.queue.length === 0) setImmediate(() => this.send(thread));
    thread.queue.push([key.fingerprint, key.public_key, message, signature]);
    return new Promise((resolve) => thread.queued.push(resolve));
  }

  private start(): VerifierThread[] | null {
    try {
      return Array.from({ length: this.count }, () => {
        const thread: VerifierThread = {
          // signature-worker.ts
          worker: startWorker('signature-worker', import.meta.url),
          queue: [],
          queued: [],
          inFlight: [],
        };
        thread.worker.on('message', (results: Uint8Array) => {
          const resolvers = thread.inFlight.shift() ?? [];
          resolvers.forEach((resolve, i) => resolve(results[i] === 1));
        });
        thread.worker.once('error', () => this.fail());
        thread.worker.once('exit', () => this.fail());
        // The exchange's own handles decide when the process may exit, not these threads. (After the
        // listeners: adding a 'message' listener refs the worker again.)
        thread.worker.unref();
        return thread;
      });
    } catch {
      this.inline = true;
      return null;
    }
  }

  private send(thread: VerifierThread): void {
    if (thread.queue.length === 0) return;
    thread.inFlight.push(thread.queued);
    thread.worker.postMessage(thread.queue);
    thread.queue = [];
    thread.queued = [];
  }

  private fail(): void {
    this.inline = true;
    for (const thread of this.threads ?? []) {
      for (const resolvers of [...thread.inFlight, thread.queued])
        resolvers.forEach((resolve) => resolve(false));
      thread.inFlight = [];
      thread.queue = [];
      thread.queued = [];
    }
  }
}

/** KeyObjects per fingerprint (a fingerprint names one public key forever, so entries never go stale). */
const keyObjects = new Map<string, KeyObject>();
function keyObject(key: SigningKey): KeyObject {
  let object = keyObjects.get(key.fingerprint);
  if (!object) {
    object = ed25519PublicKey(key.public_key);
    keyObjects.set(key.fingerprint, object);
  }
  return object;
}
