import type { Context } from 'hono';
import { ExchangeError } from '../service/errors';

/** The request body as JSON, or a 400 that says why not. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw new ExchangeError(400, 'request body is empty; expected a JSON object');
  try {
    return JSON.parse(text);
  } catch {
    throw new ExchangeError(400, 'request body is not valid JSON');
  }
}
