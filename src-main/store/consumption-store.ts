import type { Database, Statement } from 'better-sqlite3';
import type { Change } from '../engine/commands';
import type { CallRecord, ConsumptionKey, ModelEndpoint, Reservation } from '../engine/consumption-types';
import type { ExchangeState } from '../engine/state';
import type { WriteStatements } from './write-statements';

type Writers = {
  [K in 'consumption_key' | 'model_endpoint' | 'reservation' | 'call']: (
    change: Extract<Change, { kind: K }>,
  ) => void;
};

/** The state tables of the Consumption API: how each of its changes is written. */
export function consumptionWriters(db: WriteStatements): Writers {
  const upsertKey = db.prepare(
    `INSERT INTO consumption_keys (key_id, participant_id, name, secret_hash, prefix, created_at, updated_at, expires_at,
       revoked_at, requests_per_minute, tokens_per_minute, spend_budget)
     VALUES (@key_id, @participant_id, @name, @secret_hash, @prefix, @created_at, @updated_at, @expires_at, @revoked_at,
       @requests_per_minute, @tokens_per_minute, @spend_budget)
     ON CONFLICT (key_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at,
       expires_at = excluded.expires_at, revoked_at = excluded.revoked_at,
       requests_per_minute = excluded.requests_per_minute, tokens_per_minute = excluded.tokens_per_minute,
       spend_budget = excluded.spend_budget`,
  );
  const upsertEndpoint = db.prepare(
    `INSERT INTO model_endpoints (endpoint_id, participant_id, instrument_id, name, kind, simulated, upstream,
       tokens_per_second, status, created_at, updated_at)
     VALUES (@endpoint_id, @participant_id, @instrument_id, @name, @kind, @simulated, @upstream, @tokens_per_second,
       @status, @created_at, @updated_at)
     ON CONFLICT (endpoint_id) DO UPDATE SET name = excluded.name, simulated = excluded.simulated,
       upstream = excluded.upstream, tokens_per_second = excluded.tokens_per_second, status = excluded.status,
       updated_at = excluded.updated_at`,
  );
  const insertReservation = db.prepare(
    `INSERT INTO reservations (reservation_id, participant_id, instrument_id, key_id, tokens, created_at)
     VALUES (@reservation_id, @participant_id, @instrument_id, @key_id, @tokens, @created_at)
     ON CONFLICT (reservation_id) DO NOTHING`,
  );
  const deleteReservation = db.prepare('DELETE FROM reservations WHERE reservation_id = ?');
  const insertCall = db.prepare(
    `INSERT INTO calls (call_id, seq, participant_id, key_id, instrument_id, surface, streamed, endpoint_id, supplier_id,
       substituted, attempts, outcome, input_tokens, output_tokens, reserved_tokens, billed_tokens, ttft_ms,
       throughput_milli_tps, started_at, finished_at, error, parts)
     VALUES (@call_id, @seq, @participant_id, @key_id, @instrument_id, @surface, @streamed, @endpoint_id, @supplier_id,
       @substituted, @attempts, @outcome, @input_tokens, @output_tokens, @reserved_tokens, @billed_tokens, @ttft_ms,
       @throughput_milli_tps, @started_at, @finished_at, @error, @parts)`,
  );
  return {
    consumption_key: ({ key }) => upsertKey.run(key),
    model_endpoint: ({ endpoint }) =>
      upsertEndpoint.run({
        ...endpoint,
        simulated: endpoint.simulated && JSON.stringify(endpoint.simulated),
        upstream: endpoint.upstream && JSON.stringify(endpoint.upstream),
      }),
    reservation: ({ reservation, held }) =>
      held ? insertReservation.run(reservation) : deleteReservation.run(reservation.reservation_id),
    call: ({ call }) => {
      const { reservation_id: _same, ...row } = call;
      insertCall.run({
        ...row,
        streamed: call.streamed ? 1 : 0,
        substituted: call.substituted ? 1 : 0,
        parts: JSON.stringify(call.parts),
      });
    },
  };
}

/** The row a Consumption API change overwrites (latest wins within a batch), or null for history rows. */
export function consumptionLatestKey(change: Change): string | null {
  switch (change.kind) {
    case 'consumption_key':
      return `ckey\u0000${change.key.key_id}`;
    case 'model_endpoint':
      return `endpoint\u0000${change.endpoint.endpoint_id}`;
    case 'reservation':
      return `reservation\u0000${change.reservation.reservation_id}`;
    default:
      return null;
  }
}

type EndpointRow = Omit<ModelEndpoint, 'simulated' | 'upstream'> & {
  simulated: string | null;
  upstream: string | null;
};

/** Loads keys, endpoints and held reservations into the engine's state. */
export function loadConsumption(db: Database, state: ExchangeState): void {
  for (const key of db.prepare('SELECT * FROM consumption_keys').all() as ConsumptionKey[]) {
    state.consumptionKeys.set(key.key_id, key);
    state.keyHashes.set(key.secret_hash, key.key_id);
  }
  for (const row of db.prepare('SELECT * FROM model_endpoints').all() as EndpointRow[]) {
    state.endpoints.set(row.endpoint_id, {
      ...row,
      simulated: row.simulated === null ? null : (JSON.parse(row.simulated) as ModelEndpoint['simulated']),
      upstream: row.upstream === null ? null : (JSON.parse(row.upstream) as ModelEndpoint['upstream']),
    });
  }
  for (const r of db.prepare('SELECT * FROM reservations').all() as Reservation[])
    state.reservations.set(r.reservation_id, r);
}

type CallRow = Omit<CallRecord, 'streamed' | 'substituted' | 'parts' | 'reservation_id'> & {
  streamed: number;
  substituted: number;
  parts: string;
};
const callFromRow = (row: CallRow): CallRecord => ({
  ...row,
  reservation_id: row.call_id,
  streamed: row.streamed === 1,
  substituted: row.substituted === 1,
  parts: JSON.parse(row.parts) as CallRecord['parts'],
});

export interface CallFilter {
  participant_id?: string | undefined;
  supplier_id?: string | undefined;
  key_id?: string | undefined;
  instrument_id?: string | undefined;
  outcome?: string | undefined;
  /** Epoch ms, inclusive start and exclusive end of started_at. */
  from?: number | undefined;
  to?: number | undefined;
  /** Calls with a sequence number below this one (paging back), newest first. */
  before?: number | undefined;
  limit: number;
}

/** Reads of the Consumption API's history: calls, and what each key has spent. */
export class ConsumptionQueries {
  private readonly callsPage: Statement;
  private readonly tradePrice: Statement;
  private readonly spentByKey: Statement;

  constructor(db: Database) {
    this.callsPage = db.prepare(
      `SELECT * FROM calls WHERE seq < @before
         AND (@participant_id IS NULL OR participant_id = @participant_id)
         AND (@supplier_id IS NULL OR supplier_id = @supplier_id)
         AND (@key_id IS NULL OR key_id = @key_id)
         AND (@instrument_id IS NULL OR instrument_id = @instrument_id)
         AND (@outcome IS NULL OR outcome = @outcome)
         AND (@from IS NULL OR started_at >= @from)
         AND (@to IS NULL OR started_at < @to)
       ORDER BY seq DESC, call_id DESC LIMIT @limit`,
    );
    this.tradePrice = db.prepare('SELECT price_ticks FROM trades WHERE trade_id = ?').pluck();
    // Tokens × price in ticks per key and instrument, over every billed call's funding trades.
    this.spentByKey = db.prepare(
      `SELECT c.key_id AS key_id, c.instrument_id AS instrument_id,
              sum(json_extract(p.value, '$.tokens') * t.price_ticks) AS tick_tokens
         FROM calls c, json_each(c.parts) p
         JOIN trades t ON t.trade_id = json_extract(p.value, '$.trade_id')
        WHERE c.billed_tokens > 0
        GROUP BY c.key_id, c.instrument_id`,
    );
  }

  calls(filter: CallFilter): CallRecord[] {
    return (
      this.callsPage.all({
        participant_id: filter.participant_id ?? null,
        supplier_id: filter.supplier_id ?? null,
        key_id: filter.key_id ?? null,
        instrument_id: filter.instrument_id ?? null,
        outcome: filter.outcome ?? null,
        from: filter.from ?? null,
        to: filter.to ?? null,
        before: filter.before ?? Number.MAX_SAFE_INTEGER,
        limit: filter.limit,
      }) as CallRow[]
    ).map(callFromRow);
  }

  /** The price in ticks of a trade, or null (own issuance has none). */
  priceTicks(tradeId: string): number | null {
    return (this.tradePrice.get(tradeId) as number | undefined) ?? null;
  }

  /** Per key and instrument, Σ tokens × trade price in ticks of every billed call. */
  spending(): { key_id: string; instrument_id: string; tick_tokens: number }[] {
    return this.spentByKey.all() as { key_id: string; instrument_id: string; tick_tokens: number }[];
  }
}
