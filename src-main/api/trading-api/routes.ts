import { Hono } from 'hono';
import type { Operations } from '../../service/operations';

/** The signed Trading API and the public market data, served under /v1 and /v1/trading. */
export function tradingApiRoutes(_ops: Operations): Hono {
  return new Hono();
}
