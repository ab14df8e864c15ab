/**
 * The desktop shell's side channel, beside the exchange contract: menu commands pushed to the page, and
 * the few requests the page makes of the shell (logs, diagnostics, saved connections, remote sign-in,
 * restoring the embedded exchange from a backup).
 * Declared without zod so the preload stays small; main validates every request (app/shell-schemas.ts).
 */
import type { UiAuthMessage } from './contract';

export type { UiAuthMessage };

export const SHELL_INVOKE = 'grid-desk:shell';
export const SHELL_COMMAND = 'grid-desk:command';

export type WorkspaceName = 'operator' | 'supplier' | 'consumer';

/** Where a command or notification takes the user: a workspace and, optionally, one of its sections. */
export interface Route {
  workspace: WorkspaceName;
  section?: string;
}

/** What the native menu, the tray, a notification or a `grid-desk://` link asks the page to do. */
export type ShellCommand =
  | { kind: 'navigate'; route: Route }
  | { kind: 'new-order' }
  | { kind: 'cancel-all' }
  | { kind: 'palette' }
  | { kind: 'shortcuts' }
  | { kind: 'connections' };

/** How a saved remote connection signs in: the operator token, or a participant's Ed25519 key. */
export type CredentialKind = 'token' | 'key';

export interface SavedConnectionView {
  id: string;
  name: string;
  /** The node's base URL, http(s)://host:port. */
  url: string;
  credential: CredentialKind;
  /** The key's fingerprint, for a participant key. */
  fingerprint: string | null;
}

export type ConnectionChoice = { kind: 'embedded'; sandbox: boolean } | { kind: 'remote'; id: string };

export interface ConnectionsView {
  /** Null until the user made the first-run choice. */
  active: ConnectionChoice | null;
  saved: SavedConnectionView[];
  /** False where the OS offers no keychain: secrets then last until the app quits. */
  keychain: boolean;
}

export interface NewConnection {
  name: string;
  url: string;
  credential: { kind: 'token'; token: string } | { kind: 'key'; privateKeyPem: string };
}

/** A backup file the user picked, as the shell checked it: what a restore would put in place. */
export interface BackupCandidateView {
  /** Names this pick in `restore-backup`: the page never hands the shell a file path. */
  id: string;
  /** The file's name and full path, as picked. */
  file: string;
  path: string;
  bytes: number;
  /** The last sequence number it holds, and how many journaled commands replay to its state. */
  sequence: number;
  commands: number;
  /** When its last command ran (ISO 8601); null for an exchange with no command yet. */
  last_command_at: string | null;
  /** The embedded exchange's data folder, which the restore replaces. */
  data_dir: string;
  /** The data there now (null when there is none): moved into a `replaced-<time>` folder, never deleted. */
  current: { sequence: number | null } | null;
}

/** What a restore did: the embedded exchange now runs on the backup. */
export interface RestoredView {
  sequence: number;
  commands: number;
  /** Where the data it replaced was moved; null when there was none. */
  kept_in: string | null;
}

export type ShellRequest =
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { kind: 'copy-diagnostics' }
  | { kind: 'open-logs' }
  | { kind: 'set-theme'; theme: 'light' | 'dark' }
  | { kind: 'connections' }
  | { kind: 'choose-connection'; choice: ConnectionChoice }
  | { kind: 'save-connection'; connection: NewConnection }
  | { kind: 'remove-connection'; id: string }
  | { kind: 'remote-auth'; id: string }
  | { kind: 'pick-backup' }
  | { kind: 'restore-backup'; id: string };

export interface ShellResults {
  log: null;
  'copy-diagnostics': null;
  'open-logs': null;
  'set-theme': null;
  connections: ConnectionsView;
  'choose-connection': null;
  'save-connection': SavedConnectionView;
  'remove-connection': null;
  'remote-auth': UiAuthMessage;
  /** Null when the user closed the file dialog without choosing. */
  'pick-backup': BackupCandidateView | null;
  'restore-backup': RestoredView;
}

export type ShellReply<K extends ShellRequest['kind'] = ShellRequest['kind']> =
  { ok: true; result: ShellResults[K] } | { ok: false; error: { status: number; detail: string } };

/** What the preload exposes as `window.gridDeskShell`. */
export interface ShellBridge {
  request<R extends ShellRequest>(request: R): Promise<ShellReply<R['kind']>>;
  onCommand(listener: (command: ShellCommand) => void): () => void;
}
