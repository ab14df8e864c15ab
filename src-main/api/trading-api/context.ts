import { createHash } from 'node:crypto';
import type { MarketView, OrderView, TradeView } from '../../../src-preload/contract';
import type { Instrument } from '../../engine/instruments';
import type { Order, Trade } from '../../engine/orders';
import { REJECTIONS } from '../../engine/rejections';
import { ExchangeError } from '../../service/errors';
import type { Operations } from '../../service/operations';
import { orderView, tradeView } from '../../service/views';
import type { TradingQueries } from '../../store/trading-queries';
import {
  type Listing,
  type PublicOrder,
  publicOrder,
  type PublicTradeFill,
  publicTrade,
} from './public-shapes';

/** What the Trading API's endpoints share: the operations, the read queries, and id lookups. */
export class TradingApiContext {
  readonly queries: TradingQueries;

  constructor(readonly ops: Operations) {
    this.queries = ops.service.store.trading;
  }

  get state() {
    return this.ops.service.engine.state;
  }

  instrument(instrumentId: string): Instrument {
    const instrument = this.state.instruments.get(instrumentId);
    if (!instrument) {
      throw new ExchangeError(
        404,
        `instrument ${instrumentId} not found`,
        REJECTIONS.instrument_not_found.code,
      );
    }
    return instrument;
  }

  /** A market by its id or its instrument's symbol (as the public exchange's paths allow). */
  market(idOrSymbol: string): MarketView {
    const market = this.ops
      .markets()
      .find((m) => m.market_id === idOrSymbol || m.base_currency === idOrSymbol);
    if (!market) {
      throw new ExchangeError(404, `market ${idOrSymbol} not found`, REJECTIONS.market_not_found.code);
    }
    return market;
  }

  /** A stable id for one of a participant's accounts (the exchange keys balances by owner and instrument). */
  accountId(kind: string, participantId: string, instrumentId = ''): string {
    const hex = createHash('sha256')
      .update(`${kind}\u0000${participantId}\u0000${instrumentId}`)
      .digest('hex');
    return `account_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  orderView(order: Order): OrderView {
    return orderView(order, this.instrument(order.instrument_id));
  }

  tradeView(trade: Trade, participantId: string): TradeView {
    return tradeView(trade, this.instrument(trade.instrument_id), participantId);
  }

  /** An order in the public exchange's shape (the view plus the spec's fields). */
  publicOrder(order: Order): PublicOrder {
    return publicOrder(this.orderView(order));
  }

  /** One of `participantId`'s fills in the public exchange's shape. */
  publicTrade(trade: Trade, participantId: string): PublicTradeFill {
    return publicTrade(this.tradeView(trade, participantId), trade.instrument_id);
  }

  private listings: Map<string, Listing> | undefined;

  /** When an instrument was listed (its definition in the journal) and last redefined. */
  listing(instrumentId: string): Listing {
    if (!this.listings?.has(instrumentId)) {
      this.listings = new Map(
        this.queries
          .instrumentListings()
          .map((row) => [
            row.instrument_id,
            { created_at: new Date(row.first).toISOString(), updated_at: new Date(row.last).toISOString() },
          ]),
      );
    }
    const epoch = new Date(0).toISOString();
    return this.listings.get(instrumentId) ?? { created_at: epoch, updated_at: epoch };
  }
}
