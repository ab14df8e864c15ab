import type { MarketView, OrderView, TradeView } from '../../../src-preload/contract';
import type { Instrument } from '../../engine/instruments';
import type { Order, Trade } from '../../engine/orders';
import { ExchangeError } from '../../service/errors';
import type { Operations } from '../../service/operations';
import { orderView, tradeView } from '../../service/views';
import { TradingQueries } from '../../store/trading-queries';

/** What the Trading API's endpoints share: the operations, the read queries, and id lookups. */
export class TradingApiContext {
  readonly queries: TradingQueries;

  constructor(readonly ops: Operations) {
    this.queries = new TradingQueries(ops.service.store.db);
  }

  get state() {
    return this.ops.service.engine.state;
  }

  instrument(instrumentId: string): Instrument {
    const instrument = this.state.instruments.get(instrumentId);
    if (!instrument) throw new ExchangeError(404, `instrument ${instrumentId} not found`);
    return instrument;
  }

  /** A market by its id or its instrument's symbol (as the public exchange's paths allow). */
  market(idOrSymbol: string): MarketView {
    const market = this.ops
      .markets()
      .find((m) => m.market_id === idOrSymbol || m.base_currency === idOrSymbol);
    if (!market) throw new ExchangeError(404, `market ${idOrSymbol} not found`);
    return market;
  }

  orderView(order: Order): OrderView {
    return orderView(order, this.instrument(order.instrument_id));
  }

  tradeView(trade: Trade, participantId: string): TradeView {
    return tradeView(trade, this.instrument(trade.instrument_id), participantId);
  }
}
