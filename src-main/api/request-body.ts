import type { IncomingMessage } from 'node:http';
import { ExchangeError } from '../service/errors';

/**
 * Deepest JSON nesting a request may carry. Parsing is iterative, but serialising, validating and
 * journaling recurse: 400k levels overflow the stack there. No request needs more than a few dozen
 * (a tool's JSON schema included).
 */
export const MAX_JSON_DEPTH = 128;

/** The client went away before its request was complete (nothing to answer; one log line). */
export class ClientGone extends Error {}

/**
 * Reads a request body up to `limit` bytes as it streams in, whatever `content-length` says (a chunked
 * body has none). Past the limit it stops reading and fails with 413; the caller answers and closes
 * the connection, so the rest is never read.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      outcome();
    };
    const onData = (part: Buffer) => {
      size += part.length;
      if (size <= limit) parts.push(part);
      else
        settle(() => {
          req.pause();
          reject(tooLarge(limit));
        });
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(parts)));
    const onClose = () =>
      settle(() => reject(new ClientGone(`the client went away after ${size} bytes of the body`)));
    req.on('data', onData).once('end', onEnd).once('close', onClose).once('error', onClose);
  });
}

const tooLarge = (limit: number) => new ExchangeError(413, `the body is larger than ${limit} bytes`);

/** JSON text as a value: 400 when it is not JSON or is nested deeper than MAX_JSON_DEPTH. */
export function parseJsonText(text: string, what: string): unknown {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH))
    throw new ExchangeError(400, `${what} is nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ExchangeError(400, `${what} is not valid JSON`);
  }
}

/** Whether arrays and objects nest deeper than `max` (a scan of the text, strings skipped). */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
