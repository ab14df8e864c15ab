/** Contract requests for the operator's online backups of the exchange database (DATA_DIR/backups). */
import { none, returns } from './contract-kit';

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
  'backups.create': { args: none, result: returns<BackupView>() },
  'backups.list': { args: none, result: returns<BackupsView>() },
} as const;
