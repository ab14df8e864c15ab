import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tightenFile, writePrivateFile } from '../store/private-files';

/**
 * Seals suppliers' upstream API keys before they reach the journal: AES-256-GCM under a key kept in
 * DATA_DIR/secrets.key (mode 0600), so the database alone (a backup, a copied file) does not reveal
 * them. Sealed form: base64url(iv ‖ tag ‖ ciphertext).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static loadOrCreate(dataDir: string): SecretBox {
    const path = join(dataDir, 'secrets.key');
    if (existsSync(path)) {
      tightenFile(path);
      const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
      if (key.length === 32) return new SecretBox(key);
    }
    const key = randomBytes(32);
    writePrivateFile(path, `${key.toString('base64url')}\n`);
    return new SecretBox(key);
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The secret, or null when it was sealed under another key (a data folder restored without it). */
  open(sealed: string): string | null {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
