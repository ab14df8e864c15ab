import {
  isRequestName,
  requests,
  type ContractError,
  type Reply,
  type ParsedArgs,
  type RequestName,
  type RequestResult,
} from '../../src-preload/contract';
import { ExchangeError } from '../service/errors';
import type { Operations } from '../service/operations';
import { apiKeyHandlers } from './handlers/api-keys';
import { backupHandlers } from './handlers/backups';
import { marketDataHandlers } from './handlers/market-data';
import { lifecycleHandlers } from './handlers/lifecycle';
import { supplyHandlers } from './handlers/supply';
import { consumptionHandlers } from './handlers/consumption';
import { rosterHandlers } from './handlers/rosters';
import { parseOrThrow } from './validation';

export interface CallContext {
  /** The participant the caller acts as (the operator for the local desktop or a token holder). */
  actor: string;
}

export type HandlersFor<Names extends RequestName> = {
  [N in Names]: (args: ParsedArgs<N>, ctx: CallContext) => RequestResult<N> | Promise<RequestResult<N>>;
};
type Handlers = HandlersFor<RequestName>;

/** The main side of the contract: each request name bound to the operation that serves it. */
function handlers(ops: Operations): Handlers {
  return {
    'system.info': () => ops.systemInfo(),
    'instruments.list': () => ops.instruments(),
    'markets.list': () => ops.markets(),
    'participants.list': () => ops.participants(),
    'participants.get': ({ participant_id }) => ops.participant(participant_id),
    'participants.create': (body, { actor }) => ops.createParticipant(body, actor),
    'participants.suspend': ({ participant_id }, { actor }) =>
      ops.setStatus(participant_id, 'suspended', actor),
    'participants.resume': ({ participant_id }, { actor }) => ops.setStatus(participant_id, 'active', actor),
    'participants.adjustUsd': ({ participant_id, ...body }, { actor }) =>
      ops.adjustUsd(participant_id, body, actor),
    'audit.list': (query) => ops.audit(query),
    'markets.overview': () => ops.marketsOverview(),
    'markets.book': ({ market_id, depth }) => ops.book(market_id, depth),
    'markets.halt': ({ market_id }, { actor }) => ops.setHalt(market_id, true, actor),
    'markets.resume': ({ market_id }, { actor }) => ops.setHalt(market_id, false, actor),
    // A participant's own actions are recorded as theirs, whoever's desktop sent them.
    'orders.place': ({ participant_id, ...body }) => ops.placeOrder(participant_id, body, participant_id),
    'orders.amend': ({ participant_id, order_id, ...body }) =>
      ops.amendOrder(participant_id, order_id, body, participant_id),
    'orders.cancel': ({ participant_id, order_id }) =>
      ops.cancelOrder(participant_id, order_id, participant_id),
    'orders.cancelAll': ({ participant_id, market_id }) =>
      ops.cancelAll(participant_id, market_id, participant_id),
    'orders.list': ({ participant_id, ...query }) => ops.orders(participant_id, query),
    'trades.list': ({ participant_id, ...query }) => ops.trades(participant_id, query),
    'exchange.invariants': () => ops.invariants(),
    ...apiKeyHandlers(ops),
    ...marketDataHandlers(ops),
    ...lifecycleHandlers(ops),
    ...supplyHandlers(ops),
    ...consumptionHandlers(ops),
    ...rosterHandlers(ops),
    ...backupHandlers(ops),
  };
}

/** Serves one request from any transport: unknown names and invalid arguments are refused before anything runs. */
export function contractDispatcher(ops: Operations) {
  const table = handlers(ops) as Record<RequestName, (args: unknown, ctx: CallContext) => unknown>;
  return async (name: unknown, args: unknown, ctx: CallContext): Promise<Reply> => {
    try {
      if (!isRequestName(name)) throw new ExchangeError(400, `unknown request ${JSON.stringify(name)}`);
      const parsed = parseOrThrow(requests[name].args, args ?? {});
      return { ok: true, result: await table[name](parsed, ctx) };
    } catch (error) {
      return { ok: false, error: toContractError(error) };
    }
  };
}

export function toContractError(error: unknown): ContractError {
  if (error instanceof ExchangeError) {
    return {
      status: error.status,
      detail: error.detail,
      ...(error.code !== undefined && { code: error.code }),
    };
  }
  console.error('internal error', error);
  return { status: 500, detail: 'internal error' };
}
