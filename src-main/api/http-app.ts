import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ExchangeError } from '../service/errors';
import { APP_VERSION, type Operations } from '../service/operations';
import { adminRoutes } from './admin-routes';
import { errorBody } from './error-body';
import { tradingApiRoutes } from './trading-api/routes';

/** The headless UI's policy: the page's own <meta> policy (src-renderer/index.html) plus what only a header can say. */
export const UI_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; worker-src 'none'; frame-ancestors 'none'";

/** The exchange's HTTP surface: health, the public and admin APIs under /v1, and the built UI. */
export function httpApp(ops: Operations, rendererDir: string | null): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    c.header('x-request-id', c.req.header('x-request-id') ?? randomUUID());
    await next();
  });

  app.onError((error, c) => {
    if (error instanceof ExchangeError) {
      return c.json(errorBody(error.status, error.detail, error.code), error.status as 400);
    }
    if (error instanceof HTTPException) return c.json(errorBody(error.status, error.message), error.status);
    // The client went away mid-body: nothing to answer and nothing wrong here, so one line, no stack.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && !incoming.complete && incoming.socket.destroyed) {
      console.warn(`${c.req.method} ${c.req.path}: the client went away before sending its whole body`);
      return c.body(null, 400);
    }
    console.error('internal error', error);
    return c.json(errorBody(500, 'internal error'), 500);
  });

  // A monitor sees a storage failure as 503 with its reason; the exchange then refuses every command.
  // Where the data lives and how far the journal is are the operator's to know; anyone gets liveness.
  const isOperator = (authorization: string | undefined) =>
    ops.service.operatorToken.matches(/^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]);
  app.get('/health', (c) => {
    const failure = ops.service.storageFailure;
    return c.json(
      {
        status: failure ? 'storage_failed' : 'ok',
        version: APP_VERSION,
        ...(isOperator(c.req.header('authorization')) && {
          database: ops.service.databasePath,
          sequence: ops.service.lastSeq,
        }),
        ...(failure && { reason: failure.message, failed_at: new Date(failure.at).toISOString() }),
      },
      failure ? 503 : 200,
    );
  });
  app.route('/v1/admin', adminRoutes(ops));
  // Public clients use every spelling of a Trading API path: /v1, /v1/trading, the public exchange's
  // production base /api/v1 (and /api/v1/trading), and the official spec's literal /trading.
  const trading = tradingApiRoutes(ops);
  for (const base of ['/v1', '/v1/trading', '/api/v1', '/api/v1/trading', '/trading'])
    app.route(base, trading);
  // An API path never falls through to the UI's HTML.
  for (const apiPath of ['/v1/*', '/api/*', '/trading/*']) {
    app.all(apiPath, (c) => c.json(errorBody(404, `no route ${c.req.method} ${c.req.path}`), 404));
  }

  if (rendererDir) {
    app.use('*', async (c, next) => {
      await next();
      c.header('content-security-policy', UI_CSP);
      c.header('x-content-type-options', 'nosniff');
    });
    app.use('/*', serveStatic({ root: rendererDir }));
    // Client-side routes fall back to the UI's entry page.
    app.get('*', serveStatic({ root: rendererDir, path: 'index.html' }));
  }
  app.notFound((c) => c.json(errorBody(404, `no route ${c.req.method} ${c.req.path}`), 404));
  return app;
}
