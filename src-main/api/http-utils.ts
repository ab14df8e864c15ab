import type { Context } from 'hono';
import { ExchangeError } from '../service/errors';
import { parseJsonText } from './request-body';

/** The request body as JSON, or a 400 that says why not (empty, not JSON, nested too deep). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw new ExchangeError(400, 'request body is empty; expected a JSON object');
  return parseJsonText(text, 'request body');
}
