/** Contract requests for the operator's online backups of the exchange database (DATA_DIR/backups). */
import { z } from 'zod';
import { Iso, none, type Operation } from './contract-kit';

/** One backup file: a consistent copy of exchange.db through `sequence`. */
export const BackupSchema = z.object({
  file: z.string(),
  path: z.string(),
  bytes: z.number(),
  created_at: Iso,
  /** The last journaled command it holds. */
  sequence: z.number(),
});
export type BackupView = z.output<typeof BackupSchema>;

export const BackupsSchema = z.object({
  directory: z.string(),
  /** How often a backup is taken on schedule (hours; 0: never), and how many are kept. */
  interval_hours: z.number(),
  keep: z.number(),
  /** Newest first. */
  backups: z.array(BackupSchema),
});
export type BackupsView = z.output<typeof BackupsSchema>;

export const backupRequests = {
  'backups.create': {
    args: none,
    result: BackupSchema,
    access: 'operator',
    // A retry takes another backup.
    retry: 'not-idempotent',
    admin: [
      { method: 'post', path: '/backups', summary: 'Take an online backup of the database now', status: 201 },
    ],
  },
  'backups.list': {
    args: none,
    result: BackupsSchema,
    access: 'operator',
    retry: 'idempotent',
    admin: [
      { method: 'get', path: '/backups', summary: 'The backups kept in the data folder, and the schedule' },
    ],
  },
} as const satisfies Record<string, Operation>;
