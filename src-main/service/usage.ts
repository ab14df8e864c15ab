import type { z } from 'zod';
import type { CallView, UsagePage, UsageQuery } from '../../src-preload/contract-consumption';
import type { CallRecord } from '../engine/consumption-types';
import { formatTicks, formatUsd } from '../engine/money';
import type { Calls } from './calls';
import type { ExchangeService } from './exchange-service';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every call's usage record in wire shape: who called, who served, what it measured and what it cost. */
export class Usage {
  constructor(
    private readonly service: ExchangeService,
    private readonly calls: Calls,
  ) {}

  private get state() {
    return this.service.engine.state;
  }

  /** Newest first; `next_before` pages back. Waits for calls already settled to be stored (read your writes). */
  async page(query: z.output<typeof UsageQuery>): Promise<UsagePage> {
    await this.service.whenDurable();
    return this.pageNow(query);
  }

  /** The page from what is stored now. */
  pageNow(query: z.output<typeof UsageQuery>): UsagePage {
    const records = this.service.store.consumption.calls({
      ...query,
      from: query.from === undefined ? undefined : Date.parse(query.from),
      to: query.to === undefined ? undefined : Date.parse(query.to),
      limit: query.limit + 1,
    });
    const more = records.length > query.limit;
    const calls = records.slice(0, query.limit).map((record) => this.view(record));
    return { calls, next_before: more ? calls[calls.length - 1]!.sequence : null };
  }

  view(call: CallRecord): CallView {
    const instrument = this.state.instruments.get(call.instrument_id)!;
    const tick = instrument.market.tick_micros;
    const endpoint = call.endpoint_id === null ? undefined : this.state.endpoints.get(call.endpoint_id);
    return {
      call_id: call.call_id,
      sequence: call.seq,
      participant_id: call.participant_id,
      key_id: call.key_id,
      key_name: this.state.consumptionKeys.get(call.key_id)?.name ?? call.key_id,
      instrument_id: call.instrument_id,
      symbol: instrument.symbol,
      surface: call.surface,
      streamed: call.streamed,
      endpoint_id: call.endpoint_id,
      endpoint_name: endpoint?.name ?? null,
      supplier_id: call.supplier_id,
      supplier_name:
        call.supplier_id === null ? null : (this.state.participants.get(call.supplier_id)?.name ?? null),
      substituted: call.substituted,
      attempts: call.attempts,
      outcome: call.outcome,
      input_tokens: call.input_tokens,
      output_tokens: call.output_tokens,
      reserved_tokens: call.reserved_tokens,
      billed_tokens: call.billed_tokens,
      ttft_ms: call.ttft_ms,
      tokens_per_second:
        call.throughput_milli_tps === null ? null : (call.throughput_milli_tps / 1000).toFixed(1),
      cost: formatUsd(this.calls.cost(call, instrument)),
      started_at: iso(call.started_at),
      finished_at: iso(call.finished_at),
      duration_ms: call.finished_at - call.started_at,
      error: call.error,
      lots: call.parts.map((part) => {
        const price = part.trade_id === null ? null : this.calls.priceTicksOf(part.trade_id);
        return { ...part, price: price === null ? null : formatTicks(price, tick) };
      }),
    };
  }
}

const CSV_COLUMNS = [
  'call_id',
  'started_at',
  'finished_at',
  'symbol',
  'key_name',
  'supplier_name',
  'endpoint_name',
  'surface',
  'streamed',
  'outcome',
  'substituted',
  'attempts',
  'input_tokens',
  'output_tokens',
  'billed_tokens',
  'ttft_ms',
  'tokens_per_second',
  'cost',
  'error',
] as const satisfies readonly (keyof CallView)[];

/** The calls as CSV (RFC 4180 quoting), one header row. */
export function usageCsv(calls: readonly CallView[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = calls.map((call) => CSV_COLUMNS.map((column) => cell(call[column])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
