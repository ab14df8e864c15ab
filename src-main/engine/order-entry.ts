import { bookInput, bookRejection, slippageCap } from './book-input';
import { ChangeLog, done } from './change-log';
import type { Command, CommandContext, Outcome, PlaceOrder } from './commands';
import { budgetTicks, buyHold, maxFeeBps } from './fees';
import type { Instrument } from './instruments';
import type { Ledger } from './ledger';
import type { OrderBook } from './matching/order-book';
import { formatUsd } from './money';
import type { Order, Trade } from './orders';
import { activeTrader } from './participants';
import { reject, type Rejection } from './rejections';
import type { Settlement } from './settlement';
import type { ExchangeState } from './state';
import { refuseUncappedStopBuy } from './stops';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

export interface PlaceResult {
  order: Order;
  trades: Trade[];
}

/**
 * Orders in and out of the books: placing, amending and cancelling them, halting markets, and closing
 * orders for a sweep or a suspension. Buy orders hold USD for their worst-case cost (limit price and the
 * larger fee); sell orders hold Units; what the book then does is settled by Settlement.
 */
export class OrderEntry {
  constructor(
    private readonly state: ExchangeState,
    private readonly ledger: Ledger,
    private readonly settlement: Settlement,
  ) {}

  place(command: PlaceOrder, ctx: CommandContext): Outcome<PlaceResult> {
    const trader = activeTrader(this.state, command.participant_id);
    if ('ok' in trader) return trader;
    const market = this.openMarket(command.market_id);
    if ('ok' in market) return market;
    const { instrument, book } = market;
    const { tick_micros } = instrument.market;
    const badQuantity = refuseQuantity(instrument, command.quantity);
    if (badQuantity) return badQuantity;
    if (command.client_order_id !== undefined) {
      const earlier = this.state.clientOrderIds.get(
        clientKey(command.participant_id, command.client_order_id),
      );
      if (earlier)
        return reject(
          'duplicate_client_order_id',
          `client_order_id ${command.client_order_id} already used by order ${earlier}`,
        );
    }
    const uncapped = refuseUncappedStopBuy(command);
    if (uncapped) return uncapped;
    const feeBps = maxFeeBps(instrument);
    const limitTicks = slippageCap(book, command);

    // Funds: a limit buy holds its worst case; a market buy holds what its cap allows, or all it has.
    let hold: number;
    let budget: number | undefined;
    if (command.side === 'buy') {
      const available = this.ledger.availableUsd(command.participant_id);
      const worst = command.price_ticks ?? limitTicks;
      hold = worst === undefined ? available : buyHold(worst, command.quantity, tick_micros, feeBps);
      if (command.order_type === 'market') {
        hold = Math.min(hold, available);
        budget = budgetTicks(hold, tick_micros, feeBps);
      }
      if (hold > available || hold === 0) {
        return reject(
          'insufficient_balance',
          `not enough USD available for this order: it needs $${formatUsd(hold)}, $${formatUsd(available)} is available`,
        );
      }
    } else {
      hold = command.quantity;
      const units = this.ledger.availableUnits(command.participant_id, instrument.instrument_id);
      if (units < hold)
        return reject(
          'insufficient_balance',
          `not enough ${instrument.symbol} Units available to sell (${units} available)`,
        );
    }

    const result = book.place({
      ...bookInput(command, limitTicks, budget),
      ...(command.stop_price_ticks !== undefined && { stopTicks: command.stop_price_ticks }),
    });
    if (!result.ok) return bookRejection(result);

    const order: Order = {
      order_id: command.order_id,
      client_order_id: command.client_order_id ?? null,
      participant_id: command.participant_id,
      market_id: command.market_id,
      instrument_id: instrument.instrument_id,
      side: command.side,
      type: command.order_type,
      tif: command.tif,
      post_only: command.post_only ?? false,
      stp: command.stp ?? 'cancel_taker',
      price_ticks: command.price_ticks ?? null,
      stop_price_ticks: command.stop_price_ticks ?? null,
      stop_cap_ticks: command.stop_price_ticks !== undefined ? (limitTicks ?? null) : null,
      quantity: command.quantity,
      filled: 0,
      status: 'open',
      closure: null,
      filled_notional_ticks: 0,
      fee: 0,
      hold: 0,
      queue_seq: ctx.seq,
      queue_rank: 0,
      created_at: ctx.time,
      updated_at: ctx.time,
    };
    const log = new ChangeLog();
    if (order.client_order_id !== null) {
      this.state.clientOrderIds.set(clientKey(order.participant_id, order.client_order_id), order.order_id);
    }
    this.state.orders.set(order.order_id, order);
    this.ledger.setHold(order, hold, log);
    const trades = this.settlement.apply(result.events, instrument, ctx, log);
    return done({ order: { ...order }, trades: tradesOf(order, trades) }, log);
  }

  cancel(command: Cmd<'cancel_order'>, ctx: CommandContext): Outcome<Order> {
    const order = this.ownedOrder(command.order_id, command.participant_id);
    if ('ok' in order) return order;
    const book = this.state.books.get(order.market_id)!;
    const result = book.cancel(order.order_id);
    if (!result.ok) return reject('order_not_found', result.reason);
    const log = new ChangeLog();
    this.settlement.apply(result.events, this.instrumentOf(order), ctx, log);
    return done({ ...order }, log);
  }

  cancelAll(command: Cmd<'cancel_all'>, ctx: CommandContext): Outcome<{ cancelled: number }> {
    if (command.market_id !== undefined && !this.state.markets.has(command.market_id)) {
      return reject('market_not_found', `market ${command.market_id} not found`);
    }
    if (command.participant_id !== undefined && !this.state.participants.has(command.participant_id)) {
      return reject('participant_not_found', `participant ${command.participant_id} not found`);
    }
    const log = new ChangeLog();
    let cancelled = 0;
    for (const [marketId, book] of this.state.books) {
      if (command.market_id !== undefined && command.market_id !== marketId) continue;
      const { events } = book.cancelAll(command.participant_id);
      cancelled += events.length;
      const instrument = this.state.instruments.get(this.state.markets.get(marketId)!)!;
      this.settlement.apply(events, instrument, ctx, log);
    }
    return done({ cancelled }, log);
  }

  amend(command: Cmd<'amend_order'>, ctx: CommandContext): Outcome<PlaceResult> {
    const order = this.ownedOrder(command.order_id, command.participant_id);
    if ('ok' in order) return order;
    if (this.state.halted.has(order.market_id))
      return reject(
        'market_halted',
        `the ${this.instrumentOf(order).symbol} market is halted: amendments are refused, cancels are accepted`,
      );
    const instrument = this.instrumentOf(order);
    const quantity = command.quantity ?? order.quantity;
    const price = command.price_ticks ?? order.price_ticks!;
    const badQuantity = refuseQuantity(instrument, quantity);
    if (badQuantity) return badQuantity;
    const remaining = Math.max(quantity - order.filled, 0);
    const needed =
      order.side === 'buy'
        ? buyHold(price, remaining, instrument.market.tick_micros, maxFeeBps(instrument))
        : remaining;
    const extra = needed - order.hold;
    if (extra > 0) {
      const free =
        order.side === 'buy'
          ? this.ledger.availableUsd(order.participant_id)
          : this.ledger.availableUnits(order.participant_id, order.instrument_id);
      if (free < extra)
        return reject(
          'insufficient_balance',
          'not enough available to amend the order to that size or price',
        );
    }
    const book = this.state.books.get(order.market_id)!;
    const requeues = price !== order.price_ticks || quantity > order.quantity;
    const result = book.amend(order.order_id, {
      ...(command.price_ticks !== undefined && { priceTicks: command.price_ticks }),
      ...(command.quantity !== undefined && { qty: command.quantity }),
    });
    if (!result.ok) return bookRejection(result);
    const log = new ChangeLog();
    order.price_ticks = price;
    if (requeues) {
      order.queue_seq = ctx.seq;
      order.queue_rank = 0;
    }
    if (extra > 0) this.ledger.setHold(order, order.hold + extra, log);
    const trades = this.settlement.apply(result.events, instrument, ctx, log);
    return done({ order: { ...order }, trades: tradesOf(order, trades) }, log);
  }

  setHalt(command: Cmd<'set_market_halt'>): Outcome<{ market_id: string; halted: boolean }> {
    if (!this.state.markets.has(command.market_id))
      return reject('market_not_found', `market ${command.market_id} not found`);
    if (this.state.halted.has(command.market_id) === command.halted) {
      return reject(
        'halt_unchanged',
        `market ${command.market_id} is already ${command.halted ? 'halted' : 'trading'}`,
      );
    }
    if (command.halted) this.state.halted.add(command.market_id);
    else this.state.halted.delete(command.market_id);
    const log = new ChangeLog();
    log.add({ kind: 'market_halt', market_id: command.market_id, halted: command.halted });
    return done({ market_id: command.market_id, halted: command.halted }, log);
  }

  /**
   * A sweep cancels the resale asks of an account it sweeps: every live sell order of the participant in
   * the instrument (pending stops included) closes with reason `swept`. Returns how many.
   */
  cancelSellsForSweep(
    participantId: string,
    instrumentId: string,
    ctx: CommandContext,
    log: ChangeLog,
  ): number {
    return this.closeOrders(
      (o) => o.participant_id === participantId && o.instrument_id === instrumentId && o.side === 'sell',
      'swept',
      ctx,
      log,
    ).length;
  }

  /**
   * Closes every live order (resting or pending its trigger) that `which` selects, in queue order, with
   * `closure`, releasing what each held. Returns the closed orders as they ended.
   */
  closeOrders(
    which: (order: Order) => boolean,
    closure: 'swept' | 'suspended',
    ctx: CommandContext,
    log: ChangeLog,
  ): Order[] {
    const doomed = [...this.state.orders.values()]
      .filter(which)
      .sort(
        (a, b) =>
          a.queue_seq - b.queue_seq || a.queue_rank - b.queue_rank || (a.order_id < b.order_id ? -1 : 1),
      );
    for (const order of doomed) {
      const result = this.state.books.get(order.market_id)!.cancel(order.order_id);
      if (!result.ok) throw new Error(`live order ${order.order_id} is not in its book`);
      const events = result.events.map((e) => (e.type === 'order' ? { ...e, closure } : e));
      this.settlement.apply(events, this.instrumentOf(order), ctx, log);
    }
    return doomed.map((order) => ({ ...order }));
  }

  private openMarket(marketId: string): { instrument: Instrument; book: OrderBook } | Rejection {
    const instrumentId = this.state.markets.get(marketId);
    if (!instrumentId) return reject('market_not_found', `market ${marketId} not found`);
    if (this.state.halted.has(marketId))
      return reject(
        'market_halted',
        `the ${this.state.instruments.get(instrumentId)!.symbol} market is halted: new orders and amendments are refused, cancels are accepted`,
      );
    return { instrument: this.state.instruments.get(instrumentId)!, book: this.state.books.get(marketId)! };
  }

  private ownedOrder(orderId: string, participantId: string | undefined): Order | Rejection {
    const order = this.state.orders.get(orderId);
    // Another participant's order is reported as not found: its existence is not theirs to learn.
    if (!order || (participantId !== undefined && order.participant_id !== participantId)) {
      return reject('order_not_found', `open order ${orderId} not found`);
    }
    return order;
  }

  private instrumentOf(order: Order): Instrument {
    return this.state.instruments.get(order.instrument_id)!;
  }
}

function refuseQuantity(instrument: Instrument, quantity: number): Rejection | undefined {
  const { min_quantity, max_quantity } = instrument.market;
  if (!Number.isInteger(quantity) || quantity < min_quantity || quantity > max_quantity)
    return reject(
      'quantity_out_of_range',
      `quantity must be a whole number from ${min_quantity} to ${max_quantity}`,
    );
  return undefined;
}

/** The trades an order made in a command (not those of the stops it triggered). */
const tradesOf = (order: Order, trades: Trade[]) =>
  trades.filter((t) => t.taker_order_id === order.order_id || t.maker_order_id === order.order_id);
const clientKey = (participantId: string, clientOrderId: string) => `${participantId}\u0000${clientOrderId}`;
