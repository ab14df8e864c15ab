import { Hono } from 'hono';
import { ExchangeError } from '../service/errors';
import type { Operations } from '../service/operations';

/** Public, unauthenticated market reference data. */
export function publicRoutes(ops: Operations): Hono {
  const app = new Hono();
  app.get('/instruments', (c) => c.json({ data: ops.instruments() }));
  app.get('/instruments/:id', (c) => {
    const id = c.req.param('id');
    const instrument = ops.instruments().find((i) => i.instrument_id === id || i.symbol === id);
    if (!instrument) throw new ExchangeError(404, `instrument ${id} not found`);
    return c.json({ data: instrument });
  });
  app.get('/markets', (c) => c.json({ data: ops.markets() }));
  app.get('/markets/:id', (c) => {
    const id = c.req.param('id');
    const market = ops.markets().find((m) => m.market_id === id || m.base_currency === id);
    if (!market) throw new ExchangeError(404, `market ${id} not found`);
    return c.json({ data: market });
  });
  return app;
}
