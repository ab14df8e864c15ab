import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tightenFile, writePrivateFile } from '../store/private-files';

/**
 * The operator's bearer token lives in DATA_DIR/operator-token (mode 0600), written on first start so
 * scripts can drive a fresh exchange. The exchange keeps only its hash in memory for comparison.
 */
export class OperatorToken {
  private readonly digest: Buffer;

  private constructor(
    readonly path: string,
    readonly value: string,
  ) {
    this.digest = sha256(value);
  }

  static loadOrCreate(dataDir: string): OperatorToken {
    const path = join(dataDir, 'operator-token');
    if (existsSync(path)) {
      tightenFile(path);
      const value = readFileSync(path, 'utf8').trim();
      if (value.length >= 32) return new OperatorToken(path, value);
    }
    const value = `gdop_${randomBytes(32).toString('base64url')}`;
    writePrivateFile(path, `${value}\n`);
    return new OperatorToken(path, value);
  }

  /** Constant-time comparison of a presented token. */
  matches(presented: string | undefined | null): boolean {
    return presented != null && timingSafeEqual(sha256(presented), this.digest);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
