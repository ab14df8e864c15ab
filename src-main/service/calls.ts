import type { EndpointTestResult } from '../../src-preload/contract-consumption';
import type { CallRecord, CallSurface, ConsumptionKey, ModelEndpoint } from '../engine/consumption-types';
import { judgeDelivery, throughput } from '../engine/delivery-rules';
import type { Instrument } from '../engine/instruments';
import type { Lot } from '../engine/lifecycle-types';
import {
  ChatCompletionAssembler,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatRequest,
  type ChatUsage,
  requestedMaxTokens,
} from '../delivery/chat';
import { chunkHasOutput, isDeliveryError } from '../delivery/endpoint';
import { countTextTokens, reservePromptTokens } from '../delivery/tokens';
import { type ConsumptionKeys, RateLimited } from './consumption-keys';
import { ExchangeError } from './errors';
import { type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import { newId } from './ids';
import type { AutoTopUps } from './auto-top-ups';
import type { ModelEndpoints } from './model-endpoints';

/** Seconds a client is told to wait while an Auto Mode top-up is in flight. */
const TOP_UP_RETRY_SECONDS = 2;

export interface CallInput {
  key: ConsumptionKey;
  instrument: Instrument;
  request: ChatRequest;
  surface: CallSurface;
  /** Aborts when the client goes away: the upstream call stops and the call is not billed. */
  signal: AbortSignal;
}

interface Candidate {
  endpoint: ModelEndpoint;
  substituted: boolean;
}

/** What a finished call reports to the adapter that served it. */
export interface CallResult {
  record: CallRecord;
  usage: ChatUsage;
  /** Micro-dollars the billed tokens cost at the Lots' purchase prices. */
  cost_micros: number;
}

/**
 * One call in flight, from its first output chunk on: the adapter drains `chunks()` (which settles the
 * call when it ends, whichever way it ends) and reads `result` afterwards.
 */
export interface Delivery {
  readonly callId: string;
  chunks(): AsyncGenerator<ChatCompletionChunk>;
  /** The whole answer so far, as a non-streaming completion (with the metered usage once finished). */
  completion(): ChatCompletion;
  readonly result: CallResult | null;
}

/**
 * The Consumption API's calls: admission (key limits), reservation of tokens before the call starts,
 * routing (the supplier that sold the Lot being drawn, else the best ask; on a failure before the first
 * token, the next endpoint), measurement (TTFT, throughput), metering, and settlement by the billing rule.
 */
export class Calls {
  private readonly prices = new Map<string, number | null>();
  /** Hears each attempt that failed before its call moved on to another endpoint (the monitor counts it). */
  onAttemptFailed: ((endpoint: ModelEndpoint, instrumentId: string, at: number) => void) | null = null;

  constructor(
    private readonly service: ExchangeService,
    private readonly keys: ConsumptionKeys,
    private readonly endpoints: ModelEndpoints,
    private readonly autoTopUps: AutoTopUps,
  ) {}

  private get state() {
    return this.service.engine.state;
  }

  /** The instrument a request's `model` names (its symbol or id); 404 otherwise. */
  instrumentFor(model: string): Instrument {
    for (const instrument of this.state.instruments.values())
      if (instrument.symbol === model || instrument.instrument_id === model) return instrument;
    const live = [...this.state.instruments.values()].filter((i) => i.status === 'live').map((i) => i.symbol);
    throw new ExchangeError(404, `model ${model} not found: use an instrument, one of ${live.join(', ')}`);
  }

  /**
   * Starts a call and resolves once its first output is ready, so a failure before any output is still
   * an HTTP error: 402 (no Units), 429 (key limits), 503 (top-up in flight, or no supplier serving),
   * 502/504 (every eligible endpoint failed; never billed).
   */
  async start(input: CallInput): Promise<Delivery> {
    const { key, instrument, request } = input;
    const participantId = key.participant_id;
    const instrumentId = instrument.instrument_id;
    const maxOutput = requestedMaxTokens(request) ?? instrument.spec.output_length_min_tokens;
    const promptTokens = reservePromptTokens(request.messages, request.tools ?? undefined).tokens;
    const reserve = promptTokens + maxOutput;
    this.keys.admit(key, reserve);
    this.autoTopUps.check(participantId, instrumentId);
    const callId = newId('call');
    try {
      this.service
        .execute(
          {
            type: 'reserve_tokens',
            reservation_id: callId,
            participant_id: participantId,
            instrument_id: instrumentId,
            key_id: key.key_id,
            tokens: reserve,
          },
          participantId,
        )
        .durable.catch(logLost);
    } catch (error) {
      if (error instanceof ExchangeError && error.code === 1021) {
        if (this.autoTopUps.inFlight(participantId, instrumentId))
          throw new RateLimited(
            `Auto Mode is buying ${instrument.symbol} for this account; retry shortly`,
            TOP_UP_RETRY_SECONDS,
            503,
          );
        throw new ExchangeError(
          402,
          `${error.detail} (${instrument.symbol}): buy Units of ${instrument.symbol}`,
        );
      }
      throw error;
    }
    const call = new CallRun(this, input, callId, promptTokens);
    try {
      await call.open(this.candidates(participantId, instrument));
    } catch (error) {
      call.settle(false);
      throw error;
    }
    return call;
  }

  /** Endpoints that may serve the next call of this participant, best first. */
  candidates(participantId: string, instrument: Instrument): Candidate[] {
    const eligible = this.servingEndpoints(instrument.instrument_id).filter(
      (e) => this.endpoints.runtime(e).inFlight < this.endpoints.maxConcurrency(e),
    );
    const lot = this.nearestLot(participantId, instrument.instrument_id);
    const seller = lot?.funding.find((f) => f.tokens_remaining > 0)?.supplier_id ?? null;
    // Ranking needs the book's best asks: a scan of every resting order, skipped when there is no choice.
    if (eligible.length > 1) {
      const asks = this.bestAsks(instrument.market.market_id);
      const rank = (e: ModelEndpoint) =>
        e.participant_id === seller ? -1 : (asks.get(e.participant_id) ?? Infinity);
      eligible.sort((a, b) => rank(a) - rank(b) || (a.endpoint_id < b.endpoint_id ? -1 : 1));
    }
    return eligible.map((endpoint) => ({
      endpoint,
      substituted: seller !== null && endpoint.participant_id !== seller,
    }));
  }

  /** Endpoints that may serve the instrument: admitted to its roster (before rosters: registered for it). */
  private servingEndpoints(instrumentId: string): ModelEndpoint[] {
    const ids = this.state.rostersEnabled
      ? [...this.state.roster.values()].flatMap((e) =>
          e.instrument_id === instrumentId && e.status === 'admitted' && e.endpoint_id !== null
            ? [e.endpoint_id]
            : [],
        )
      : [...this.state.endpoints.values()]
          .filter((e) => e.instrument_id === instrumentId)
          .map((e) => e.endpoint_id);
    return [...new Set(ids)]
      .map((id) => this.state.endpoints.get(id)!)
      .filter((e) => this.endpoints.notServing(e, instrumentId) === null);
  }

  /** The participant's live Lot drawn first (nearest expiry, then lot id): liveLots(...)[0] without the sort. */
  private nearestLot(participantId: string, instrumentId: string): Lot | undefined {
    const now = this.service.clock();
    let best: Lot | undefined;
    for (const lot of this.state.lots.values())
      if (
        lot.participant_id === participantId &&
        lot.instrument_id === instrumentId &&
        lot.expires_at > now &&
        lot.tokens_remaining > 0 &&
        (best === undefined ||
          lot.expires_at < best.expires_at ||
          (lot.expires_at === best.expires_at && lot.lot_id < best.lot_id))
      )
        best = lot;
    return best;
  }

  /** What a billed call cost, from its funding trades' prices (own issuance costs nothing). */
  cost(record: CallRecord, instrument: Instrument): number {
    let tickTokens = 0;
    for (const part of record.parts)
      if (part.trade_id !== null) tickTokens += part.tokens * (this.priceTicksOf(part.trade_id) ?? 0);
    return Math.round((tickTokens * instrument.market.tick_micros) / 1_000_000);
  }

  /** A trade's price in ticks (trades never change, so it is cached). */
  priceTicksOf(tradeId: string): number | null {
    let price = this.prices.get(tradeId);
    if (price === undefined) {
      price = this.service.store.consumption.priceTicks(tradeId);
      if (price !== null) this.prices.set(tradeId, price);
    }
    return price;
  }

  /**
   * The supplier's "Test": one call through the endpoint, measured and judged like a real one, billed to
   * no one (no reservation, no record).
   */
  async test(endpoint: ModelEndpoint, prompt: string): Promise<EndpointTestResult> {
    const instrument = this.state.instruments.get(endpoint.instrument_id)!;
    const assembler = new ChatCompletionAssembler();
    const started = performance.now();
    let first: number | null = null;
    let last: number | null = null;
    let error: string | null = null;
    let completed = false;
    try {
      const request = {
        model: instrument.symbol,
        messages: [{ role: 'user' as const, content: prompt }],
        stream: true,
      };
      const timeout = AbortSignal.timeout(120_000);
      for await (const chunk of this.endpoints
        .runtime(endpoint)
        .deliverer.complete(request as ChatRequest, timeout)) {
        assembler.add(chunk);
        if (chunkHasOutput(chunk)) last = first === null ? (first = performance.now()) : performance.now();
      }
      completed = true;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const completion = assembler.result();
    const content = completion.choices[0]?.message.content ?? '';
    const output = assembler.reportedUsage?.completion_tokens ?? countTextTokens(content);
    const measures = {
      completed,
      cancelled: false,
      ttft_ms: first === null ? null : Math.round(first - started),
      output_tokens: output,
      streaming_seconds: first !== null && last !== null ? (last - first) / 1000 : 0,
    };
    const rate = throughput(measures);
    return {
      ok: completed,
      ttft_ms: measures.ttft_ms,
      tokens_per_second: rate === null ? null : rate.toFixed(1),
      output_tokens: output,
      content,
      error,
      verdict: judgeDelivery(instrument.spec, measures),
    };
  }

  /** Settles a call (applied now, committed with the next batch) and charges its key's budget. */
  settle(
    call: Parameters<ExchangeService['execute']>[0] & { type: 'settle_call' },
    input: CallInput,
  ): CallResult {
    const { result, durable } = this.service.execute<CallRecord>(call, SYSTEM_ACTOR);
    durable.catch(logLost);
    const record = result.result;
    const cost = this.cost(record, input.instrument);
    this.keys.spend(record.key_id, cost);
    return {
      record,
      cost_micros: cost,
      usage: {
        prompt_tokens: record.input_tokens,
        completion_tokens: record.output_tokens,
        total_tokens: record.input_tokens + record.output_tokens,
      },
    };
  }

  clock(): number {
    return this.service.clock();
  }

  runtime(endpoint: ModelEndpoint) {
    return this.endpoints.runtime(endpoint);
  }

  private bestAsks(marketId: string): Map<string, number> {
    const best = new Map<string, number>();
    for (const order of this.state.orders.values()) {
      if (order.market_id !== marketId || order.side !== 'sell' || order.price_ticks === null) continue;
      const current = best.get(order.participant_id);
      if (current === undefined || order.price_ticks < current)
        best.set(order.participant_id, order.price_ticks);
    }
    return best;
  }
}

/** One call: its attempts, measurements and settlement. */
class CallRun implements Delivery {
  private assembler = new ChatCompletionAssembler();
  private readonly startedAt: number;
  private candidate: Candidate | null = null;
  private attempts = 0;
  private iterator: AsyncIterator<ChatCompletionChunk> | null = null;
  private buffered: ChatCompletionChunk[] = [];
  private attemptStarted = 0;
  private firstOutputAt: number | null = null;
  private lastOutputAt: number | null = null;
  private completed = false;
  private failure: string | null = null;
  private release: (() => void) | null = null;
  private readonly abort = new AbortController();
  result: CallResult | null = null;

  constructor(
    private readonly calls: Calls,
    private readonly input: CallInput,
    readonly callId: string,
    private readonly promptEstimate: number,
  ) {
    this.startedAt = calls.clock();
    input.signal.addEventListener('abort', () => this.abort.abort(input.signal.reason), { once: true });
  }

  /**
   * Tries each candidate until one produces output (a stream) or a whole answer (not streaming: nothing
   * reaches the client before the end, so a failure mid-answer moves on to the next endpoint too); throws
   * 503/502/504 when none does.
   */
  async open(candidates: Candidate[]): Promise<void> {
    if (candidates.length === 0)
      throw new RateLimited(
        `no supplier is serving ${this.input.instrument.symbol} right now; retry shortly`,
        5,
        503,
      );
    let timedOut = false;
    for (const candidate of candidates) {
      if (this.input.signal.aborted) throw new ExchangeError(499, 'the client closed the request');
      this.attempts += 1;
      this.begin(candidate);
      try {
        for (;;) {
          const next = await this.iterator!.next();
          if (next.done) {
            this.completed = true;
            return;
          }
          this.take(next.value);
          this.buffered.push(next.value);
          if (this.firstOutputAt !== null && this.input.request.stream) return;
        }
      } catch (error) {
        this.end();
        if (this.input.signal.aborted) throw new ExchangeError(499, 'the client closed the request');
        if (!isDeliveryError(error)) throw error;
        timedOut ||= error.kind === 'timeout';
        this.calls.onAttemptFailed?.(
          candidate.endpoint,
          this.input.instrument.instrument_id,
          this.calls.clock(),
        );
        this.failure = `${candidate.endpoint.name}: ${error.message}`;
        // Nothing reached the client: the next endpoint starts afresh.
        this.buffered = [];
      }
    }
    throw new ExchangeError(
      timedOut ? 504 : 502,
      `every eligible supplier of ${this.input.instrument.symbol} failed (not billed); last: ${this.failure}`,
    );
  }

  async *chunks(): AsyncGenerator<ChatCompletionChunk> {
    try {
      const ready = this.buffered;
      this.buffered = [];
      yield* ready;
      while (!this.completed) {
        const next = await this.iterator!.next();
        if (next.done) {
          this.completed = true;
          break;
        }
        this.take(next.value);
        yield next.value;
      }
    } catch (error) {
      if (!isDeliveryError(error) && !this.abort.signal.aborted) throw error;
      if (isDeliveryError(error)) this.failure = `${this.candidate!.endpoint.name}: ${error.message}`;
    } finally {
      // Finished, failed, or the client went away (the adapter stops iterating): settle exactly once.
      if (!this.completed) this.abort.abort(new Error('the call ended before the answer did'));
      this.settle(this.completed);
    }
  }

  completion(): ChatCompletion {
    return this.assembler.result(this.result?.usage ?? this.assembler.reportedUsage);
  }

  /** Settles once: billed or not by the instrument's rules, from what was measured. */
  settle(completed: boolean): void {
    if (this.result) return;
    this.end();
    const measures = {
      completed,
      cancelled: !completed && this.input.signal.aborted,
      ttft_ms: this.firstOutputAt === null ? null : Math.round(this.firstOutputAt - this.attemptStarted),
      output_tokens: 0,
      streaming_seconds:
        this.firstOutputAt !== null && this.lastOutputAt !== null
          ? (this.lastOutputAt - this.firstOutputAt) / 1000
          : 0,
    };
    const usage = this.meteredUsage();
    measures.output_tokens = usage.completion_tokens;
    const outcome = judgeDelivery(this.input.instrument.spec, measures);
    const rate = throughput(measures);
    const endpoint = this.candidate?.endpoint ?? null;
    this.result = this.calls.settle(
      {
        type: 'settle_call',
        call: {
          call_id: this.callId,
          surface: this.input.surface,
          streamed: this.input.request.stream === true,
          endpoint_id: endpoint?.endpoint_id ?? null,
          supplier_id: endpoint?.participant_id ?? null,
          substituted: this.candidate?.substituted ?? false,
          attempts: this.attempts,
          outcome,
          input_tokens: usage.prompt_tokens,
          output_tokens: usage.completion_tokens,
          ttft_ms: measures.ttft_ms,
          throughput_milli_tps: rate === null ? null : Math.round(rate * 1000),
          started_at: this.startedAt,
          finished_at: this.calls.clock(),
          error:
            outcome === 'billed'
              ? null
              : (this.failure ?? describe(outcome, measures, this.input.instrument)),
          bill_tokens: outcome === 'billed' ? usage.prompt_tokens + usage.completion_tokens : 0,
        },
      },
      this.input,
    );
  }

  private begin(candidate: Candidate): void {
    this.candidate = candidate;
    const runtime = this.calls.runtime(candidate.endpoint);
    runtime.inFlight += 1;
    let released = false;
    this.release = () => {
      if (!released) runtime.inFlight -= 1;
      released = true;
    };
    this.assembler = new ChatCompletionAssembler();
    this.attemptStarted = performance.now();
    this.firstOutputAt = null;
    this.lastOutputAt = null;
    this.iterator = runtime.deliverer.complete(this.input.request, this.abort.signal)[Symbol.asyncIterator]();
  }

  private end(): void {
    this.release?.();
    this.release = null;
  }

  private take(chunk: ChatCompletionChunk): void {
    this.assembler.add(chunk);
    if (chunkHasOutput(chunk)) {
      const now = performance.now();
      this.firstOutputAt ??= now;
      this.lastOutputAt = now;
    }
  }

  /** The upstream's usage when it reported one, else counted: the prompt estimate and the answer's tokens. */
  private meteredUsage(): ChatUsage {
    const reported = this.assembler.reportedUsage;
    if (reported) return reported;
    const answer = this.assembler.result();
    let text = '';
    for (const choice of answer.choices) {
      text += choice.message.content ?? '';
      for (const call of choice.message.tool_calls ?? [])
        text += call.function.name + call.function.arguments;
    }
    const completion = countTextTokens(text);
    return {
      prompt_tokens: this.promptEstimate,
      completion_tokens: completion,
      total_tokens: this.promptEstimate + completion,
    };
  }
}

function describe(
  outcome: CallRecord['outcome'],
  measures: { ttft_ms: number | null; output_tokens: number; streaming_seconds: number },
  instrument: Instrument,
): string {
  switch (outcome) {
    case 'late':
      return `first token after ${measures.ttft_ms} ms, over the ${instrument.spec.ttft_max_ms} ms ceiling of ${instrument.symbol}`;
    case 'out_of_spec':
      return `${(measures.output_tokens / measures.streaming_seconds).toFixed(1)} tokens/s, under the ${instrument.spec.throughput_floor_tps} tokens/s floor of ${instrument.symbol}`;
    case 'cancelled':
      return 'the client closed the connection before the answer ended';
    default:
      return 'the call did not complete';
  }
}

function logLost(error: unknown): void {
  console.error('a call could not be journaled', error);
}
