/**
 * The audit log in words: each journaled command as a sentence a person reads ("Initech bought 3
 * text-prime at $2.500, GTC"), with names for ids, symbols for markets, USD for money and local times
 * for instants. The raw record stays a click away in the log; anything not described here falls back to
 * its fields, readably.
 */
import type { AuditEntryView, InstrumentView } from '../../../src-preload/contract';
import {
  capitalize,
  formatCount,
  formatDetails,
  formatInteger,
  formatPrice,
  formatSeconds,
  formatTime,
  formatUsd,
} from '../../lib/format';
import { fromMicros, toMicros } from '../../lib/money';

export interface AuditContext {
  /** Participant id → name. */
  names: ReadonlyMap<string, string>;
  instruments: readonly InstrumentView[];
}

/** What an audit row shows and filters on. */
export interface AuditWords {
  kind: string;
  /** The participant the entry concerns (by name), or "" for exchange-wide ones. */
  participant: string;
  symbol: string;
  sentence: string;
}

const kinds: Record<string, string> = {
  define_instrument: 'Instrument defined',
  create_participant: 'Participant created',
  set_participant_status: 'Participant status',
  adjust_usd: 'USD adjustment',
  place_order: 'Order placed',
  cancel_order: 'Order cancelled',
  cancel_all: 'Orders cancelled',
  amend_order: 'Order amended',
  set_market_halt: 'Market halt',
  issue_units: 'Units issued',
  declare_supply_capacity: 'Capacity declared',
  review_supply: 'Capacity reviewed',
  transfer_issuance_to_trading: 'Issuance to trading',
  transfer_to_consumption: 'Transfer to consumption',
  run_sweep: 'Sweep',
  set_sweep_schedule: 'Sweep schedule',
  expire_lots: 'Lots expired',
  set_auto_mode: 'Auto Mode settings',
  auto_top_up: 'Auto Mode top-up',
  draw_tokens: 'Tokens drawn',
  register_signing_key: 'API key registered',
  revoke_signing_key: 'API key revoked',
  publish_reference_prices: 'Reference prices published',
  create_consumption_key: 'Consumption key created',
  update_consumption_key: 'Consumption key changed',
  revoke_consumption_key: 'Consumption key revoked',
  register_model_endpoint: 'Model endpoint registered',
  update_model_endpoint: 'Model endpoint changed',
  reserve_tokens: 'Tokens reserved',
  settle_call: 'Call settled',
  release_reservations: 'Reservations released',
  enable_rosters: 'Rosters enabled',
  apply_to_roster: 'Roster application',
  set_roster_status: 'Roster decision',
  publish_spec_revision: 'Specification revision published',
  apply_spec_revision: 'Specification revision applied',
  set_spec_notice: 'Revision notice period',
};

/** "place_order" → "Order placed"; an action this UI does not know → "Some action". */
export const kindOf = (action: string) => kinds[action] ?? capitalize(action.replace(/_/g, ' '));

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
/** Instants come as epoch milliseconds (a sweep's slot, a revision's effective time). */
const instant = (value: unknown) =>
  typeof value === 'number' ? formatTime(new Date(value).toISOString()) : '—';

export function describeAudit(entry: AuditEntryView, context: AuditContext): AuditWords {
  const d = entry.details;
  const participantId =
    text(d.participant_id) ?? text((d.key as { participant_id?: unknown } | undefined)?.participant_id);
  const participant = participantId ? (context.names.get(participantId) ?? participantId) : '';
  const instrument = context.instruments.find(
    (candidate) =>
      candidate.instrument_id === d.instrument_id || candidate.trading_parameters.market_id === d.market_id,
  );
  const symbol = instrument?.symbol ?? text(d.symbol) ?? '';
  const who = participant || entry.actor_name;
  const units = (n: unknown) => formatCount(count(n) ?? 0, `${symbol} Unit`.trim());
  const words = (sentence: string): AuditWords => ({
    kind: kindOf(entry.action),
    participant,
    symbol,
    sentence,
  });
  // A price in ticks of this instrument's market, as USD (the exchange sends most prices as USD already).
  const ticks = (n: unknown) => {
    const tick = toMicros(instrument?.trading_parameters.tick_size);
    return typeof n === 'number' && tick !== null ? formatPrice(fromMicros(tick * BigInt(n), 3)) : String(n);
  };

  switch (entry.action) {
    case 'define_instrument':
      return words(`Defined the instrument ${symbol}`);
    case 'create_participant':
      return words(`Created the ${text(d.role) ?? 'participant'} ${text(d.name) ?? participant}`);
    case 'set_participant_status':
      return words(d.status === 'suspended' ? `Suspended ${participant}` : `Resumed ${participant}`);
    case 'adjust_usd': {
      const amount = text(d.amount) ?? '0';
      const withdrawal = amount.startsWith('-');
      const shown = formatUsd(withdrawal ? amount.slice(1) : amount);
      const reason = text(d.reason) ? ` (${text(d.reason)})` : '';
      return words(
        withdrawal
          ? `Withdrew ${shown} from ${participant}${reason}`
          : `Deposited ${shown} to ${participant}${reason}`,
      );
    }
    case 'place_order': {
      const verb = d.side === 'sell' ? 'Sell' : 'Buy';
      const at = d.order_type === 'market' ? 'at market' : `at ${formatPrice(text(d.price) ?? null)}`;
      const tif = text(d.tif)?.toUpperCase() ?? '';
      return words(
        `${who}: ${verb} ${formatInteger(count(d.quantity) ?? 0)} ${symbol} ${at}, ${tif}${d.post_only ? ', post-only' : ''}`,
      );
    }
    case 'cancel_order':
      return words(`Cancelled order ${text(d.order_id) ?? ''}${participant ? ` of ${participant}` : ''}`);
    case 'cancel_all':
      return words(
        `Cancelled every open order${participant ? ` of ${participant}` : ''}${symbol ? ` in ${symbol}` : ''}`,
      );
    case 'amend_order': {
      const changes = [
        count(d.quantity) !== undefined ? `quantity ${formatInteger(count(d.quantity))}` : null,
        text(d.price) ? `price ${formatPrice(text(d.price))}` : null,
      ].filter(Boolean);
      return words(`Amended order ${text(d.order_id) ?? ''}: ${changes.join(', ') || 'no change'}`);
    }
    case 'set_market_halt':
      return words(d.halted ? `Halted ${symbol}` : `Resumed trading in ${symbol}`);
    case 'issue_units':
      return words(`${participant} issued ${units(d.quantity)}`);
    case 'transfer_issuance_to_trading':
      return words(`${participant} moved ${units(d.quantity)} from issuance to trading`);
    case 'transfer_to_consumption':
      return words(`${participant} moved ${units(d.quantity)} to consumption`);
    case 'run_sweep':
      return words(`Swept trading Units into consumption (the sweep for ${instant(d.scheduled_for)})`);
    case 'set_sweep_schedule': {
      const every =
        count(d.interval_seconds) !== undefined ? ` every ${formatSeconds(count(d.interval_seconds)!)}` : '';
      const ttl =
        count(d.lot_ttl_seconds) !== undefined
          ? `; Lots live ${formatSeconds(count(d.lot_ttl_seconds)!)}`
          : '';
      return words(`Sweep schedule: ${text(d.mode) ?? ''}${every}${ttl}`);
    }
    case 'set_auto_mode': {
      const ceiling = count(d.daily_spend_ceiling);
      return words(
        `${participant} set ${symbol} to ${d.mode === 'auto' ? 'Auto Mode' : 'Advanced mode'}: top up ${units(d.top_up_units)} below ${formatInteger(count(d.threshold_tokens) ?? 0)} tokens, at most ${ticks(d.max_price_ticks)}, ${ceiling !== undefined ? formatUsd(fromMicros(BigInt(ceiling))) : '—'} a day`,
      );
    }
    case 'publish_reference_prices': {
      const prices = Array.isArray(d.prices)
        ? (d.prices as { instrument_id?: unknown; price_micros?: unknown }[])
        : [];
      const priced = prices.flatMap((price) => {
        const known = context.instruments.find(
          (candidate) => candidate.instrument_id === price.instrument_id,
        );
        return typeof price.price_micros === 'number'
          ? [
              `${known?.symbol ?? String(price.instrument_id)} ${formatPrice(fromMicros(BigInt(price.price_micros), 3))}`,
            ]
          : [];
      });
      const none = prices.length - priced.length;
      return words(
        `Published reference prices${priced.length ? `: ${priced.join(', ')}` : ''}${none ? `${priced.length ? ';' : ':'} ${formatCount(none, 'instrument')} without a price` : ''}`,
      );
    }
    case 'enable_rosters': {
      const admitted = Array.isArray(d.entry_ids) ? d.entry_ids.length : 0;
      return words(
        `Rosters enabled: ${formatInteger(admitted)} approved ${admitted === 1 ? 'capacity' : 'capacities'} admitted`,
      );
    }
    case 'auto_top_up':
      return words(`Auto Mode topped up ${participant}'s ${symbol} (order ${text(d.order_id) ?? ''})`);
    default: {
      // Fields by name, with ids as names and epoch-millisecond instants as local times.
      const readable = Object.fromEntries(
        Object.entries(d).map(([key, value]) => [
          key,
          /(_at|_for)$/.test(key) && typeof value === 'number' ? instant(value) : value,
        ]),
      );
      const names = new Map(context.names);
      for (const known of context.instruments) names.set(known.instrument_id, known.symbol);
      return words(formatDetails(readable, names) || kindOf(entry.action));
    }
  }
}
