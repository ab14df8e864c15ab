// The JSON-lines replay format (scripts/replay.ts): one command per input line, one event per output
// line. Prices are decimal USD strings at the edge ("2.500") and integer ticks inside, at a tick of
// $0.001. Pure: no I/O, so the whole replay is testable without files.

import type { AmendInput, BookEvent, Depth, MatchingBook, PlaceInput, Rejection } from './types';

/** Digits after the decimal point of one tick: $0.001. */
export const TICK_DECIMALS = 3;

export type ReplayCommand =
  | { op: 'place'; input: PlaceInput }
  | { op: 'cancel'; id: string }
  | { op: 'amend'; id: string; change: AmendInput }
  | { op: 'cancel_all'; account?: string };

export type ParsedLine = { ok: true; command: ReplayCommand } | { ok: false; error: string };

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "2.500" → 2500 ticks. Refuses floats, signs, exponents and prices between ticks. */
export function parsePriceTicks(value: unknown, field = 'price'): number | { error: string } {
  return parseUsd(value, field, 'exact');
}

/** A USD amount in tick-Units (priceTicks × qty), rounded down so a budget is never exceeded. */
export function parseBudget(value: unknown): number | { error: string } {
  return parseUsd(value, 'budget', 'floor');
}

function parseUsd(value: unknown, field: string, rounding: 'exact' | 'floor'): number | { error: string } {
  if (typeof value !== 'string') return { error: `${field} must be a decimal string like "2.500"` };
  const match = DECIMAL.exec(value);
  if (!match) return { error: `${field} ${JSON.stringify(value)} is not a decimal number of USD` };
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  const beyondTick = fraction.slice(TICK_DECIMALS);
  if (rounding === 'exact' && /[1-9]/.test(beyondTick)) {
    return { error: `${field} ${value} is not on the $0.${'0'.repeat(TICK_DECIMALS - 1)}1 tick` };
  }
  const ticks = Number(whole + fraction.slice(0, TICK_DECIMALS).padEnd(TICK_DECIMALS, '0'));
  if (!Number.isSafeInteger(ticks)) return { error: `${field} ${value} is out of range` };
  return ticks;
}

/** 2500 → "2.500" */
export function formatTicks(ticks: number): string {
  const digits = String(ticks).padStart(TICK_DECIMALS + 1, '0');
  return `${digits.slice(0, -TICK_DECIMALS)}.${digits.slice(-TICK_DECIMALS)}`;
}

const PLACE_FIELDS = new Set([
  'op',
  'id',
  'account',
  'side',
  'type',
  'price',
  'qty',
  'tif',
  'post_only',
  'stp',
  'max_slippage_price',
  'budget',
  'stop_price',
]);
const FIELDS: Record<string, Set<string>> = {
  place: PLACE_FIELDS,
  cancel: new Set(['op', 'id']),
  amend: new Set(['op', 'id', 'price', 'qty']),
  cancel_all: new Set(['op', 'account']),
};

/**
 * One input line → a command. Only the format is checked here (JSON, known fields, prices on the
 * tick); values such as side or qty pass through untouched so that the book rejects them with its
 * numbered codes, exactly as it would for any other caller.
 */
export function parseCommandLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'not a JSON object' };
  const fields = raw as Record<string, unknown>;
  const op = fields.op;
  const allowed = typeof op === 'string' ? FIELDS[op] : undefined;
  if (!allowed) return { ok: false, error: `op must be one of ${Object.keys(FIELDS).join(', ')}` };
  const unknown = Object.keys(fields).filter((k) => !allowed.has(k));
  if (unknown.length > 0) return { ok: false, error: `unknown field(s) for ${op}: ${unknown.join(', ')}` };

  const ticks = (name: string): number | undefined | { error: string } =>
    fields[name] === undefined ? undefined : parsePriceTicks(fields[name], name);
  const price = ticks('price');
  if (typeof price === 'object') return { ok: false, error: price.error };

  switch (op) {
    case 'cancel':
      return { ok: true, command: { op, id: fields.id as string } };
    case 'cancel_all':
      return {
        ok: true,
        command: fields.account === undefined ? { op } : { op, account: fields.account as string },
      };
    case 'amend': {
      const change: AmendInput = {};
      if (price !== undefined) change.priceTicks = price;
      if (fields.qty !== undefined) change.qty = fields.qty as number;
      return { ok: true, command: { op, id: fields.id as string, change } };
    }
  }
  const cap = ticks('max_slippage_price');
  if (typeof cap === 'object') return { ok: false, error: cap.error };
  const stop = ticks('stop_price');
  if (typeof stop === 'object') return { ok: false, error: stop.error };
  const budget = fields.budget === undefined ? undefined : parseBudget(fields.budget);
  if (typeof budget === 'object') return { ok: false, error: budget.error };
  const type = fields.type as PlaceInput['type'];
  const input: PlaceInput = {
    id: fields.id as string,
    account: fields.account as string,
    side: fields.side as PlaceInput['side'],
    type,
    qty: fields.qty as number,
    // Omitted tif: a limit order rests (gtc), a market order takes what it can (ioc).
    tif: (fields.tif as PlaceInput['tif'] | undefined) ?? (type === 'market' ? 'ioc' : 'gtc'),
  };
  if (price !== undefined) input.priceTicks = price;
  if (fields.post_only !== undefined) input.postOnly = fields.post_only as boolean;
  if (fields.stp !== undefined) input.stp = fields.stp as PlaceInput['stp'];
  if (cap !== undefined) input.limitTicks = cap;
  if (budget !== undefined) input.budget = budget;
  if (stop !== undefined) input.stopTicks = stop;
  return { ok: true, command: { op: 'place', input } };
}

export function formatEvent(event: BookEvent): string {
  if (event.type === 'trade') {
    return JSON.stringify({
      event: 'trade',
      maker: event.makerId,
      taker: event.takerId,
      price: formatTicks(event.priceTicks),
      qty: event.qty,
    });
  }
  if (event.type === 'triggered') {
    return JSON.stringify({
      event: 'triggered',
      id: event.id,
      last_price: formatTicks(event.lastPriceTicks),
    });
  }
  const { id, status, filled, remaining, closure } = event;
  return JSON.stringify(
    closure === undefined
      ? { event: 'order', id, status, filled, remaining }
      : { event: 'order', id, status, filled, remaining, closure },
  );
}

export function formatRejection(lineNumber: number, command: ReplayCommand, rejection: Rejection): string {
  const id = command.op === 'place' ? command.input.id : command.op === 'cancel_all' ? undefined : command.id;
  return JSON.stringify({
    event: 'rejected',
    line: lineNumber,
    op: command.op,
    id,
    code: rejection.code,
    reason: rejection.reason,
  });
}

export function formatLineError(lineNumber: number, error: string): string {
  return JSON.stringify({ event: 'error', line: lineNumber, error });
}

/** Every level of the book: [["2.500", 3], ...], best first on each side. */
export function formatBook(depth: Depth): string {
  const side = (levels: Depth['bids']) => levels.map(([price, qty]) => [formatTicks(price), qty]);
  return JSON.stringify({ event: 'book', bids: side(depth.bids), asks: side(depth.asks) });
}

export interface ReplaySession {
  /** Applies one input line (blank lines are skipped but still counted for line numbers). */
  feed(line: string): void;
  /** Emits the final book. */
  finish(): void;
}

/** A replay fed one line at a time, so a caller can stream a large file through it. */
export function replaySession(book: MatchingBook, emit: (line: string) => void): ReplaySession {
  let lineNumber = 0;
  return {
    feed(line) {
      lineNumber++;
      if (line.trim() === '') return;
      const parsed = parseCommandLine(line);
      if (!parsed.ok) {
        emit(formatLineError(lineNumber, parsed.error));
        return;
      }
      const command = parsed.command;
      if (command.op === 'cancel_all') {
        for (const event of book.cancelAll(command.account).events) emit(formatEvent(event));
        return;
      }
      const result =
        command.op === 'place'
          ? book.place(command.input)
          : command.op === 'cancel'
            ? book.cancel(command.id)
            : book.amend(command.id, command.change);
      if (!result.ok) emit(formatRejection(lineNumber, command, result));
      else for (const event of result.events) emit(formatEvent(event));
    },
    finish() {
      emit(formatBook(book.depth(Number.MAX_SAFE_INTEGER)));
    },
  };
}

/** Replays `lines` through `book` and returns the output lines. */
export function replay(lines: Iterable<string>, book: MatchingBook): string[] {
  const out: string[] = [];
  const session = replaySession(book, (line) => out.push(line));
  for (const line of lines) session.feed(line);
  session.finish();
  return out;
}
