import { reject, type Rejection } from './rejections';

/**
 * Control characters (C0, DEL, C1, line and paragraph separators) and bidirectional formatting
 * characters (embeddings, overrides, isolates, marks): invisible, they make a name display as
 * something it is not, or cut it short where a NUL ends a string.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** A rejection when a name the exchange keeps and shows to others holds an unsafe character. */
export function refuseName(name: string | undefined, what: string): Rejection | null {
  if (name === undefined) return null;
  const found = UNSAFE.exec(name);
  if (!found) return null;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return reject(
    'invalid_name',
    `${what} contains U+${code}: control and bidirectional formatting characters are not allowed in names`,
  );
}
