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
];
