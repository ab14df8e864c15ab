import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ExchangeError } from '../service/errors';
import { parseJsonText, readBody } from './request-body';

/** The largest body a Trading or admin API request may carry. */
export const API_BODY_LIMIT = 1024 * 1024;

const bodies = new WeakMap<Request, Promise<string>>();

/**
 * The request body as text, read once (later calls get the same text) and only up to API_BODY_LIMIT:
 * a longer body is refused with 413 as it streams in, and the connection is closed rather than read on.
 * It reads Node's request directly: asking hono for the body builds a web stream around it, which cost
 * a third of the Trading API's throughput.
 */
export function requestText(c: Context): Promise<string> {
  let text = bodies.get(c.req.raw);
  if (!text) bodies.set(c.req.raw, (text = readText(c)));
  return text;
}

async function readText(c: Context): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  try {
    if (incoming) return (await readBody(incoming, API_BODY_LIMIT)).toString('utf8');
    // A request made in process (app.request in tests) has no Node request behind it.
    const text = await c.req.text();
    if (Buffer.byteLength(text) > API_BODY_LIMIT)
      throw new ExchangeError(413, `the body is larger than ${API_BODY_LIMIT} bytes`);
    return text;
  } catch (error) {
    if (error instanceof ExchangeError && error.status === 413) c.header('connection', 'close');
    throw error;
  }
}

/** The request body as JSON, or a 400 that says why not (empty, not JSON, nested too deep). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await requestText(c);
  if (!text.trim()) throw new ExchangeError(400, 'request body is empty; expected a JSON object');
  return parseJsonText(text, 'request body');
}
