import type { Database } from 'better-sqlite3';
import type { Change } from '../engine/commands';
import type { RosterEntry, SpecRevision } from '../engine/roster';
import type { ExchangeState } from '../engine/state';
import type { WriteStatements } from './write-statements';

type Writers = {
  [K in 'roster_entry' | 'rosters_enabled' | 'spec_revision' | 'spec_notice']: (
    change: Extract<Change, { kind: K }>,
  ) => void;
};

/** The state tables of rosters and specification revisions: how each of their changes is written. */
export function rosterWriters(db: WriteStatements): Writers {
  const upsertEntry = db.prepare(
    `INSERT INTO roster_entries (entry_id, instrument_id, participant_id, endpoint_id, status, declared, reason,
       changed_by, changed_at, applied_at)
     VALUES (@entry_id, @instrument_id, @participant_id, @endpoint_id, @status, @declared, @reason, @changed_by,
       @changed_at, @applied_at)
     ON CONFLICT (entry_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
       changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
  );
  const upsertRevision = db.prepare(
    `INSERT INTO spec_revisions (revision_id, instrument_id, version, spec, published_at, effective_at, published_by,
       applied_at)
     VALUES (@revision_id, @instrument_id, @version, @spec, @published_at, @effective_at, @published_by, @applied_at)
     ON CONFLICT (revision_id) DO UPDATE SET applied_at = excluded.applied_at`,
  );
  const setting = db.prepare(
    'INSERT INTO exchange_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    roster_entry: ({ entry }) => upsertEntry.run({ ...entry, declared: JSON.stringify(entry.declared) }),
    rosters_enabled: () => setting.run('rosters_enabled', 'true'),
    spec_revision: ({ revision }) => upsertRevision.run({ ...revision, spec: JSON.stringify(revision.spec) }),
    spec_notice: ({ notice_ms }) => setting.run('spec_notice_ms', String(notice_ms)),
  };
}

export function rosterLatestKey(change: Change): string | null {
  switch (change.kind) {
    case 'roster_entry':
      return `roster\u0000${change.entry.entry_id}`;
    case 'spec_revision':
      return `revision\u0000${change.revision.revision_id}`;
    case 'spec_notice':
      return 'spec_notice';
    default:
      return null;
  }
}

/** Loads roster entries, revisions and the settings they need into the engine's state. */
export function loadRosters(db: Database, state: ExchangeState): void {
  for (const row of db.prepare('SELECT * FROM roster_entries').all() as (Omit<RosterEntry, 'declared'> & {
    declared: string;
  })[])
    state.roster.set(row.entry_id, { ...row, declared: JSON.parse(row.declared) as RosterEntry['declared'] });
  for (const row of db.prepare('SELECT * FROM spec_revisions').all() as (Omit<SpecRevision, 'spec'> & {
    spec: string;
  })[])
    state.revisions.set(row.revision_id, { ...row, spec: JSON.parse(row.spec) as SpecRevision['spec'] });
  const settings = new Map(
    (db.prepare('SELECT key, value FROM exchange_settings').all() as { key: string; value: string }[]).map(
      (row) => [row.key, row.value],
    ),
  );
  state.rostersEnabled = settings.get('rosters_enabled') === 'true';
  if (settings.has('spec_notice_ms')) state.specNoticeMs = Number(settings.get('spec_notice_ms'));
}
