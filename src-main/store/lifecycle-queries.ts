import type { Database, Statement } from 'better-sqlite3';
import type { ExpiryRecord, Lot, SweepRecord, TopUpRecord, TransferRecord } from '../engine/lifecycle-types';

type LotRow = Omit<Lot, 'funding'> & { funding: string };
type SweepRow = Omit<SweepRecord, 'lot_ids'> & { lot_ids: string };
type ExpiryRow = Omit<ExpiryRecord, 'suppliers'> & { suppliers: string };
export interface IssuanceRow {
  seq: number;
  participant_id: string;
  instrument_id: string;
  quantity: number;
  created_at: number;
}
export interface SalesRow {
  instrument_id: string;
  ticks: number;
  fees: number;
}
/** One change to a supplier's outstanding liability, in tokens (+ owed, − delivered or expired). */
export interface LiabilityEventRow {
  instrument_id: string;
  seq: number;
  time: number;
  tokens: number;
  cause: 'sale' | 'own_consumption' | 'delivery' | 'expiry';
}

/** The historical reads of the life of a Unit (sweeps, transfers, Lots, expiries, top-ups, issuance), prepared once. */
export class LifecycleQueries {
  private readonly sweepsBefore: Statement;
  private readonly transfersOf: Statement;
  private readonly lotsOf: Statement;
  private readonly salesOf: Statement;
  private readonly expiriesOf: Statement;
  private readonly liabilityEventsOf: Statement;
  private readonly topUpsOf: Statement;
  private readonly issuancesOf: Statement;
  private readonly lastJournalTimeStmt: Statement;

  constructor(db: Database) {
    this.sweepsBefore = db.prepare('SELECT * FROM sweeps WHERE seq < ? ORDER BY seq DESC LIMIT ?');
    this.transfersOf = db.prepare(
      'SELECT * FROM transfers WHERE participant_id = ? ORDER BY seq DESC LIMIT ?',
    );
    this.lotsOf = db.prepare('SELECT * FROM lots WHERE participant_id = ? ORDER BY lot_id');
    this.salesOf = db.prepare(
      `SELECT instrument_id, sum(price_ticks * quantity) AS ticks, sum(fee) AS fees FROM (
         SELECT instrument_id, price_ticks, quantity, maker_fee AS fee FROM trades
           WHERE maker_participant_id = @p AND taker_side = 'buy'
         UNION ALL
         SELECT instrument_id, price_ticks, quantity, taker_fee AS fee FROM trades
           WHERE taker_participant_id = @p AND taker_side = 'sell')
       GROUP BY instrument_id`,
    );
    // What moves a supplier's liability, from the records each move left: its sales (the same rows as
    // `sales`), its own Units moved into its own consumption (Lot funding without a trade), and the
    // tokens of its Units delivered (draws and settled calls) or expired, per Lot part that it funded.
    this.liabilityEventsOf = db.prepare(
      `SELECT instrument_id, seq, executed_at AS time, quantity * 1000000 AS tokens, 'sale' AS cause FROM trades
         WHERE ((maker_participant_id = @p AND taker_side = 'buy')
            OR (taker_participant_id = @p AND taker_side = 'sell')) AND seq > @after
       UNION ALL
       SELECT l.instrument_id, l.formed_seq, l.formed_at, json_extract(f.value, '$.tokens'), 'own_consumption'
         FROM lots l, json_each(l.funding) f
         WHERE l.participant_id = @p AND l.formed_seq > @after AND json_extract(f.value, '$.supplier_id') = @p
           AND json_extract(f.value, '$.trade_id') IS NULL
       UNION ALL
       SELECT d.instrument_id, d.seq, d.created_at, -json_extract(p.value, '$.tokens'), 'delivery'
         FROM draws d, json_each(d.parts) p WHERE d.seq > @after AND json_extract(p.value, '$.supplier_id') = @p
       UNION ALL
       SELECT c.instrument_id, c.seq, c.finished_at, -json_extract(p.value, '$.tokens'), 'delivery'
         FROM calls c, json_each(c.parts) p WHERE c.seq > @after AND json_extract(p.value, '$.supplier_id') = @p
       UNION ALL
       SELECT e.instrument_id, e.seq, e.expired_at, -json_extract(s.value, '$.tokens'), 'expiry'
         FROM lot_expiries e, json_each(e.suppliers) s WHERE e.seq > @after AND json_extract(s.value, '$.supplier_id') = @p
       ORDER BY 2, 4 DESC`,
    );
    this.expiriesOf = db.prepare(
      'SELECT * FROM lot_expiries WHERE (@p IS NULL OR participant_id = @p) ORDER BY id DESC LIMIT @limit',
    );
    this.topUpsOf = db.prepare('SELECT * FROM top_ups WHERE participant_id = ? ORDER BY seq DESC LIMIT ?');
    this.issuancesOf = db.prepare(
      'SELECT * FROM issuances WHERE participant_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.lastJournalTimeStmt = db.prepare('SELECT max(time) AS time FROM journal');
  }

  sweeps(before: number, limit: number): SweepRecord[] {
    return (this.sweepsBefore.all(before, limit) as SweepRow[]).map((row) => ({
      ...row,
      lot_ids: JSON.parse(row.lot_ids) as string[],
    }));
  }

  transfers(participantId: string, limit: number): TransferRecord[] {
    return this.transfersOf.all(participantId, limit) as TransferRecord[];
  }

  /** Every Lot a participant ever held, live or finished. */
  lots(participantId: string): Lot[] {
    return (this.lotsOf.all(participantId) as LotRow[]).map((row) => ({
      ...row,
      funding: JSON.parse(row.funding) as Lot['funding'],
    }));
  }

  /** A supplier's sales per instrument: notional in ticks and its own fees. */
  sales(participantId: string): SalesRow[] {
    return this.salesOf.all({ p: participantId }) as SalesRow[];
  }

  /**
   * The changes to a supplier's liability after journal sequence `after`, in journal order (owing before
   * paying within a command). Each part reads by sequence (indexed), so a caller that remembers where
   * it got to reads only what is new.
   */
  liabilityEvents(participantId: string, after = 0): LiabilityEventRow[] {
    return this.liabilityEventsOf.all({ p: participantId, after }) as LiabilityEventRow[];
  }

  expiries(participantId: string | undefined, limit: number): ExpiryRecord[] {
    return (this.expiriesOf.all({ p: participantId ?? null, limit }) as ExpiryRow[]).map((row) => ({
      ...row,
      suppliers: JSON.parse(row.suppliers) as ExpiryRecord['suppliers'],
    }));
  }

  topUps(participantId: string, limit: number): TopUpRecord[] {
    return this.topUpsOf.all(participantId, limit) as TopUpRecord[];
  }

  issuances(participantId: string, before: number, limit: number): IssuanceRow[] {
    return this.issuancesOf.all(participantId, before, limit) as IssuanceRow[];
  }

  /** The time of the last journaled command (about when the exchange last closed), or null. */
  lastJournalTime(): number | null {
    return (this.lastJournalTimeStmt.get() as { time: number | null }).time;
  }
}
