import type { ChangeLog } from './change-log';
import type { CommandContext } from './commands';
import { buyHold, feeMicros, maxFeeBps } from './fees';
import type { Instrument } from './instruments';
import type { Ledger } from './ledger';
import type { UnitChunk } from './lifecycle-types';
import type { BookEvent, OrderEvent, TradeEvent } from './matching/types';
import { isLive, isOpen, type Trade } from './orders';
import { formLot, leaveInventory, provenanceOf, pushChunk, takeChunks } from './provenance';
import type { ExchangeState } from './state';
import { queueTriggered } from './stops';

/**
 * Turns what a book did into the exchange's records: trades priced with their fees and settled by the
 * ledger, Units' provenance following them, and each touched order's hold reset to what its remaining
 * quantity needs, which settles, releases and re-prices holds with one rule.
 */
export class Settlement {
  constructor(
    private readonly state: ExchangeState,
    private readonly ledger: Ledger,
  ) {}

  apply(events: BookEvent[], instrument: Instrument, ctx: CommandContext, log: ChangeLog): Trade[] {
    const trades: Trade[] = [];
    // In immediate mode, what each buyer bought in this command forms one Lot once matching is done.
    const bought = new Map<string, UnitChunk[]>();
    let triggered = 0;
    for (const event of events) {
      if (event.type === 'trade')
        trades.push(this.settle(event, instrument, ctx, log, trades.length, bought));
      else if (event.type === 'triggered') queueTriggered(this.state, event.id, ++triggered, ctx, log);
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
    const immediate = this.state.sweepConfig.mode === 'immediate';
    // Zero-padded so trade ids sort in the order trades happened.
    const tradeId = `trade_${String(ctx.seq).padStart(12, '0')}_${index}`;
    this.ledger.settleTrade(
      {
        maker,
        taker,
        instrumentId: instrument.instrument_id,
        quantity: event.qty,
        notional,
        makerFee,
        takerFee,
        deliverTo: immediate ? 'consumption' : 'trading',
      },
      log,
    );
    // Provenance: the buyer's Units come from the front of the seller's FIFO, now funded by this trade;
    // the issuer (supplier_id) stays liable for them.
    const taken = takeChunks(
      provenanceOf(this.state, sell.participant_id, instrument.instrument_id),
      event.qty,
    );
    log.provenanceTouched(sell.participant_id, instrument.instrument_id);
    leaveInventory(this.state, log, instrument.instrument_id, taken, 'sale');
    const receiving = immediate
      ? (bought.get(buy.participant_id) ?? bought.set(buy.participant_id, []).get(buy.participant_id)!)
      : provenanceOf(this.state, buy.participant_id, instrument.instrument_id);
    for (const chunk of taken) pushChunk(receiving, { ...chunk, trade_id: tradeId });
    if (!immediate) log.provenanceTouched(buy.participant_id, instrument.instrument_id);

    for (const order of [maker, taker]) {
      order.filled_notional_ticks += event.priceTicks * event.qty;
      order.fee += order === maker ? makerFee : takerFee;
    }
    const trade: Trade = {
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
            ? buyHold(
                order.price_ticks!,
                event.remaining,
                instrument.market.tick_micros,
                maxFeeBps(instrument),
              )
            : event.remaining;
    this.ledger.setHold(order, Math.min(needed, order.hold), log);
    if (!isLive(order)) this.state.orders.delete(order.order_id);
    log.orderTouched(order);
  }
}
