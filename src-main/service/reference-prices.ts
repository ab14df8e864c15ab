import type { ReferencePrice } from '../engine/reference-prices';
import { MarketDataQueries } from '../store/market-data-queries';
import { type Clock, type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import { realTimers, type Timers } from './timers';

const HOUR_MS = 60 * 60 * 1000;
/** Trades in this window before publication make the VWAP. */
export const REFERENCE_WINDOW_MS = 4 * HOUR_MS;
/** Publications happen at every sweep boundary: 00, 04, 08, 12, 16 and 20 h UTC by default. */
export const SWEEP_INTERVAL_MS = 4 * HOUR_MS;
export const AVERAGE_WINDOW_MS = 30 * 24 * HOUR_MS;

export interface ReferencePriceInputs {
  instrument_id: string;
  /** Publication time; the window is `window_start < executed_at <= window_end`. */
  published_at: number;
  window_start: number;
  window_end: number;
  /** The trades in the window, prices in micro-dollars per Unit. */
  trades: Iterable<{ price_micros: number; quantity: number }>;
  best_bid_micros: number | null;
  best_ask_micros: number | null;
  /** The instrument's previous publication, if any. */
  previous: Pick<ReferencePrice, 'price_micros'> | null | undefined;
  /** Non-null prices published for the instrument in the 30 days before this publication. */
  earlier_prices_30d: readonly number[];
}

/** a / b rounded half up, exactly, for non-negative bigints. */
const roundedDiv = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

/**
 * The Grid Desk Reference Price (product.md): the VWAP of the window's trades; with none, the mid of best
 * bid and best ask; with neither, the previous value carried forward and marked stale ('none' when
 * nothing was ever published). The 30-day average is the mean of the earlier non-null prices and this
 * one. Everything is rounded half up to the micro-dollar. Pure: no clock, no I/O.
 */
export function computeReferencePrice(inputs: ReferencePriceInputs): ReferencePrice {
  let volume = 0;
  let notional = 0n;
  for (const trade of inputs.trades) {
    volume += trade.quantity;
    notional += BigInt(trade.price_micros) * BigInt(trade.quantity);
  }
  let price_micros: number | null;
  let method: ReferencePrice['method'];
  if (volume > 0) {
    price_micros = Number(roundedDiv(notional, BigInt(volume)));
    method = 'vwap';
  } else if (inputs.best_bid_micros !== null && inputs.best_ask_micros !== null) {
    price_micros = Number(roundedDiv(BigInt(inputs.best_bid_micros + inputs.best_ask_micros), 2n));
    method = 'mid';
  } else if (inputs.previous?.price_micros !== null && inputs.previous?.price_micros !== undefined) {
    price_micros = inputs.previous.price_micros;
    method = 'carried';
  } else {
    price_micros = null;
    method = 'none';
  }
  const prices =
    price_micros === null ? inputs.earlier_prices_30d : [...inputs.earlier_prices_30d, price_micros];
  const sum = prices.reduce((total, p) => total + BigInt(p), 0n);
  return {
    instrument_id: inputs.instrument_id,
    published_at: inputs.published_at,
    price_micros,
    method,
    stale: method === 'carried' || method === 'none',
    volume,
    window_start: inputs.window_start,
    window_end: inputs.window_end,
    average_30d_micros: prices.length === 0 ? null : Number(roundedDiv(sum, BigInt(prices.length))),
  };
}

/**
 * Computes and publishes every instrument's Reference Price through the engine command
 * `publish_reference_prices` (journaled; the latest per instrument is in engine state).
 */
export class ReferencePrices {
  private readonly queries: MarketDataQueries;

  constructor(readonly service: ExchangeService) {
    this.queries = new MarketDataQueries(service.store.db);
  }

  /** Every instrument's Reference Price as of `asOf` (default now), without publishing it. */
  compute(asOf: number = this.service.clock()): ReferencePrice[] {
    const state = this.service.engine.state;
    const windowStart = asOf - REFERENCE_WINDOW_MS;
    return [...state.instruments.values()].map((instrument) => {
      const { market_id, tick_micros } = instrument.market;
      const book = state.books.get(market_id)!;
      const bid = book.bestBid();
      const ask = book.bestAsk();
      const rows = this.queries.tradesBetween(market_id, windowStart, asOf);
      return computeReferencePrice({
        instrument_id: instrument.instrument_id,
        published_at: asOf,
        window_start: windowStart,
        window_end: asOf,
        trades: (function* () {
          for (const row of rows)
            yield { price_micros: row.price_ticks * tick_micros, quantity: row.quantity };
        })(),
        best_bid_micros: bid === undefined ? null : bid * tick_micros,
        best_ask_micros: ask === undefined ? null : ask * tick_micros,
        previous: state.referencePrices.get(instrument.instrument_id),
        earlier_prices_30d: this.queries.publishedPricesAfter(
          instrument.instrument_id,
          asOf - AVERAGE_WINDOW_MS,
        ),
      });
    });
  }

  /**
   * Publishes every instrument's Reference Price as of `asOf` (default now) and resolves once it is
   * durable. `actor` is the operator's participant_id for an on-demand publication, or "system".
   */
  async publish(actor: string = SYSTEM_ACTOR, asOf?: number): Promise<ReferencePrice[]> {
    const prices = this.compute(asOf);
    const { result } = await this.service.submit<ReferencePrice[]>(
      { type: 'publish_reference_prices', prices },
      actor,
    );
    return result;
  }

  /** The most recent publication time of any instrument (engine state), or null when there is none. */
  lastPublishedAt(): number | null {
    let last: number | null = null;
    for (const price of this.service.engine.state.referencePrices.values()) {
      if (last === null || price.published_at > last) last = price.published_at;
    }
    return last;
  }
}

export interface ScheduleOptions {
  /** Distance between boundaries, counted from 00:00 UTC (default 4 h: 00/04/08/12/16/20 UTC). */
  intervalMs?: number;
  /** Timer functions (tests inject their own); default the global ones, unref'd. */
  timers?: Timers;
  /** The publisher to use (the composition root shares one); default a new one. */
  publisher?: ReferencePrices;
  /** Hears every scheduled publication. */
  onPublished?: (prices: ReferencePrice[], boundary: number) => void;
  /** Hears failures (default: console.error); the schedule carries on. */
  onError?: (error: unknown) => void;
}

/**
 * Publishes Reference Prices at every sweep boundary, from the service's clock: a timer to the next
 * boundary, re-armed after each publication. On start, a boundary missed while the exchange was down
 * (the last publication is older than the most recent boundary) is published at once, as of that
 * boundary.
 */
export class ReferencePriceSchedule {
  readonly publisher: ReferencePrices;
  readonly intervalMs: number;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private timer: unknown = null;
  private running = false;
  private due: number | null = null;

  constructor(
    readonly service: ExchangeService,
    private readonly options: ScheduleOptions = {},
  ) {
    this.publisher = options.publisher ?? new ReferencePrices(service);
    this.intervalMs = options.intervalMs ?? SWEEP_INTERVAL_MS;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 1000) {
      throw new Error(`intervalMs must be a whole number of milliseconds of at least 1000`);
    }
    this.clock = service.clock;
    this.timers = options.timers ?? realTimers;
  }

  /** The boundary at or before `time`. */
  boundaryAtOrBefore(time: number): number {
    return Math.floor(time / this.intervalMs) * this.intervalMs;
  }

  /** When the next scheduled publication is due (epoch ms), or null when stopped. */
  get nextRun(): number | null {
    return this.due;
  }

  /**
   * Starts the schedule. Resolves once a missed boundary, if any, is published (with those prices) or
   * with null when nothing was missed.
   */
  async start(): Promise<ReferencePrice[] | null> {
    if (this.running) return null;
    this.running = true;
    let published: ReferencePrice[] | null = null;
    const boundary = this.boundaryAtOrBefore(this.clock());
    const last = this.publisher.lastPublishedAt();
    if (last === null || last < boundary) published = await this.publishAt(boundary);
    this.arm();
    return published;
  }

  stop(): void {
    this.running = false;
    this.due = null;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (!this.running) return;
    const now = this.clock();
    this.due = this.boundaryAtOrBefore(now) + this.intervalMs;
    this.timer = this.timers.setTimeout(() => void this.fire(), this.due - now);
  }

  private async fire(): Promise<void> {
    this.timer = null;
    if (!this.running || this.due === null) return;
    const now = this.clock();
    if (now < this.due) {
      // Woken early (the clock and the timer disagree): wait the rest.
      this.timer = this.timers.setTimeout(() => void this.fire(), this.due - now);
      return;
    }
    // Late by more than one interval (a suspended machine): publish the most recent boundary only.
    const boundary = this.boundaryAtOrBefore(now);
    const last = this.publisher.lastPublishedAt();
    if (last === null || last < boundary) await this.publishAt(boundary);
    this.arm();
  }

  private async publishAt(boundary: number): Promise<ReferencePrice[] | null> {
    try {
      const prices = await this.publisher.publish(SYSTEM_ACTOR, boundary);
      this.options.onPublished?.(prices, boundary);
      return prices;
    } catch (error) {
      (this.options.onError ?? ((e: unknown) => console.error('reference price publication failed', e)))(
        error,
      );
      return null;
    }
  }
}
