/** Contract requests for the operator's online backups of the exchange database (DATA_DIR/backups). */
import { none, type Operation, returns } from './contract-kit';

/** One backup file: a consistent copy of exchange.db through `sequence`. */
export interface BackupView {
  file: string;
  path: string;
  bytes: number;
  created_at: string;
  /** The last journaled command it holds. */
  sequence: number;
}

export interface BackupsView {
  directory: string;
  /** How often a backup is taken on schedule (hours; 0: never), and how many are kept. */
  interval_hours: number;
  keep: number;
  /** Newest first. */
  backups: BackupView[];
}

export const backupRequests = {
  'backups.create': {
    args: none,
    result: returns<BackupView>(),
    access: 'operator',
    // A retry takes another backup.
    retry: 'not-idempotent',
    admin: [
      { method: 'post', path: '/backups', summary: 'Take an online backup of the database now', status: 201 },
    ],
  },
  'backups.list': {
    args: none,
    result: returns<BackupsView>(),
    access: 'operator',
    retry: 'idempotent',
    admin: [
      { method: 'get', path: '/backups', summary: 'The backups kept in the data folder, and the schedule' },
    ],
  },
} as const satisfies Record<string, Operation>;
