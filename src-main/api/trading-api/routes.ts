import type { IncomingMessage } from 'node:http';
import { type Context, Hono } from 'hono';
import type { Operations } from '../../service/operations';
import { errorBody } from '../error-body';
import { readJson, requestText } from '../http-utils';
import { strictQuery } from '../strict-query';
import { parseOrThrow } from '../validation';
import { TradingApiContext } from './context';
import { type Endpoint, Reply } from './endpoint';
import { accountEndpoints } from './endpoints/accounts';
import { lifecycleEndpoints } from './endpoints/lifecycle';
import { supplyEndpoints } from './endpoints/supply';
import { consumptionEndpoints } from './endpoints/consumption';
import { marketDataEndpoints } from './endpoints/market-data';
import { marketEndpoints } from './endpoints/markets';
import { orderEndpoints } from './endpoints/orders';
import { publicCompatEndpoints } from './endpoints/public-compat';
import { tradeEndpoints } from './endpoints/trades';
import { openApiDocument } from './openapi';
import { normalizeQuery } from './public-query';
import {
  DEFAULT_RATE_LIMIT,
  type RateDecision,
  type RateLimit,
  rateLimitFromEnv,
  TokenBuckets,
} from './rate-limit';

export interface TradingApiOptions {
  /** Per-key (per-IP for unsigned requests) limit; default GRID_DESK_API_RATE_LIMIT or 100k / 10 s. */
  rateLimit?: RateLimit;
}

/** The request target exactly as sent (no normalisation): the path and its query string, if any. */
function requestTarget(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.remoteAddress ?? 'local';
}

/** The signed Trading API and the public market data, served under /v1 and /v1/trading. */
export function tradingApiRoutes(ops: Operations, options: TradingApiOptions = {}): Hono {
  const api = new TradingApiContext(ops);
  const keys = ops.keys;
  const limiter = new TokenBuckets(
    options.rateLimit ?? rateLimitFromEnv() ?? DEFAULT_RATE_LIMIT,
    ops.service.clock,
  );
  const endpoints: Endpoint[] = [
    ...marketEndpoints(api),
    ...marketDataEndpoints(api),
    ...orderEndpoints(api),
    ...tradeEndpoints(api),
    ...accountEndpoints(api),
    ...lifecycleEndpoints(api),
    ...supplyEndpoints(api),
    ...consumptionEndpoints(api),
    ...publicCompatEndpoints(api),
  ];

  /** Takes a token for `key` and reports the allowance in the x-ratelimit-* headers. */
  const limit = (c: Context, key: string): RateDecision => {
    const decision = limiter.take(key);
    c.header('x-ratelimit-limit', String(decision.limit));
    c.header('x-ratelimit-remaining', String(decision.remaining));
    c.header('x-ratelimit-reset', String(decision.resetSeconds));
    return decision;
  };
  const tooMany = (c: Context, decision: RateDecision) => {
    c.header('retry-after', String(decision.retryAfterSeconds));
    return c.json(
      errorBody(
        429,
        `rate limit of ${decision.limit} requests exceeded; retry after ${decision.retryAfterSeconds} s`,
      ),
      429,
    );
  };

  const serve = async (c: Context, endpoint: Endpoint): Promise<Response> => {
    const method = c.req.method;
    const reads = method === 'GET' || method === 'HEAD';
    const body = reads ? '' : await requestText(c);
    const headers = {
      signature: c.req.header('x-thegrid-signature'),
      timestamp: c.req.header('x-thegrid-timestamp'),
      fingerprint: c.req.header('x-thegrid-fingerprint'),
    };
    const signs = headers.signature !== undefined || headers.fingerprint !== undefined;
    let participantId: string | undefined;
    if (endpoint.auth === 'signed' || signs) {
      try {
        participantId = await keys.authenticate(headers, method, requestTarget(c.req.url), body, {
          repeatable: reads,
        });
      } catch (error) {
        // A request that fails authentication counts against its address.
        const decision = limit(c, `ip:${clientAddress(c)}`);
        if (!decision.allowed) return tooMany(c, decision);
        throw error;
      }
    }
    const decision = limit(c, participantId ? `key:${headers.fingerprint}` : `ip:${clientAddress(c)}`);
    if (!decision.allowed) return tooMany(c, decision);

    const result = await endpoint.handle({
      participantId,
      params: c.req.param() as Record<string, string>,
      query: parseOrThrow(queries.get(endpoint)!, normalizeQuery(c.req.query())),
      body: endpoint.body ? parseOrThrow(endpoint.body, await readJson(c)) : undefined,
    });
    if (endpoint.kind === 'empty') return c.body(null, 204);
    if (endpoint.kind === 'list') return c.json(result as object, 200);
    if (result instanceof Reply) return c.json({ data: result.data as object }, result.status);
    return c.json({ data: result as object }, endpoint.status as 200);
  };

  // A parameter no endpoint reads is refused rather than ignored: `?marketid=` must not widen a cancel.
  const queries = new Map(endpoints.map((endpoint) => [endpoint, strictQuery(endpoint.query)]));
  const app = new Hono();
  for (const endpoint of endpoints) {
    app.on(endpoint.method.toUpperCase(), endpoint.path, (c) => serve(c, endpoint));
  }
  let document: object | undefined;
  app.get('/openapi.json', (c) => {
    const decision = limit(c, `ip:${clientAddress(c)}`);
    if (!decision.allowed) return tooMany(c, decision);
    return c.json((document ??= openApiDocument(endpoints)));
  });
  return app;
}
