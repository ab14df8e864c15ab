import { randomUUID } from 'node:crypto';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ExchangeError } from '../service/errors';
import { APP_VERSION, type Operations } from '../service/operations';
import { adminRoutes } from './admin-routes';
import { errorBody } from './error-body';
import { lifecycleAdminRoutes } from './lifecycle-admin-routes';
import { rosterAdminRoutes } from './roster-admin-routes';
import { tradingApiRoutes } from './trading-api/routes';

/** The largest body a Trading or admin API request may carry. */
export const API_BODY_LIMIT = 1024 * 1024;

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
  // No request of the Trading or admin API is larger than this: a bigger body is refused as it streams
  // in, before anything reads it whole (the Consumption API has its own, larger limit).
  app.use(
    '*',
    bodyLimit({
      maxSize: API_BODY_LIMIT,
      onError: (c) => c.json(errorBody(413, `the body is larger than ${API_BODY_LIMIT} bytes`), 413),
    }),
  );

  app.onError((error, c) => {
    if (error instanceof ExchangeError) {
      return c.json(errorBody(error.status, error.detail, error.code), error.status as 400);
    }
    if (error instanceof HTTPException) return c.json(errorBody(error.status, error.message), error.status);
    console.error('internal error', error);
    return c.json(errorBody(500, 'internal error'), 500);
  });

  app.get('/health', (c) =>
    c.json({
      status: 'ok',
      version: APP_VERSION,
      database: ops.service.databasePath,
      sequence: ops.service.lastSeq,
    }),
  );
  app.route('/v1/admin', adminRoutes(ops));
  app.route('/v1/admin', lifecycleAdminRoutes(ops));
  app.route('/v1/admin', rosterAdminRoutes(ops));
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
