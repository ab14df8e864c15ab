import type { z } from 'zod';
import type {
  AmendOrderBody,
  AuditEntryView,
  AuditQuery,
  BookView,
  MarketOverviewView,
  OrderView,
  PlaceOrderBody,
  PlaceOrderResult,
  TradeView,
  CreateParticipantBody,
  InstrumentView,
  MarketView,
  ParticipantView,
  SystemInfo,
  UsdAdjustmentBody,
  UsdAdjustmentView,
} from '../../src-preload/contract';
import type { PlaceOrder } from '../engine/commands';
import type { Instrument } from '../engine/instruments';
import { checkInvariants } from '../engine/invariants';
import { REJECTIONS } from '../engine/rejections';
import { upcomingRevision } from '../engine/roster';
import { formatTicks, formatUsd, parsePriceTicks, parseUsd } from '../engine/money';
import { type Order, unitKey } from '../engine/orders';
import type { PlaceResult } from '../engine/order-entry';
import type { Participant, UsdAdjustment } from '../engine/participants';
import type { ApiKeys } from './api-keys';
import type { Backups } from './backups';
import type { Calls } from './calls';
import type { ConsumptionKeys } from './consumption-keys';
import type { ModelEndpoints } from './model-endpoints';
import type { Usage } from './usage';
import type { DeliveryMonitor } from './monitor';
import type { RosterOperations } from './rosters';
import { ExchangeError } from './errors';
import type { AutoTopUps } from './auto-top-ups';
import type { LifecycleOperations } from './lifecycle';
import type { MarketData } from './market-data';
import type { ReferencePrices } from './reference-prices';
import type { SupplyOperations } from './supply';
import {
  type ExchangeService,
  newAdjustmentId,
  newOrderId,
  newParticipantId,
  storageFailureView,
  SYSTEM_ACTOR,
} from './exchange-service';
import {
  auditEntryView,
  bookView,
  instrumentView,
  marketView,
  orderView,
  participantView,
  tradeView,
  unitBalanceView,
  usdAdjustmentView,
} from './views';

const DAY_MS = 24 * 60 * 60 * 1000;

declare const __APP_VERSION__: string | undefined;
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

/** The domain services the composition root builds once and every adapter shares. */
export interface Domains {
  keys: ApiKeys;
  marketData: MarketData;
  referencePrices: ReferencePrices;
  lifecycle: LifecycleOperations;
  supply: SupplyOperations;
  autoTopUps: AutoTopUps;
  consumptionKeys: ConsumptionKeys;
  endpoints: ModelEndpoints;
  calls: Calls;
  usage: Usage;
  monitor: DeliveryMonitor;
  rosters: RosterOperations;
  backups: Backups;
}

/**
 * What the exchange offers its users, in wire shapes. The HTTP API and the UI contract both call these,
 * so each operation exists once. Arguments arrive already validated against the contract's schemas.
 * The core operations (participants, orders, markets) live here; each other domain is a service reached
 * through this object, built once by the composition root (`compose.ts`).
 */
export class Operations implements Domains {
  /** The HTTP origin the exchange listens on, set once its server is up. */
  apiUrl: string | null = null;
  readonly keys: ApiKeys;
  readonly marketData: MarketData;
  readonly referencePrices: ReferencePrices;
  readonly lifecycle: LifecycleOperations;
  readonly supply: SupplyOperations;
  readonly autoTopUps: AutoTopUps;
  readonly consumptionKeys: ConsumptionKeys;
  readonly endpoints: ModelEndpoints;
  readonly calls: Calls;
  readonly usage: Usage;
  readonly monitor: DeliveryMonitor;
  readonly rosters: RosterOperations;
  readonly backups: Backups;

  constructor(
    readonly service: ExchangeService,
    domains: Domains,
  ) {
    this.keys = domains.keys;
    this.marketData = domains.marketData;
    this.referencePrices = domains.referencePrices;
    this.lifecycle = domains.lifecycle;
    this.supply = domains.supply;
    this.autoTopUps = domains.autoTopUps;
    this.consumptionKeys = domains.consumptionKeys;
    this.endpoints = domains.endpoints;
    this.calls = domains.calls;
    this.usage = domains.usage;
    this.monitor = domains.monitor;
    this.rosters = domains.rosters;
    this.backups = domains.backups;
  }

  private get state() {
    return this.service.engine.state;
  }

  systemInfo(forOperator: boolean): SystemInfo {
    return {
      version: APP_VERSION,
      api_url: this.apiUrl,
      database_path: forOperator ? this.service.databasePath : null,
      operator_id: this.service.operator()?.participant_id ?? '',
      // What the store holds, so a client that loads after reading it sees every command it counts.
      last_sequence: this.service.durableSequence,
      storage_failure: storageFailureView(this.service.storageFailure),
    };
  }

  instruments(): InstrumentView[] {
    return [...this.state.instruments.values()].map((i) =>
      instrumentView(i, upcomingRevision(this.state, i.instrument_id)),
    );
  }

  markets(): MarketView[] {
    return [...this.state.instruments.values()].map(marketView);
  }

  participants(): ParticipantView[] {
    return [...this.state.participants.values()]
      .sort((a, b) => a.created_at - b.created_at || (a.participant_id < b.participant_id ? -1 : 1))
      .map((p) => this.view(p));
  }

  participant(participantId: string): ParticipantView {
    const participant = this.state.participants.get(participantId);
    if (!participant) throw new ExchangeError(404, `participant ${participantId} not found`);
    return this.view(participant);
  }

  async createParticipant(
    body: z.output<typeof CreateParticipantBody>,
    actor: string,
  ): Promise<ParticipantView> {
    const { result } = await this.service.submit<Participant>(
      { type: 'create_participant', participant_id: newParticipantId(), name: body.name, role: body.role },
      actor,
    );
    return this.view(result);
  }

  /** Suspending also cancels the participant's live orders: the answer lists them (none on resuming). */
  async setStatus(
    participantId: string,
    status: 'active' | 'suspended',
    actor: string,
  ): Promise<ParticipantView & { cancelled_orders: OrderView[] }> {
    const { result } = await this.service.submit<Participant & { cancelled_orders: Order[] }>(
      { type: 'set_participant_status', participant_id: participantId, status },
      actor,
    );
    const { cancelled_orders, ...participant } = result;
    return {
      ...this.view(participant),
      cancelled_orders: cancelled_orders.map((order) =>
        orderView(order, this.state.instruments.get(order.instrument_id)!),
      ),
    };
  }

  async adjustUsd(
    participantId: string,
    body: z.output<typeof UsdAdjustmentBody>,
    actor: string,
  ): Promise<UsdAdjustmentView> {
    const amount = parseUsd(body.amount);
    if (amount === null)
      throw new ExchangeError(422, `amount ${body.amount} is not a decimal with at most 6 places`);
    const { result } = await this.service.submit<UsdAdjustment>(
      {
        type: 'adjust_usd',
        participant_id: participantId,
        adjustment_id: newAdjustmentId(),
        amount,
        idempotency_key: body.idempotency_key,
        reason: body.reason,
      },
      actor,
    );
    return usdAdjustmentView(result);
  }

  audit(query: z.output<typeof AuditQuery>): AuditEntryView[] {
    const tickOf = (marketId: string) =>
      this.state.instruments.get(this.state.markets.get(marketId) ?? '')?.market.tick_micros;
    return this.service.store.journalPage(query).map((row) => {
      const entry = auditEntryView(row, this.actorName(row.actor), tickOf);
      // A suspension lists the orders it cancelled (they closed in that command, at its time).
      if (row.type === 'set_participant_status' && entry.details.status === 'suspended') {
        const participantId = entry.details.participant_id as string;
        entry.details.cancelled_orders = this.service.store.ordersSuspendedAt(participantId, row.time);
      }
      return entry;
    });
  }

  // ---- markets ----

  marketsOverview(): MarketOverviewView[] {
    return [...this.state.instruments.values()].map((instrument) => this.overview(instrument));
  }

  book(marketId: string, depth: number): BookView {
    const instrument = this.marketInstrument(marketId);
    const book = this.state.books.get(marketId)!;
    return bookView(instrument, book.depth(depth), this.service.lastSeq, this.state.halted.has(marketId));
  }

  async setHalt(marketId: string, halted: boolean, actor: string): Promise<MarketOverviewView> {
    const instrument = this.marketInstrument(marketId);
    await this.service.submit({ type: 'set_market_halt', market_id: marketId, halted }, actor);
    return this.overview(instrument);
  }

  // ---- orders and trades, acting as a participant ----

  async placeOrder(
    participantId: string,
    body: z.output<typeof PlaceOrderBody>,
    actor: string,
  ): Promise<PlaceOrderResult> {
    const instrument = this.marketInstrument(body.market_id);
    const command: PlaceOrder = {
      type: 'place_order',
      order_id: newOrderId(),
      participant_id: participantId,
      market_id: body.market_id,
      side: body.side,
      order_type: body.type,
      quantity: body.quantity,
      tif: body.time_in_force ?? (body.type === 'market' ? 'ioc' : 'gtc'),
      ...(body.price !== undefined && { price_ticks: this.priceTicks(body.price, instrument) }),
      ...(body.post_only !== undefined && { post_only: body.post_only }),
      ...(body.self_trade_prevention !== undefined && { stp: body.self_trade_prevention }),
      ...(body.client_order_id !== undefined && { client_order_id: body.client_order_id }),
      ...(body.max_slippage_ticks !== undefined && { max_slippage_ticks: body.max_slippage_ticks }),
      ...(body.stop_price !== undefined && {
        stop_price_ticks: this.priceTicks(body.stop_price, instrument),
      }),
    };
    try {
      const { result } = await this.service.submit<PlaceResult>(command, actor);
      return this.placeResultView(result, instrument, participantId);
    } catch (error) {
      // An idempotent retry, the same over every transport: the first order, once it is durable (a
      // concurrent first request may still be committing).
      const duplicate =
        command.client_order_id !== undefined &&
        error instanceof ExchangeError &&
        error.code === REJECTIONS.duplicate_client_order_id.code;
      if (!duplicate) throw error;
      await this.service.whenDurable();
      const first = this.service.store.trading.orderByClientId(participantId, command.client_order_id!);
      if (!first) throw error;
      return { order: orderView(first, instrument), trades: [], replayed: true };
    }
  }

  async amendOrder(
    participantId: string,
    orderId: string,
    body: z.output<typeof AmendOrderBody>,
    actor: string,
  ): Promise<PlaceOrderResult> {
    const open = this.state.orders.get(orderId);
    const instrument = open ? this.state.instruments.get(open.instrument_id)! : undefined;
    const { result } = await this.service.submit<PlaceResult>(
      {
        type: 'amend_order',
        order_id: orderId,
        participant_id: participantId,
        ...(body.price !== undefined &&
          instrument && { price_ticks: this.priceTicks(body.price, instrument) }),
        ...(body.quantity !== undefined && { quantity: body.quantity }),
      },
      actor,
    );
    return this.placeResultView(
      result,
      this.state.instruments.get(result.order.instrument_id)!,
      participantId,
    );
  }

  async cancelOrder(participantId: string | undefined, orderId: string, actor: string): Promise<OrderView> {
    const { result } = await this.service.submit<Parameters<typeof orderView>[0]>(
      {
        type: 'cancel_order',
        order_id: orderId,
        ...(participantId !== undefined && { participant_id: participantId }),
      },
      actor,
    );
    return orderView(result, this.state.instruments.get(result.instrument_id)!);
  }

  async cancelAll(
    participantId: string | undefined,
    marketId: string | undefined,
    actor: string,
  ): Promise<{ cancelled: number }> {
    const { result } = await this.service.submit<{ cancelled: number }>(
      {
        type: 'cancel_all',
        ...(participantId !== undefined && { participant_id: participantId }),
        ...(marketId !== undefined && { market_id: marketId }),
      },
      actor,
    );
    return result;
  }

  orders(
    participantId: string,
    query: { status: 'open' | 'closed' | 'all'; market_id?: string | undefined; limit: number },
  ): OrderView[] {
    this.requireParticipant(participantId);
    return this.service.store
      .ordersOf(participantId, { status: query.status, marketId: query.market_id, limit: query.limit })
      .map((order) => orderView(order, this.state.instruments.get(order.instrument_id)!));
  }

  trades(participantId: string, query: { market_id?: string | undefined; limit: number }): TradeView[] {
    this.requireParticipant(participantId);
    return this.service.store
      .tradesOf(participantId, { marketId: query.market_id, limit: query.limit })
      .map((trade) => tradeView(trade, this.state.instruments.get(trade.instrument_id)!, participantId));
  }

  invariants(): { ok: boolean; problems: string[]; sequence: number } {
    const problems = checkInvariants(this.state);
    return { ok: problems.length === 0, problems, sequence: this.service.lastSeq };
  }

  private placeResultView(
    result: PlaceResult,
    instrument: Instrument,
    participantId: string,
  ): PlaceOrderResult {
    return {
      order: orderView(result.order, instrument),
      trades: result.trades.map((trade) => tradeView(trade, instrument, participantId)),
    };
  }

  private overview(instrument: Instrument): MarketOverviewView {
    const marketId = instrument.market.market_id;
    const tick = instrument.market.tick_micros;
    const book = this.state.books.get(marketId)!;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const activity = this.service.store.marketActivity(marketId, this.service.clock() - DAY_MS);
    return {
      market_id: marketId,
      symbol: instrument.symbol,
      status: instrument.status,
      halted: this.state.halted.has(marketId),
      best_bid: bid === undefined ? null : formatTicks(bid, tick),
      best_ask: ask === undefined ? null : formatTicks(ask, tick),
      spread: bid === undefined || ask === undefined ? null : formatUsd((ask - bid) * tick, 3),
      last_price: activity.lastPriceTicks === null ? null : formatTicks(activity.lastPriceTicks, tick),
      volume_24h: activity.volume,
      open_orders: book.size,
    };
  }

  private priceTicks(price: string, instrument: Instrument): number {
    const ticks = parsePriceTicks(price, instrument.market.tick_micros);
    if (ticks === null) {
      throw new ExchangeError(
        422,
        `price ${price} is not a positive multiple of the tick size ${formatTicks(1, instrument.market.tick_micros)}`,
      );
    }
    return ticks;
  }

  private marketInstrument(marketId: string): Instrument {
    const instrumentId = this.state.markets.get(marketId);
    if (!instrumentId) throw new ExchangeError(404, `market ${marketId} not found`);
    return this.state.instruments.get(instrumentId)!;
  }

  private requireParticipant(participantId: string): void {
    if (!this.state.participants.has(participantId))
      throw new ExchangeError(404, `participant ${participantId} not found`);
  }

  private actorName(actor: string): string {
    if (actor === SYSTEM_ACTOR) return 'System';
    return this.state.participants.get(actor)?.name ?? actor;
  }

  private view(participant: Participant): ParticipantView {
    const units = [...this.state.instruments.values()].flatMap((instrument) => {
      const balance = this.state.units.get(unitKey(participant.participant_id, instrument.instrument_id));
      return balance && balance.total > 0 ? [unitBalanceView(instrument, balance)] : [];
    });
    return participantView(participant, this.service.engine.usdBalance(participant.participant_id), units);
  }
}
