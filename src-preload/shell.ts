/**
 * The desktop shell's side channel, beside the exchange contract: menu commands pushed to the page, and
 * the few requests the page makes of the shell (logs, diagnostics, saved connections, remote sign-in).
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

export type ShellRequest =
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { kind: 'copy-diagnostics' }
  | { kind: 'open-logs' }
  | { kind: 'set-theme'; theme: 'light' | 'dark' }
  | { kind: 'connections' }
  | { kind: 'choose-connection'; choice: ConnectionChoice }
  | { kind: 'save-connection'; connection: NewConnection }
  | { kind: 'remove-connection'; id: string }
  | { kind: 'remote-auth'; id: string };

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
}

export type ShellReply<K extends ShellRequest['kind'] = ShellRequest['kind']> =
  { ok: true; result: ShellResults[K] } | { ok: false; error: { status: number; detail: string } };

/** What the preload exposes as `window.gridDeskShell`. */
export interface ShellBridge {
  request<R extends ShellRequest>(request: R): Promise<ShellReply<R['kind']>>;
  onCommand(listener: (command: ShellCommand) => void): () => void;
}
