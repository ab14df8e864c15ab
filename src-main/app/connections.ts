import { randomUUID } from 'node:crypto';
import type {
  ConnectionChoice,
  ConnectionsView,
  NewConnection,
  SavedConnectionView,
  UiAuthMessage,
} from '../../src-preload/shell';
import { fingerprintOf, keyAuthMessage, parseSigningKey } from './remote-auth';
import type { SecretStore } from './secrets';
import type { SettingsFile } from './settings';

/** A refusal the page shows as it is (the shell's error envelope). */
export class ShellError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The node's base URL, normalised: http(s) only, no path, query or credentials. */
export function normaliseNodeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ShellError(400, 'the address must be a URL such as https://exchange.example:7420');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ShellError(400, 'the address must start with http:// or https://');
  if (url.username || url.password)
    throw new ShellError(400, 'put credentials in their own field, not in the address');
  return url.origin;
}

/** Saved remote connections: their names and URLs in settings, their credentials in the keychain. */
export class Connections {
  constructor(
    private readonly settings: SettingsFile,
    private readonly secrets: SecretStore,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  view(): ConnectionsView {
    const { connection, connections } = this.settings.get();
    return { active: connection, saved: connections, keychain: this.secrets.persistent };
  }

  save(input: NewConnection): SavedConnectionView {
    const url = normaliseNodeUrl(input.url);
    const id = randomUUID();
    let saved: SavedConnectionView;
    if (input.credential.kind === 'token') {
      saved = { id, name: input.name, url, credential: 'token', fingerprint: null };
      this.secrets.set(id, input.credential.token.trim());
    } else {
      let fingerprint: string;
      try {
        fingerprint = fingerprintOf(parseSigningKey(input.credential.privateKeyPem));
      } catch (error) {
        throw new ShellError(400, (error as Error).message);
      }
      saved = { id, name: input.name, url, credential: 'key', fingerprint };
      this.secrets.set(id, input.credential.privateKeyPem);
    }
    this.settings.update((settings) => ({ ...settings, connections: [...settings.connections, saved] }));
    return saved;
  }

  remove(id: string): void {
    this.find(id);
    this.secrets.delete(id);
    this.settings.update((settings) => ({
      ...settings,
      connections: settings.connections.filter((connection) => connection.id !== id),
      connection:
        settings.connection?.kind === 'remote' && settings.connection.id === id ? null : settings.connection,
    }));
  }

  choose(choice: ConnectionChoice): void {
    if (choice.kind === 'remote') this.find(choice.id);
    this.settings.update((settings) => ({ ...settings, connection: choice }));
  }

  /** The first message for a remote node's UI socket: its token, or a fresh signature with its key. */
  authMessage(id: string): UiAuthMessage {
    const connection = this.find(id);
    const secret = this.secrets.get(id);
    if (secret === null)
      throw new ShellError(
        409,
        'the credential of this connection is gone (no keychain, or it was reset): save it again',
      );
    if (connection.credential === 'token') return { op: 'auth', token: secret };
    return keyAuthMessage(parseSigningKey(secret), this.nowSeconds());
  }

  private find(id: string): SavedConnectionView {
    const found = this.settings.get().connections.find((connection) => connection.id === id);
    if (!found) throw new ShellError(404, 'no saved connection with this id');
    return found;
  }
}
