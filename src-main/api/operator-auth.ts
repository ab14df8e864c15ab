import type { MiddlewareHandler } from 'hono';
import { ExchangeError } from '../service/errors';
import type { Operations } from '../service/operations';

/** Admits only requests carrying the operator's token as `Authorization: Bearer <token>`. */
export function operatorAuth(ops: Operations): MiddlewareHandler {
  const token = ops.service.operatorToken;
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new ExchangeError(401, 'missing Authorization: Bearer <operator token>');
    const [scheme, presented] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token.matches(presented)) {
      throw new ExchangeError(401, 'invalid operator token');
    }
    await next();
  };
}
