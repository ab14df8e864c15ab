import { TOKENS_PER_UNIT } from '../../../engine/lifecycle-types';
import { formatUsd } from '../../../engine/money';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { pageQuery, paginateList, viewPage } from '../pagination';
import { forInstrument } from './lifecycle';
import {
  type Accounts,
  AccountsSchema,
  type ConsumptionAccount,
  ConsumptionAccountsQuery,
  CurrencyAccountSchema,
  type Position,
  PositionSchema,
  TradingAccountsQuery,
} from '../schemas';
import {
  publicConsumptionAccount,
  PublicConsumptionAccountSchema as ConsumptionAccountSchema,
  publicTradingAccount,
  PublicTradingAccountSchema as TradingAccountSchema,
} from '../public-accounts';
import { ExchangeError } from '../../../service/errors';

/** Balances: USD (currency account), Units per instrument (trading accounts), consumption, positions. */
export function accountEndpoints(api: TradingApiContext): Endpoint[] {
  const { ops, queries } = api;
  const accountId = api.accountId.bind(api);
  const life = ops.lifecycle;

  /** Live Lots per instrument, from the lifecycle operations (instruments without any are left out). */
  const consumption = (participantId: string): ConsumptionAccount[] =>
    life
      .consumptionAccounts(participantId)
      .map((account) => ({ ...account, lots: account.lots.filter((lot) => lot.status === 'live') }))
      .filter((account) => account.lots.length > 0)
      .map((account) => ({
        account_id: accountId('consumption', participantId, account.instrument_id),
        instrument_id: account.instrument_id,
        symbol: account.symbol,
        total_balance: account.tokens_remaining / TOKENS_PER_UNIT,
        available_balance: account.tokens_remaining / TOKENS_PER_UNIT,
        tokens_remaining: account.tokens_remaining,
        created_at: account.lots.map((lot) => lot.formed_at).sort()[0]!,
        next_expiry_at: account.next_expiry_at,
        lots: account.lots,
      }));

  const accounts = (participantId: string): Accounts => {
    const { balances } = ops.participant(participantId);
    return {
      participant_id: participantId,
      currency: {
        account_id: accountId('currency', participantId),
        currency: 'USD',
        total_balance: balances.usd.total,
        available_balance: balances.usd.available,
        locked_balance: balances.usd.locked,
      },
      trading: balances.units.map((units) => ({
        account_id: accountId('trading', participantId, units.instrument_id),
        instrument_id: units.instrument_id,
        symbol: units.symbol,
        market_id: api.instrument(units.instrument_id).market.market_id,
        total_balance: units.total,
        available_balance: units.available,
        locked_balance: units.locked,
      })),
      consumption: consumption(participantId),
    };
  };

  const now = () => new Date(ops.service.clock()).toISOString();
  const publicTrading = (participantId: string) => {
    const at = now();
    return accounts(participantId).trading.map((account) =>
      publicTradingAccount(account, participantId, api.instrument(account.instrument_id).name, at),
    );
  };
  const notFound = (id: string) => new ExchangeError(404, `account ${id} not found`);

  return [
    single({
      method: 'get',
      path: '/accounts',
      summary: 'All balances: USD, Units in Trading accounts, Consumption accounts',
      tag: 'Accounts',
      auth: 'signed',
      response: AccountsSchema,
      handle: ({ participantId }) => accounts(participantId),
    }),
    list({
      method: 'get',
      path: '/currency-trading-accounts',
      summary: 'The USD credit account: total, available and locked',
      tag: 'Accounts',
      auth: 'signed',
      query: pageQuery(['currency'], 'asc'),
      response: CurrencyAccountSchema,
      handle: ({ participantId, query }) => {
        const keyOf = (a: { currency: string; account_id: string }) => [a.currency, a.account_id];
        return paginateList(query, [accounts(participantId).currency], keyOf);
      },
    }),
    list({
      method: 'get',
      path: '/trading-accounts',
      summary: 'Units per instrument in Trading accounts: total, available and locked',
      tag: 'Accounts',
      auth: 'signed',
      query: TradingAccountsQuery,
      response: TradingAccountSchema,
      handle: ({ participantId, query }) => {
        const trading = publicTrading(participantId).filter(forInstrument(query.instrument_id));
        const keyOf = (a: (typeof trading)[number]) => [a[query.order_by], a.account_id];
        return paginateList(query, trading, keyOf);
      },
    }),
    list({
      method: 'get',
      path: '/consumption-accounts',
      summary: 'Consumption accounts: tokens left per instrument, with each live Lot and its expiry',
      tag: 'Accounts',
      auth: 'signed',
      query: ConsumptionAccountsQuery,
      response: ConsumptionAccountSchema,
      handle: ({ participantId, query }) => {
        const rows = consumption(participantId).filter(forInstrument(query.instrument_id));
        const keyOf = (a: ConsumptionAccount) => [a[query.order_by], a.account_id];
        const at = now();
        return viewPage(paginateList(query, rows, keyOf), (a) =>
          publicConsumptionAccount(a, participantId, at),
        );
      },
    }),
    single({
      method: 'get',
      path: '/trading-accounts/:id',
      summary: 'One Trading account, by account_id or instrument_id',
      tag: 'Accounts',
      auth: 'signed',
      params: { id: 'account_id, or the instrument_id' },
      response: TradingAccountSchema,
      errors: [404],
      handle: ({ participantId, params }) => {
        const found = publicTrading(participantId).find(
          (a) => a.account_id === params.id || a.instrument_id === params.id,
        );
        if (!found) throw notFound(params.id!);
        return found;
      },
    }),
    single({
      method: 'get',
      path: '/currency-trading-accounts/:id',
      summary: 'The USD credit account, by its account_id (or USD)',
      tag: 'Accounts',
      auth: 'signed',
      params: { id: 'account_id, or USD' },
      response: CurrencyAccountSchema,
      errors: [404],
      handle: ({ participantId, params }) => {
        const { currency } = accounts(participantId);
        if (params.id !== currency.account_id && params.id?.toUpperCase() !== 'USD')
          throw notFound(params.id!);
        return currency;
      },
    }),
    list({
      method: 'get',
      path: '/positions',
      summary: 'Units held per instrument, with the average price of own buy fills',
      tag: 'Accounts',
      auth: 'signed',
      query: TradingAccountsQuery,
      response: PositionSchema,
      handle: ({ participantId, query }) => {
        const bought = new Map(queries.buyFills(participantId).map((fill) => [fill.instrument_id, fill]));
        const positions: Position[] = accounts(participantId)
          .trading.filter(forInstrument(query.instrument_id))
          .map((account) => {
            const fills = bought.get(account.instrument_id);
            const tick = api.instrument(account.instrument_id).market.tick_micros;
            return {
              instrument_id: account.instrument_id,
              symbol: account.symbol,
              market_id: account.market_id,
              quantity: account.total_balance,
              available: account.available_balance,
              locked: account.locked_balance,
              average_entry_price:
                fills && fills.quantity > 0
                  ? formatUsd(Math.round((fills.notional_ticks * tick) / fills.quantity), 3)
                  : null,
            };
          });
        const keyOf = (p: Position) => [p[query.order_by], p.instrument_id];
        return paginateList(query, positions, keyOf);
      },
    }),
  ];
}
