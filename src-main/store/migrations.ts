/**
 * Numbered schema migrations. The database's `user_version` is the number of the last one applied; an
 * exchange refuses a database written by a newer version of itself rather than misread it.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: journal (which is also the audit log), instruments, participants, USD balances and adjustments.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    command TEXT NOT NULL
  ) STRICT;
  CREATE INDEX journal_by_actor ON journal (actor, seq);
  CREATE TABLE instruments (
    instrument_id TEXT PRIMARY KEY,
    symbol TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
  ) STRICT;
  CREATE TABLE participants (
    participant_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('operator', 'consumer', 'supplier')),
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE usd_balances (
    participant_id TEXT PRIMARY KEY REFERENCES participants (participant_id),
    total INTEGER NOT NULL CHECK (total >= 0),
    locked INTEGER NOT NULL CHECK (locked >= 0 AND locked <= total)
  ) STRICT;
  CREATE TABLE usd_adjustments (
    adjustment_id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    amount INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES journal (seq),
    created_at INTEGER NOT NULL,
    balance_after INTEGER NOT NULL,
    UNIQUE (participant_id, idempotency_key)
  ) STRICT;
  `,
  // 2: orders, trades, Units in Trading accounts, issuances, market halts.
  `
  CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,
    client_order_id TEXT,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    market_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    type TEXT NOT NULL CHECK (type IN ('limit', 'market')),
    tif TEXT NOT NULL,
    post_only INTEGER NOT NULL,
    stp TEXT NOT NULL,
    price_ticks INTEGER,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    filled INTEGER NOT NULL CHECK (filled >= 0 AND filled <= quantity),
    status TEXT NOT NULL,
    closure TEXT,
    filled_notional_ticks INTEGER NOT NULL,
    fee INTEGER NOT NULL,
    hold INTEGER NOT NULL CHECK (hold >= 0),
    queue_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX orders_open ON orders (queue_seq) WHERE status IN ('open', 'partially_filled');
  CREATE INDEX orders_by_participant ON orders (participant_id, created_at);
  CREATE UNIQUE INDEX orders_by_client_id ON orders (participant_id, client_order_id) WHERE client_order_id IS NOT NULL;
  CREATE TABLE trades (
    trade_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    market_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    price_ticks INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    maker_order_id TEXT NOT NULL,
    taker_order_id TEXT NOT NULL,
    maker_participant_id TEXT NOT NULL,
    taker_participant_id TEXT NOT NULL,
    taker_side TEXT NOT NULL,
    maker_fee INTEGER NOT NULL,
    taker_fee INTEGER NOT NULL,
    executed_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX trades_by_market ON trades (market_id, seq);
  CREATE INDEX trades_by_maker ON trades (maker_participant_id, seq);
  CREATE INDEX trades_by_taker ON trades (taker_participant_id, seq);
  CREATE TABLE unit_balances (
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    total INTEGER NOT NULL CHECK (total >= 0),
    locked INTEGER NOT NULL CHECK (locked >= 0 AND locked <= total),
    PRIMARY KEY (participant_id, instrument_id)
  ) STRICT;
  CREATE TABLE issuances (
    seq INTEGER PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE market_halts (market_id TEXT PRIMARY KEY) STRICT;
  `,
  // 3: Trading API signing keys (public keys only) and reference price publications.
  `
  CREATE TABLE signing_keys (
    fingerprint TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    public_key TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;
  CREATE INDEX signing_keys_by_participant ON signing_keys (participant_id);
  CREATE TABLE reference_prices (
    id INTEGER PRIMARY KEY,
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    published_at INTEGER NOT NULL,
    price_micros INTEGER,
    method TEXT NOT NULL CHECK (method IN ('vwap', 'mid', 'carried', 'none')),
    stale INTEGER NOT NULL,
    volume INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    window_end INTEGER NOT NULL,
    average_30d_micros INTEGER
  ) STRICT;
  CREATE INDEX reference_prices_by_instrument ON reference_prices (instrument_id, published_at);
  -- Covers the market-data windows (24 h stats, candles, the reference price window) without a table scan.
  CREATE INDEX trades_by_market_time ON trades (market_id, executed_at, price_ticks, quantity);
  `,
  // 4: the life of a Unit: Issuance accounts, provenance, Lots, supplier liability, sweeps, transfers,
  // expiries and draws. Latest-value rows (balances, provenance, lots, liability, config) are upserted;
  // history rows are appended, keyed by the journal sequence of the command that made them.
  `
  CREATE TABLE issuance_balances (
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    units INTEGER NOT NULL CHECK (units >= 0),
    PRIMARY KEY (participant_id, instrument_id)
  ) STRICT;
  CREATE TABLE unit_provenance (
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    chunks TEXT NOT NULL,
    PRIMARY KEY (participant_id, instrument_id)
  ) STRICT;
  CREATE TABLE lots (
    lot_id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    tokens_total INTEGER NOT NULL CHECK (tokens_total > 0),
    tokens_remaining INTEGER NOT NULL CHECK (tokens_remaining >= 0),
    tokens_delivered INTEGER NOT NULL CHECK (tokens_delivered >= 0),
    tokens_expired INTEGER NOT NULL CHECK (tokens_expired >= 0),
    formed_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    expired_at INTEGER,
    origin TEXT NOT NULL CHECK (origin IN ('sweep', 'transfer', 'immediate')),
    formed_seq INTEGER NOT NULL,
    funding TEXT NOT NULL,
    CHECK (tokens_total = tokens_remaining + tokens_delivered + tokens_expired)
  ) STRICT;
  CREATE INDEX lots_live ON lots (participant_id, instrument_id, expires_at) WHERE tokens_remaining > 0;
  CREATE INDEX lots_by_participant ON lots (participant_id, formed_at);
  CREATE TABLE supplier_liability (
    supplier_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    units_sold INTEGER NOT NULL CHECK (units_sold >= 0),
    tokens_delivered INTEGER NOT NULL CHECK (tokens_delivered >= 0),
    tokens_expired INTEGER NOT NULL CHECK (tokens_expired >= 0),
    PRIMARY KEY (supplier_id, instrument_id)
  ) STRICT;
  CREATE TABLE sweep_config (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    mode TEXT NOT NULL CHECK (mode IN ('scheduled', 'interval', 'immediate')),
    interval_seconds INTEGER NOT NULL,
    lot_ttl_seconds INTEGER NOT NULL,
    updated_at INTEGER
  ) STRICT;
  CREATE TABLE sweeps (
    seq INTEGER PRIMARY KEY,
    sweep_id TEXT NOT NULL,
    scheduled_for INTEGER NOT NULL,
    executed_at INTEGER NOT NULL,
    accounts INTEGER NOT NULL,
    units INTEGER NOT NULL,
    lots INTEGER NOT NULL,
    orders_cancelled INTEGER NOT NULL,
    lot_ids TEXT NOT NULL
  ) STRICT;
  CREATE TABLE transfers (
    seq INTEGER PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    kind TEXT NOT NULL CHECK (kind IN ('trading_to_consumption', 'issuance_to_trading')),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    lot_id TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX transfers_by_participant ON transfers (participant_id, seq);
  CREATE TABLE lot_expiries (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    lot_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    expired_at INTEGER NOT NULL,
    suppliers TEXT NOT NULL
  ) STRICT;
  CREATE INDEX lot_expiries_by_participant ON lot_expiries (participant_id, seq);
  CREATE TABLE draws (
    seq INTEGER PRIMARY KEY,
    draw_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    parts TEXT NOT NULL
  ) STRICT;
  CREATE INDEX draws_by_participant ON draws (participant_id, seq);
  CREATE TABLE auto_settings (
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    settings TEXT NOT NULL,
    PRIMARY KEY (participant_id, instrument_id)
  ) STRICT;
  CREATE TABLE top_ups (
    seq INTEGER PRIMARY KEY,
    top_up_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    requested INTEGER NOT NULL,
    filled INTEGER NOT NULL,
    spent INTEGER NOT NULL,
    order_id TEXT,
    lot_id TEXT,
    message TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX top_ups_by_participant ON top_ups (participant_id, seq);
  -- An exchange that already traded needs its Units' provenance and supplier liability rebuilt from the
  -- journal once (ExchangeService does it on open, then deletes this row).
  INSERT INTO meta (key, value) SELECT 'lifecycle_backfill', 'pending' WHERE EXISTS (SELECT 1 FROM journal);
  `,
  // 5: suppliers' declared capacity and the operator's review of it (what lets a supplier issue).
  `
  CREATE TABLE supply_registrations (
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    tokens_per_second INTEGER NOT NULL CHECK (tokens_per_second > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'revoked')),
    reason TEXT NOT NULL,
    declared_at INTEGER NOT NULL,
    reviewed_at INTEGER,
    reviewed_by TEXT,
    PRIMARY KEY (participant_id, instrument_id)
  ) STRICT;
  CREATE INDEX issuances_by_participant ON issuances (participant_id, seq);
  -- Issuances journaled before this needed no approval (and went to trading by default): replay them so.
  UPDATE journal SET command = json_set(command, '$.legacy', json('true')) WHERE type = 'issue_units';
  `,
  // 6: the Consumption API: consumers' keys, suppliers' model endpoints, holds of calls in flight, calls.
  `
  CREATE TABLE consumption_keys (
    key_id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER,
    requests_per_minute INTEGER,
    tokens_per_minute INTEGER,
    spend_budget INTEGER
  ) STRICT;
  CREATE TABLE model_endpoints (
    endpoint_id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('simulated', 'openai')),
    simulated TEXT,
    upstream TEXT,
    tokens_per_second INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'deleted')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE reservations (
    reservation_id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE calls (
    call_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    participant_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    streamed INTEGER NOT NULL,
    endpoint_id TEXT,
    supplier_id TEXT,
    substituted INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    reserved_tokens INTEGER NOT NULL,
    billed_tokens INTEGER NOT NULL,
    ttft_ms INTEGER,
    throughput_milli_tps INTEGER,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    error TEXT,
    parts TEXT NOT NULL
  ) STRICT;
  CREATE INDEX calls_by_participant ON calls (participant_id, seq);
  CREATE INDEX calls_by_supplier ON calls (supplier_id, seq);
  CREATE INDEX calls_by_seq ON calls (seq);
  `,
  // 7: eligibility rosters of supplier model endpoints, and versioned specification revisions.
  `
  CREATE TABLE roster_entries (
    entry_id TEXT PRIMARY KEY,
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    endpoint_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'admitted', 'suspended', 'removed', 'rejected')),
    declared TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX roster_by_instrument ON roster_entries (instrument_id, status);
  CREATE TABLE spec_revisions (
    revision_id TEXT PRIMARY KEY,
    instrument_id TEXT NOT NULL REFERENCES instruments (instrument_id),
    version INTEGER NOT NULL,
    spec TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    effective_at INTEGER NOT NULL,
    published_by TEXT NOT NULL,
    applied_at INTEGER,
    UNIQUE (instrument_id, version)
  ) STRICT;
  CREATE TABLE exchange_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  `,
  // 8: stop and stop-limit orders (pending until the last trade price reaches their stop price), the
  // place of each order among those one command queued (a command's triggered stops share its seq), and
  // the first results of idempotent issuance and transfers.
  `
  ALTER TABLE orders ADD COLUMN stop_price_ticks INTEGER;
  ALTER TABLE orders ADD COLUMN stop_cap_ticks INTEGER;
  ALTER TABLE orders ADD COLUMN queue_rank INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX orders_pending ON orders (queue_seq) WHERE status = 'pending';
  ALTER TABLE supplier_liability ADD COLUMN units_self_consumed INTEGER NOT NULL DEFAULT 0
    CHECK (units_self_consumed >= 0);
  -- A supplier's own unsold Units it moved to its own consumption were counted as sold: they are the Lot
  -- funding with no trade (only their issuer holds those), 1,000,000 tokens a Unit.
  UPDATE supplier_liability SET units_self_consumed = (
    SELECT coalesce(sum(json_extract(f.value, '$.tokens')), 0) / 1000000
    FROM lots l, json_each(l.funding) f
    WHERE l.participant_id = supplier_liability.supplier_id AND l.instrument_id = supplier_liability.instrument_id
      AND json_extract(f.value, '$.trade_id') IS NULL
      AND json_extract(f.value, '$.supplier_id') = supplier_liability.supplier_id);
  UPDATE supplier_liability SET units_sold = units_sold - units_self_consumed;
  CREATE TABLE idempotent_results (
    key TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL REFERENCES participants (participant_id),
    command_type TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    body TEXT NOT NULL,
    result TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES journal (seq)
  ) STRICT;
  `,
];
