import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  ConsumptionKeyView,
  CreateKeyBody,
  UpdateKeyBody,
} from '../../src-preload/contract-consumption';
import type { ConsumptionKey } from '../engine/consumption-types';
import { formatUsd, parseUsd } from '../engine/money';
import { ExchangeError } from './errors';
import type { ExchangeService } from './exchange-service';
import { newId } from './ids';
import { ownRows } from './own-rows';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const MINUTE_MS = 60_000;
/** Secrets look like the public exchange's: a prefix to tell them apart from other credentials, then 43 chars. */
const SECRET_PREFIX = 'gdk_';

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A sliding minute of requests and tokens per key, in memory (limits, not ledger state). */
class MinuteWindow {
  private readonly events: { at: number; tokens: number }[] = [];
  requests = 0;
  tokens = 0;

  trim(now: number): void {
    while (this.events.length > 0 && this.events[0]!.at <= now - MINUTE_MS) {
      const gone = this.events.shift()!;
      this.requests -= 1;
      this.tokens -= gone.tokens;
    }
  }

  add(now: number, tokens: number): void {
    this.events.push({ at: now, tokens });
    this.requests += 1;
    this.tokens += tokens;
  }

  /** Milliseconds until the oldest event leaves the window. */
  retryAfter(now: number): number {
    return this.events.length === 0 ? 0 : this.events[0]!.at + MINUTE_MS - now;
  }
}

/**
 * Consumers' keys for the Consumption API: creation (the secret is shown once and stored hashed), limits,
 * revocation, authentication of a presented secret, and the per-key rate limits and spend budget.
 */
export class ConsumptionKeys {
  private readonly windows = new Map<string, MinuteWindow>();
  /** Micro-dollars spent per key, from billed calls (loaded once, then kept up to date by `spent`). */
  private readonly spentMicros = new Map<string, number>();

  constructor(private readonly service: ExchangeService) {
    const state = service.engine.state;
    for (const row of service.store.consumption.spending()) {
      const tick = state.instruments.get(row.instrument_id)?.market.tick_micros ?? 0;
      this.spend(row.key_id, Math.round((row.tick_tokens * tick) / 1_000_000));
    }
  }

  private get state() {
    return this.service.engine.state;
  }

  async create(
    participantId: string,
    body: z.output<typeof CreateKeyBody>,
    actor: string,
  ): Promise<ConsumptionKeyView> {
    const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
    const { result } = await this.service.submit<ConsumptionKey>(
      {
        type: 'create_consumption_key',
        key: {
          key_id: newId('consumptionKey'),
          participant_id: participantId,
          name: body.name,
          secret_hash: hashSecret(secret),
          prefix: secret.slice(0, SECRET_PREFIX.length + 8),
          spend_budget: limits(body).spend_budget ?? null,
          expires_at: body.expires_at ? Date.parse(body.expires_at) : null,
          requests_per_minute: body.requests_per_minute ?? null,
          tokens_per_minute: body.tokens_per_minute ?? null,
        },
      },
      actor,
    );
    return { ...this.view(result), key: secret };
  }

  list(participantId: string): ConsumptionKeyView[] {
    return ownRows(this.state.consumptionKeys.values(), participantId, (key) => key.key_id, 'newest').map(
      (key) => this.view(key),
    );
  }

  get(participantId: string, keyId: string): ConsumptionKeyView {
    return this.view(this.owned(participantId, keyId));
  }

  async update(
    participantId: string,
    keyId: string,
    body: z.output<typeof UpdateKeyBody>,
    actor: string,
  ): Promise<ConsumptionKeyView> {
    this.owned(participantId, keyId);
    const { is_active, ...changes } = body;
    if (is_active === true && this.state.consumptionKeys.get(keyId)!.revoked_at !== null)
      throw new ExchangeError(409, 'a revoked key cannot be reactivated: create a new one');
    const { result } = await this.service.submit<ConsumptionKey>(
      {
        type: 'update_consumption_key',
        key_id: keyId,
        participant_id: participantId,
        ...(changes.name !== undefined && { name: changes.name }),
        ...limits(changes),
        ...(changes.expires_at !== undefined && {
          expires_at: changes.expires_at === null ? null : Date.parse(changes.expires_at),
        }),
        ...(changes.requests_per_minute !== undefined && {
          requests_per_minute: changes.requests_per_minute,
        }),
        ...(changes.tokens_per_minute !== undefined && { tokens_per_minute: changes.tokens_per_minute }),
      },
      actor,
    );
    if (is_active === false) return this.revoke(participantId, keyId, actor);
    return this.view(result);
  }

  async revoke(participantId: string, keyId: string, actor: string): Promise<ConsumptionKeyView> {
    this.owned(participantId, keyId);
    const { result } = await this.service.submit<ConsumptionKey>(
      { type: 'revoke_consumption_key', key_id: keyId, participant_id: participantId },
      actor,
    );
    return this.view(result);
  }

  /** The active key a presented secret belongs to; 401 with the reason otherwise. */
  authenticate(secret: string | undefined): ConsumptionKey {
    if (!secret) throw new ExchangeError(401, 'missing consumption key');
    const keyId = this.state.keyHashes.get(hashSecret(secret));
    const key = keyId === undefined ? undefined : this.state.consumptionKeys.get(keyId);
    if (!key) {
      const hint = secret.startsWith('gdop_')
        ? ': the operator token is not a consumption key'
        : ': create one under API keys (POST /v1/api-keys)';
      throw new ExchangeError(401, `invalid consumption key${hint}`);
    }
    if (key.revoked_at !== null) throw new ExchangeError(401, 'this consumption key was revoked');
    if (key.expires_at !== null && key.expires_at <= this.service.clock())
      throw new ExchangeError(401, 'this consumption key has expired');
    if (this.state.participants.get(key.participant_id)?.status !== 'active')
      throw new ExchangeError(401, 'the account of this consumption key is suspended');
    return key;
  }

  /**
   * Admits one call of up to `tokens` under the key's per-minute limits and spend budget, counting it;
   * 429 (with the seconds to wait) or 402 otherwise.
   */
  admit(key: ConsumptionKey, tokens: number): void {
    const now = this.service.clock();
    let window = this.windows.get(key.key_id);
    if (!window) this.windows.set(key.key_id, (window = new MinuteWindow()));
    window.trim(now);
    if (key.requests_per_minute !== null && window.requests >= key.requests_per_minute)
      throw rateLimited(
        `this key allows ${key.requests_per_minute} requests per minute`,
        window.retryAfter(now),
      );
    if (
      key.tokens_per_minute !== null &&
      window.tokens + tokens > key.tokens_per_minute &&
      window.requests > 0
    )
      throw rateLimited(`this key allows ${key.tokens_per_minute} tokens per minute`, window.retryAfter(now));
    if (key.spend_budget !== null && (this.spentMicros.get(key.key_id) ?? 0) >= key.spend_budget)
      throw new ExchangeError(402, `this key has spent its budget of $${formatUsd(key.spend_budget)}`);
    window.add(now, tokens);
  }

  /** Records what a billed call cost against its key's budget. */
  spend(keyId: string, micros: number): void {
    if (micros > 0) this.spentMicros.set(keyId, (this.spentMicros.get(keyId) ?? 0) + micros);
  }

  view(key: ConsumptionKey): ConsumptionKeyView {
    const expired = key.expires_at !== null && key.expires_at <= this.service.clock();
    const status = key.revoked_at !== null ? 'revoked' : expired ? 'expired' : 'active';
    return {
      id: key.key_id,
      key_id: key.key_id,
      participant_id: key.participant_id,
      name: key.name,
      key_prefix: key.prefix,
      key: null,
      is_active: status === 'active',
      status,
      expires_at: iso(key.expires_at),
      requests_per_minute: key.requests_per_minute,
      tokens_per_minute: key.tokens_per_minute,
      spend_budget: key.spend_budget === null ? null : formatUsd(key.spend_budget),
      spent: formatUsd(this.spentMicros.get(key.key_id) ?? 0),
      created_at: iso(key.created_at)!,
      updated_at: iso(key.updated_at)!,
      revoked_at: iso(key.revoked_at),
    };
  }

  private owned(participantId: string, keyId: string): ConsumptionKey {
    const key = this.state.consumptionKeys.get(keyId);
    if (!key || key.participant_id !== participantId)
      throw new ExchangeError(404, `consumption key ${keyId} not found`);
    return key;
  }
}

/** The spend budget, parsed, when the body sets it. */
function limits(body: { spend_budget?: string | null | undefined }): { spend_budget?: number | null } {
  if (body.spend_budget === undefined) return {};
  if (body.spend_budget === null) return { spend_budget: null };
  const micros = parseUsd(body.spend_budget);
  if (micros === null || micros <= 0)
    throw new ExchangeError(422, 'spend_budget must be a positive USD amount');
  return { spend_budget: micros };
}

export class RateLimited extends ExchangeError {
  constructor(
    detail: string,
    /** Whole seconds to wait, for Retry-After. */
    readonly retryAfterSeconds: number,
    status = 429,
  ) {
    super(status, detail);
  }
}

const rateLimited = (detail: string, waitMs: number) =>
  new RateLimited(`rate limit: ${detail}`, Math.max(1, Math.ceil(waitMs / 1000)));
