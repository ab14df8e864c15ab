import type { Change, Command, CommandContext, Outcome, PlaceOrder } from './commands';
import { ChangeLog, done as accepted } from './change-log';
import { budgetTicks, buyHold, feeMicros } from './fees';
import type { Instrument } from './instruments';
import type { OrderBook } from './matching/order-book';
import type {
  BookEvent,
  OrderEvent,
  PlaceInput,
  Rejection as BookRejection,
  StopView,
  TradeEvent,
} from './matching/types';
import { DEFAULT_STP } from './matching/types';
import { formatUsd } from './money';
import { isLive, isOpen, type Order, type Trade, type UnitBalance, unitKey } from './orders';
import type { Participant, UsdBalance } from './participants';
import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';
import type { TransferRecord, UnitChunk } from './lifecycle-types';
import type { Supply } from './supply';
import { formLot, leaveInventory, provenanceOf, pushChunk, takeChunks } from './provenance';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** One issuance, as the issuances table keeps it. */
export type IssuanceRecord = Omit<Extract<Change, { kind: 'issuance' }>, 'kind'>;

export interface PlaceResult {
  order: Order;
  trades: Trade[];
}

/**
 * Orders, trades and the ledger around them. Buy orders hold USD for their worst-case cost (limit price
 * and the larger fee); sell orders hold Units; after every command each touched order's hold is reset to
 * what its remaining quantity needs, which settles, releases and re-prices holds with one rule.
 */
export class Trading {
  constructor(
    private readonly state: ExchangeState,
    private readonly supply: Supply,
  ) {}

  place(command: PlaceOrder, ctx: CommandContext): Outcome<PlaceResult> {
    const trader = this.activeTrader(command.participant_id);
    if ('ok' in trader) return trader;
    const market = this.openMarket(command.market_id);
    if ('ok' in market) return market;
    const { instrument, book } = market;
    const { min_quantity, max_quantity, tick_micros } = instrument.market;
    if (
      !Number.isInteger(command.quantity) ||
      command.quantity < min_quantity ||
      command.quantity > max_quantity
    ) {
      return reject(
        'quantity_out_of_range',
        `quantity must be a whole number from ${min_quantity} to ${max_quantity}`,
      );
    }
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
    const isBuy = command.side === 'buy';
    if (
      isBuy &&
      command.stop_price_ticks !== undefined &&
      command.order_type === 'market' &&
      command.max_slippage_ticks === undefined
    ) {
      // Otherwise it would hold every available dollar while it waits.
      return reject(
        'stop_buy_needs_cap',
        'a stop buy at market needs max_slippage_ticks (how far above its stop price it may pay), so its hold is known; or place a stop_limit',
      );
    }
    const feeBps = maxFee(instrument);
    const limitTicks = this.slippageCap(book, command);

    // Funds: a limit buy holds its worst case; a market buy holds what its cap allows, or all it has.
    let hold: number;
    let budget: number | undefined;
    if (isBuy) {
      const available = available_(this.usd(command.participant_id));
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
      const units = available_(this.peekUnits(command.participant_id, instrument.instrument_id));
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
    this.adjustHold(order, hold, log);
    const trades = this.apply(result.events, instrument, ctx, log);
    return accepted({ order: { ...order }, trades: tradesOf(order, trades) }, log);
  }

  cancel(command: Cmd<'cancel_order'>, ctx: CommandContext): Outcome<Order> {
    const order = this.ownedOrder(command.order_id, command.participant_id);
    if ('ok' in order) return order;
    const book = this.state.books.get(order.market_id)!;
    const result = book.cancel(order.order_id);
    if (!result.ok) return reject('order_not_found', result.reason);
    const log = new ChangeLog();
    this.apply(result.events, this.instrumentOf(order), ctx, log);
    return accepted({ ...order }, log);
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
      this.apply(events, this.state.instruments.get(this.state.markets.get(marketId)!)!, ctx, log);
    }
    return accepted({ cancelled }, log);
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
    const { min_quantity, max_quantity, tick_micros } = instrument.market;
    const quantity = command.quantity ?? order.quantity;
    const price = command.price_ticks ?? order.price_ticks!;
    if (!Number.isInteger(quantity) || quantity < min_quantity || quantity > max_quantity) {
      return reject(
        'quantity_out_of_range',
        `quantity must be a whole number from ${min_quantity} to ${max_quantity}`,
      );
    }
    const remaining = quantity - order.filled;
    const needed =
      order.side === 'buy'
        ? buyHold(price, Math.max(remaining, 0), tick_micros, maxFee(instrument))
        : Math.max(remaining, 0);
    const extra = needed - order.hold;
    if (extra > 0) {
      const free =
        order.side === 'buy'
          ? available_(this.usd(order.participant_id))
          : available_(this.peekUnits(order.participant_id, order.instrument_id));
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
    if (extra > 0) this.adjustHold(order, order.hold + extra, log);
    const trades = this.apply(result.events, instrument, ctx, log);
    return accepted({ order: { ...order }, trades: tradesOf(order, trades) }, log);
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
    return accepted({ market_id: command.market_id, halted: command.halted }, log);
  }

  /**
   * A supplier issues Units of an instrument into its Issuance account, within its approved capacity;
   * it moves them to trading (its inventory) to sell them.
   */
  issue(
    command: Cmd<'issue_units'>,
    ctx: CommandContext,
  ): Outcome<{ issuance: number; record: IssuanceRecord }> {
    const supplier = this.activeTrader(command.participant_id);
    if ('ok' in supplier) return supplier;
    if (supplier.role !== 'supplier') return reject('role_not_allowed', 'only suppliers issue Units');
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (!Number.isInteger(command.quantity) || command.quantity < 1 || command.quantity > 1_000_000) {
      return reject('quantity_out_of_range', 'quantity must be a whole number from 1 to 1000000');
    }
    const { participant_id, instrument_id, quantity } = command;
    if (!command.legacy) {
      const refused = this.supply.refuseIssuance(participant_id, instrument_id, quantity);
      if (refused) return refused;
    }
    const log = new ChangeLog();
    const key = unitKey(participant_id, instrument_id);
    if (command.legacy && command.to_trading !== false) {
      this.creditInventory(participant_id, instrument_id, quantity, log);
    } else {
      this.state.issuance.set(key, (this.state.issuance.get(key) ?? 0) + quantity);
      log.issuanceTouched(participant_id, instrument_id);
    }
    this.state.unitsIssued.set(
      command.instrument_id,
      (this.state.unitsIssued.get(command.instrument_id) ?? 0) + command.quantity,
    );
    const record: IssuanceRecord = {
      seq: ctx.seq,
      time: ctx.time,
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      quantity: command.quantity,
    };
    log.add({ kind: 'issuance', ...record });
    return accepted({ issuance: this.state.issuance.get(key) ?? 0, record }, log);
  }

  /** Moves Units from a supplier's Issuance account to its Trading account (its unsold inventory). */
  issuanceToTrading(
    command: Cmd<'transfer_issuance_to_trading'>,
    ctx: CommandContext,
  ): Outcome<{ balance: UnitBalance; issuance: number; transfer: TransferRecord }> {
    const supplier = this.activeTrader(command.participant_id);
    if ('ok' in supplier) return supplier;
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (!Number.isInteger(command.quantity) || command.quantity < 1 || command.quantity > 1_000_000) {
      return reject('quantity_out_of_range', 'quantity must be a whole number from 1 to 1000000');
    }
    const key = unitKey(command.participant_id, command.instrument_id);
    const held = this.state.issuance.get(key) ?? 0;
    if (held < command.quantity)
      return reject('insufficient_balance', `not enough Units in the Issuance account (${held} held)`);
    const log = new ChangeLog();
    this.state.issuance.set(key, held - command.quantity);
    log.issuanceTouched(command.participant_id, command.instrument_id);
    this.creditInventory(command.participant_id, command.instrument_id, command.quantity, log);
    const transfer: TransferRecord = {
      seq: ctx.seq,
      participant_id: command.participant_id,
      instrument_id: command.instrument_id,
      kind: 'issuance_to_trading',
      quantity: command.quantity,
      lot_id: null,
      created_at: ctx.time,
    };
    log.add({ kind: 'transfer', transfer });
    return accepted(
      {
        balance: { ...this.units(command.participant_id, command.instrument_id) },
        issuance: held - command.quantity,
        transfer,
      },
      log,
    );
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
      this.apply(events, this.instrumentOf(order), ctx, log);
    }
    return doomed.map((order) => ({ ...order }));
  }

  private creditInventory(
    participantId: string,
    instrumentId: string,
    quantity: number,
    log: ChangeLog,
  ): void {
    this.units(participantId, instrumentId).total += quantity;
    pushChunk(provenanceOf(this.state, participantId, instrumentId), {
      trade_id: null,
      supplier_id: participantId,
      units: quantity,
    });
    log.unitsTouched(participantId, instrumentId);
    log.provenanceTouched(participantId, instrumentId);
  }

  // ---- applying the book's events to orders and the ledger ----

  private apply(events: BookEvent[], instrument: Instrument, ctx: CommandContext, log: ChangeLog): Trade[] {
    const trades: Trade[] = [];
    // In immediate mode, what each buyer bought in this command forms one Lot once matching is done.
    const bought = new Map<string, UnitChunk[]>();
    let triggered = 0;
    for (const event of events) {
      if (event.type === 'trade')
        trades.push(this.settle(event, instrument, ctx, log, trades.length, bought));
      else if (event.type === 'triggered') this.triggered(event.id, ++triggered, ctx, log);
      else this.update(event, instrument, ctx, log);
    }
    for (const [buyer, chunks] of bought) {
      formLot(this.state, log, ctx, buyer, instrument.instrument_id, chunks, 'immediate');
    }
    return trades;
  }

  private settle(
    event: TradeEvent,
    instrument: Instrument,
    ctx: CommandContext,
    log: ChangeLog,
    index: number,
    bought: Map<string, UnitChunk[]>,
  ): Trade {
    const { tick_micros, maker_fee_bps, taker_fee_bps } = instrument.market;
    const maker = this.state.orders.get(event.makerId)!;
    const taker = this.state.orders.get(event.takerId)!;
    const notional = event.priceTicks * event.qty * tick_micros;
    const makerFee = feeMicros(notional, maker_fee_bps);
    const takerFee = feeMicros(notional, taker_fee_bps);
    const [buy, sell] = event.takerSide === 'buy' ? [taker, maker] : [maker, taker];
    const buyFee = buy === taker ? takerFee : makerFee;
    const sellFee = sell === taker ? takerFee : makerFee;

    const buyerUsd = this.usd(buy.participant_id);
    buyerUsd.total -= notional + buyFee;
    buyerUsd.locked -= notional + buyFee;
    buy.hold -= notional + buyFee;
    const tradeId = `trade_${String(ctx.seq).padStart(12, '0')}_${index}`;

    const sellerUnits = this.units(sell.participant_id, instrument.instrument_id);
    sellerUnits.total -= event.qty;
    sellerUnits.locked -= event.qty;
    sell.hold -= event.qty;
    // Provenance: the buyer's Units come from the front of the seller's FIFO, now funded by this trade;
    // the issuer (supplier_id) stays liable for them.
    const taken = takeChunks(
      provenanceOf(this.state, sell.participant_id, instrument.instrument_id),
      event.qty,
    );
    log.provenanceTouched(sell.participant_id, instrument.instrument_id);
    leaveInventory(this.state, log, instrument.instrument_id, taken, 'sale');
    const receiving =
      this.state.sweepConfig.mode === 'immediate'
        ? (bought.get(buy.participant_id) ?? bought.set(buy.participant_id, []).get(buy.participant_id)!)
        : provenanceOf(this.state, buy.participant_id, instrument.instrument_id);
    for (const chunk of taken) pushChunk(receiving, { ...chunk, trade_id: tradeId });
    const buyerUnits = this.units(buy.participant_id, instrument.instrument_id);
    if (this.state.sweepConfig.mode !== 'immediate') {
      buyerUnits.total += event.qty;
      log.provenanceTouched(buy.participant_id, instrument.instrument_id);
    }
    this.usd(sell.participant_id).total += notional - sellFee;

    const operator = this.operatorId();
    this.usd(operator).total += makerFee + takerFee;

    for (const order of [maker, taker]) {
      order.filled_notional_ticks += event.priceTicks * event.qty;
      order.fee += order === maker ? makerFee : takerFee;
      log.usdTouched(order.participant_id);
      log.unitsTouched(order.participant_id, instrument.instrument_id);
    }
    log.usdTouched(operator);
    const trade: Trade = {
      // Zero-padded so trade ids sort in the order trades happened.
      trade_id: tradeId,
      seq: ctx.seq,
      market_id: instrument.market.market_id,
      instrument_id: instrument.instrument_id,
      price_ticks: event.priceTicks,
      quantity: event.qty,
      maker_order_id: maker.order_id,
      taker_order_id: taker.order_id,
      maker_participant_id: maker.participant_id,
      taker_participant_id: taker.participant_id,
      taker_side: event.takerSide,
      maker_fee: makerFee,
      taker_fee: takerFee,
      executed_at: ctx.time,
    };
    log.add({ kind: 'trade', trade });
    return trade;
  }

  /** A stop order enters its book now: it queues behind what this command queued before it. */
  private triggered(orderId: string, rank: number, ctx: CommandContext, log: ChangeLog): void {
    const order = this.state.orders.get(orderId)!;
    order.queue_seq = ctx.seq;
    order.queue_rank = rank;
    order.updated_at = ctx.time;
    log.orderTouched(order);
  }

  private update(event: OrderEvent, instrument: Instrument, ctx: CommandContext, log: ChangeLog): void {
    const order = this.state.orders.get(event.id)!;
    order.filled = event.filled;
    order.quantity = event.filled + event.remaining;
    order.status = event.status;
    order.closure = event.closure ?? null;
    order.updated_at = ctx.time;
    // A pending stop keeps what it reserved at placement, for when it triggers.
    const needed =
      order.status === 'pending'
        ? order.hold
        : !isOpen(order)
          ? 0
          : order.side === 'buy'
            ? buyHold(order.price_ticks!, event.remaining, instrument.market.tick_micros, maxFee(instrument))
            : event.remaining;
    this.adjustHold(order, Math.min(needed, order.hold), log);
    if (!isLive(order)) this.state.orders.delete(order.order_id);
    log.orderTouched(order);
  }

  /** Moves an order's hold to `target`, locking or releasing the difference in its owner's account. */
  private adjustHold(order: Order, target: number, log: ChangeLog): void {
    const balance =
      order.side === 'buy'
        ? this.usd(order.participant_id)
        : this.units(order.participant_id, order.instrument_id);
    balance.locked += target - order.hold;
    order.hold = target;
    if (order.side === 'buy') log.usdTouched(order.participant_id);
    else log.unitsTouched(order.participant_id, order.instrument_id);
    log.orderTouched(order);
  }

  // ---- lookups ----

  private slippageCap(book: OrderBook, command: PlaceOrder): number | undefined {
    if (command.max_slippage_ticks === undefined) return undefined;
    // A stop order's slippage counts from its stop price: its hold is known when it is placed.
    const best = command.stop_price_ticks ?? (command.side === 'buy' ? book.bestAsk() : book.bestBid());
    if (best === undefined) return undefined;
    return command.side === 'buy'
      ? best + command.max_slippage_ticks
      : Math.max(1, best - command.max_slippage_ticks);
  }

  activeTrader(participantId: string): Participant | Rejection {
    const participant = this.state.participants.get(participantId);
    if (!participant) return reject('participant_not_found', `participant ${participantId} not found`);
    if (participant.status !== 'active')
      return reject('participant_suspended', `participant ${participantId} is suspended`);
    if (participant.role === 'operator')
      return reject('role_not_allowed', 'the exchange operator does not trade');
    return participant;
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

  private operatorId(): string {
    for (const p of this.state.participants.values()) if (p.role === 'operator') return p.participant_id;
    throw new Error('the exchange has no operator');
  }

  private usd(participantId: string): UsdBalance {
    let balance = this.state.usd.get(participantId);
    if (!balance) this.state.usd.set(participantId, (balance = { total: 0, locked: 0 }));
    return balance;
  }

  private peekUnits(participantId: string, instrumentId: string): UnitBalance {
    return this.state.units.get(unitKey(participantId, instrumentId)) ?? { total: 0, locked: 0 };
  }

  private units(participantId: string, instrumentId: string): UnitBalance {
    const key = unitKey(participantId, instrumentId);
    let balance = this.state.units.get(key);
    if (!balance) this.state.units.set(key, (balance = { total: 0, locked: 0 }));
    return balance;
  }
}

/** The book's own numbered reason (101–204) travels with the exchange's invalid_order rejection. */
const bookRejection = (result: BookRejection): Rejection => ({
  ...reject('invalid_order', result.reason),
  code: result.code,
});
/** What the book is asked to place for a command (its slippage cap and budget worked out by the caller). */
function bookInput(
  command: Omit<PlaceOrder, 'type' | 'order_id'> & { order_id: string },
  limitTicks: number | undefined,
  budget: number | undefined,
): PlaceInput {
  return {
    id: command.order_id,
    account: command.participant_id,
    side: command.side,
    type: command.order_type,
    ...(command.price_ticks !== undefined && { priceTicks: command.price_ticks }),
    qty: command.quantity,
    tif: command.tif,
    // Written out the same however the command said it, so a restored stop equals the one placed.
    ...(command.post_only === true && { postOnly: true }),
    stp: command.stp ?? DEFAULT_STP,
    ...(limitTicks !== undefined && { limitTicks }),
    ...(budget !== undefined && { budget }),
  };
}

/**
 * A pending stop order as its book holds it, rebuilt from the order (after a restart): its cap is kept,
 * and a stop-market buy's budget is what its hold buys, as when it was placed.
 */
export function stopInput(order: Order, instrument: Instrument): StopView {
  const isMarketBuy = order.side === 'buy' && order.type === 'market';
  const budget = isMarketBuy
    ? budgetTicks(order.hold, instrument.market.tick_micros, maxFee(instrument))
    : undefined;
  return {
    ...bookInput(
      {
        order_id: order.order_id,
        participant_id: order.participant_id,
        market_id: order.market_id,
        side: order.side,
        order_type: order.type,
        quantity: order.quantity,
        ...(order.price_ticks !== null && { price_ticks: order.price_ticks }),
        tif: order.tif,
        ...(order.post_only && { post_only: true }),
        stp: order.stp,
      },
      order.stop_cap_ticks ?? undefined,
      budget,
    ),
    stopTicks: order.stop_price_ticks!,
  };
}

/** The trades an order made in a command (not those of the stops it triggered). */
const tradesOf = (order: Order, trades: Trade[]) =>
  trades.filter((t) => t.taker_order_id === order.order_id || t.maker_order_id === order.order_id);
const clientKey = (participantId: string, clientOrderId: string) => `${participantId}\u0000${clientOrderId}`;
const available_ = (balance: { total: number; locked: number }) => balance.total - balance.locked;
const maxFee = (instrument: Instrument) =>
  Math.max(instrument.market.maker_fee_bps, instrument.market.taker_fee_bps);
