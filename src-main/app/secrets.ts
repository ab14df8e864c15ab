import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

/** Electron's safeStorage, as far as secrets use it. */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring was found and "encryption" is a fixed key. */
  getSelectedStorageBackend?(): string;
}

const SecretsFile = z.object({ entries: z.record(z.string(), z.string()) });

/**
 * Remote credentials (operator tokens, participants' private keys) encrypted with the OS keychain
 * (`secrets.json` holds ciphertext only). Where the OS has no keychain, or Linux falls back to its
 * hard-coded key, secrets are kept in memory for this run and never written in clear.
 */
export class SecretStore {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly path: string,
    private readonly keychain: Keychain,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Whether secrets survive a restart. */
  get persistent(): boolean {
    if (!this.keychain.isEncryptionAvailable()) return false;
    return !(this.platform === 'linux' && this.keychain.getSelectedStorageBackend?.() === 'basic_text');
  }

  set(id: string, secret: string): void {
    if (!this.persistent) {
      this.memory.set(id, secret);
      return;
    }
    const entries = { ...this.read(), [id]: this.keychain.encryptString(secret).toString('base64') };
    writeJsonFile(this.path, { entries });
  }

  get(id: string): string | null {
    if (this.memory.has(id)) return this.memory.get(id)!;
    const stored = this.persistent ? this.read()[id] : undefined;
    if (stored === undefined) return null;
    try {
      return this.keychain.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      return null; // encrypted under another OS user or a reset keychain
    }
  }

  delete(id: string): void {
    this.memory.delete(id);
    const entries = this.read();
    if (!(id in entries)) return;
    delete entries[id];
    writeJsonFile(this.path, { entries });
  }

  private read(): Record<string, string> {
    return { ...readJsonFile(this.path, SecretsFile, { entries: {} }).entries };
  }
}
