import {
  isRequestName,
  requests,
  type ContractError,
  type Principal,
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
import { authorize } from './authorization';
import { parseOrThrow } from './validation';

/** What a transport knows of the caller: who authenticated (null before anyone has). */
export interface CallContext {
  principal: Principal | null;
}

/** What a handler is told: the participant its call is recorded as (decided by `authorize`), and the caller. */
export interface HandlerContext {
  actor: string;
  principal: Principal | null;
}

export type HandlersFor<Names extends RequestName> = {
  [N in Names]: (args: ParsedArgs<N>, ctx: HandlerContext) => RequestResult<N> | Promise<RequestResult<N>>;
};
type Handlers = HandlersFor<RequestName>;

/** The main side of the contract: each request name bound to the operation that serves it. */
function handlers(ops: Operations): Handlers {
  return {
    'system.info': (_, { principal }) =>
      ops.systemInfo(principal !== null && (principal.role === 'operator' || principal.may_act_as_anyone)),
    // Authorized callers always have a principal (the operation is not anonymous).
    'session.principal': (_args, { principal }) => principal!,
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
    'orders.place': ({ participant_id, ...body }, { actor }) => ops.placeOrder(participant_id, body, actor),
    'orders.amend': ({ participant_id, order_id, ...body }, { actor }) =>
      ops.amendOrder(participant_id, order_id, body, actor),
    'orders.cancel': ({ participant_id, order_id }, { actor }) =>
      ops.cancelOrder(participant_id, order_id, actor),
    'orders.cancelAll': ({ participant_id, market_id }, { actor }) =>
      ops.cancelAll(participant_id, market_id, actor),
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

/**
 * The operator with the right to act as anyone: the desktop's embedded exchange over IPC, and whoever
 * holds the operator token.
 */
export function operatorPrincipal(ops: Operations): Principal {
  return {
    participant_id: ops.service.operator()!.participant_id,
    role: 'operator',
    may_act_as_anyone: true,
  };
}

/** A participant authenticated by its own key: it acts only as itself (the operator as its declarations allow). */
export function participantPrincipal(ops: Operations, participantId: string): Principal {
  const participant = ops.service.engine.state.participants.get(participantId);
  if (!participant) throw new ExchangeError(401, `participant ${participantId} not found`);
  return { participant_id: participantId, role: participant.role, may_act_as_anyone: false };
}

export type Dispatch = (name: unknown, args: unknown, ctx: CallContext) => Promise<Reply>;

/**
 * Serves one request from any transport (IPC, the UI socket, the admin API): an unknown name, invalid
 * arguments or a caller the declaration does not allow are refused before anything runs.
 */
export function contractDispatcher(ops: Operations): Dispatch {
  const table = handlers(ops) as Record<RequestName, (args: unknown, ctx: HandlerContext) => unknown>;
  const roleOf = (id: string) => ops.service.engine.state.participants.get(id)?.role;
  return async (name, args, { principal }) => {
    try {
      if (!isRequestName(name)) throw new ExchangeError(400, `unknown request ${JSON.stringify(name)}`);
      const parsed = parseOrThrow(requests[name].args, args ?? {});
      const actor = authorize(name, requests[name], parsed, principal, roleOf);
      return { ok: true, result: await table[name](parsed, { actor, principal }) };
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
