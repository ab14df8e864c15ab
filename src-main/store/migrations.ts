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
];
