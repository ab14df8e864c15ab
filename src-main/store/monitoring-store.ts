import Database from 'better-sqlite3';
import { join } from 'node:path';
import { privateDatabase } from './private-files';

/** One delivered call as the monitor keeps it. */
export interface CallSample {
  endpoint_id: string;
  instrument_id: string;
  at: number;
  outcome: string;
  ttft_ms: number | null;
  throughput_milli_tps: number | null;
  output_tokens: number;
}

export interface ProbeRow {
  probe_id: string;
  entry_id: string | null;
  endpoint_id: string;
  instrument_id: string;
  reason: string;
  started_at: number;
  finished_at: number | null;
  passed: number | null;
  report: string | null;
}

const MIGRATIONS = [
  `CREATE TABLE call_samples (
     id INTEGER PRIMARY KEY,
     endpoint_id TEXT NOT NULL,
     instrument_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     outcome TEXT NOT NULL,
     ttft_ms INTEGER,
     throughput_milli_tps INTEGER,
     output_tokens INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX samples_by_endpoint ON call_samples (endpoint_id, instrument_id, at);
   CREATE TABLE probes (
     probe_id TEXT PRIMARY KEY,
     entry_id TEXT,
     endpoint_id TEXT NOT NULL,
     instrument_id TEXT NOT NULL,
     reason TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     finished_at INTEGER,
     passed INTEGER,
     report TEXT
   ) STRICT;
   CREATE INDEX probes_by_endpoint ON probes (endpoint_id, instrument_id, started_at);
   CREATE TABLE breaches (
     endpoint_id TEXT NOT NULL,
     instrument_id TEXT NOT NULL,
     since INTEGER NOT NULL,
     PRIMARY KEY (endpoint_id, instrument_id)
   ) STRICT;`,
];

/**
 * Measurements, not ledger state: delivered-call samples (the monitor's rolling windows), probe reports
 * and breaches in progress, in their own database (DATA_DIR/monitoring.db) so they never contend with
 * the journal's commits and survive a restart.
 */
export class MonitoringStore {
  private readonly db: Database.Database;
  private readonly insertSample;
  private readonly samplesSince;
  private readonly lastSamples;
  private readonly prune;
  private readonly upsertProbe;
  private readonly probesOf;
  private readonly probeById;
  private readonly setBreach;
  private readonly clearBreach;
  private readonly breachesAll;

  constructor(dataDir: string) {
    const path = join(dataDir, 'monitoring.db');
    privateDatabase(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let i = version; i < MIGRATIONS.length; i++) {
      this.db.exec(MIGRATIONS[i]!);
      this.db.pragma(`user_version = ${i + 1}`);
    }
    this.insertSample = this.db.prepare(
      `INSERT INTO call_samples (endpoint_id, instrument_id, at, outcome, ttft_ms, throughput_milli_tps, output_tokens)
       VALUES (@endpoint_id, @instrument_id, @at, @outcome, @ttft_ms, @throughput_milli_tps, @output_tokens)`,
    );
    this.samplesSince = this.db.prepare(
      'SELECT * FROM call_samples WHERE endpoint_id = ? AND instrument_id = ? AND at >= ? ORDER BY at',
    );
    this.lastSamples = this.db.prepare(
      'SELECT * FROM call_samples WHERE endpoint_id = ? AND instrument_id = ? ORDER BY at DESC, id DESC LIMIT ?',
    );
    this.prune = this.db.prepare('DELETE FROM call_samples WHERE at < ?');
    this.upsertProbe = this.db.prepare(
      `INSERT INTO probes (probe_id, entry_id, endpoint_id, instrument_id, reason, started_at, finished_at, passed, report)
       VALUES (@probe_id, @entry_id, @endpoint_id, @instrument_id, @reason, @started_at, @finished_at, @passed, @report)
       ON CONFLICT (probe_id) DO UPDATE SET finished_at = excluded.finished_at, passed = excluded.passed,
         report = excluded.report`,
    );
    this.probesOf = this.db.prepare(
      'SELECT * FROM probes WHERE endpoint_id = ? AND instrument_id = ? ORDER BY started_at DESC LIMIT ?',
    );
    this.probeById = this.db.prepare('SELECT * FROM probes WHERE probe_id = ?');
    this.setBreach = this.db.prepare(
      'INSERT INTO breaches (endpoint_id, instrument_id, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.clearBreach = this.db.prepare('DELETE FROM breaches WHERE endpoint_id = ? AND instrument_id = ?');
    this.breachesAll = this.db.prepare('SELECT * FROM breaches');
  }

  addSample(sample: CallSample): void {
    this.insertSample.run(sample);
  }

  /** Samples since `from` (the time window), oldest first. */
  since(endpointId: string, instrumentId: string, from: number): CallSample[] {
    return this.samplesSince.all(endpointId, instrumentId, from) as CallSample[];
  }

  /** The last `n` samples, newest first. */
  last(endpointId: string, instrumentId: string, n: number): CallSample[] {
    return this.lastSamples.all(endpointId, instrumentId, n) as CallSample[];
  }

  /** Forgets samples older than `before` (beyond every window). */
  pruneBefore(before: number): void {
    this.prune.run(before);
  }

  saveProbe(row: ProbeRow): void {
    this.upsertProbe.run(row);
  }

  probes(endpointId: string, instrumentId: string, limit: number): ProbeRow[] {
    return this.probesOf.all(endpointId, instrumentId, limit) as ProbeRow[];
  }

  probe(probeId: string): ProbeRow | undefined {
    return this.probeById.get(probeId) as ProbeRow | undefined;
  }

  /** Marks a breach as started at `since` unless one is already running. */
  breach(endpointId: string, instrumentId: string, since: number): void {
    this.setBreach.run(endpointId, instrumentId, since);
  }

  endBreach(endpointId: string, instrumentId: string): void {
    this.clearBreach.run(endpointId, instrumentId);
  }

  breaches(): { endpoint_id: string; instrument_id: string; since: number }[] {
    return this.breachesAll.all() as { endpoint_id: string; instrument_id: string; since: number }[];
  }

  close(): void {
    this.db.close();
  }
}
