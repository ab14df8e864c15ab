import type { IdempotentResult } from './commands';
import type { Instrument } from './instruments';
import { OrderBook } from './matching/order-book';
import type { Order, UnitBalance } from './orders';
import type { Participant, UsdAdjustment, UsdBalance } from './participants';
import type { ReferencePrice } from './reference-prices';
import type { SigningKey } from './signing-keys';
import type { SupplyRegistration } from './supply';
import type { ConsumptionKey, ModelEndpoint, Reservation } from './consumption-types';
import { type RosterEntry, SPEC_NOTICE_MS, type SpecRevision } from './roster';
import {
  type AutoSettings,
  DEFAULT_SWEEP_CONFIG,
  type Lot,
  type SupplierLiability,
  type SweepConfig,
  type UnitChunk,
} from './lifecycle-types';

/** The whole state of the exchange, plain data (and one book per market) so it can be loaded and compared. */
export interface ExchangeState {
  instruments: Map<string, Instrument>;
  /** market_id → instrument_id */
  markets: Map<string, string>;
  participants: Map<string, Participant>;
  usd: Map<string, UsdBalance>;
  /** Keyed by `${participant_id}\u0000${idempotency_key}`. */
  adjustments: Map<string, UsdAdjustment>;
  /** Trading-account Units, keyed by unitKey(participant, instrument). */
  units: Map<string, UnitBalance>;
  /** Open orders only; finished ones live in the store. */
  orders: Map<string, Order>;
  /** `${participant_id}\u0000${client_order_id}` → order_id, for every order ever placed with one. */
  clientOrderIds: Map<string, string>;
  books: Map<string, OrderBook>;
  halted: Set<string>;
  /** Conservation counters: USD ever deposited minus withdrawn; Units ever issued per instrument. */
  usdSupply: number;
  unitsIssued: Map<string, number>;
  /** By fingerprint, revoked ones included. */
  signingKeys: Map<string, SigningKey>;
  /** The latest publication per instrument. */
  referencePrices: Map<string, ReferencePrice>;
  /** Issuance-account Units (suppliers' issued, not yet moved to trading), by unitKey. */
  issuance: Map<string, number>;
  /** Provenance of every Trading account's Units, FIFO, by unitKey; sums to the account's total. */
  provenance: Map<string, UnitChunk[]>;
  /** Lots with tokens left (used-up and expired Lots live in the store only), by lot_id. */
  lots: Map<string, Lot>;
  /** By unitKey(supplier, instrument). */
  liability: Map<string, SupplierLiability>;
  /** Units ever moved into consumption, per instrument (conservation counter). */
  unitsConsumed: Map<string, number>;
  sweepConfig: SweepConfig;
  /** The last sweep run (the scheduler resumes after it). */
  lastSweep: { sweep_id: string; scheduled_for: number } | null;
  /** Auto Mode settings by unitKey(consumer, instrument); none means Auto Mode, not yet configured. */
  autoSettings: Map<string, AutoSettings>;
  /** Suppliers' declared capacity and its review, by unitKey(supplier, instrument). */
  supply: Map<string, SupplyRegistration>;
  /** Consumption API keys by key_id (revoked ones included), and key_id by secret hash. */
  consumptionKeys: Map<string, ConsumptionKey>;
  keyHashes: Map<string, string>;
  /** Suppliers' model endpoints by endpoint_id (deleted ones included: calls name them). */
  endpoints: Map<string, ModelEndpoint>;
  /** Tokens held by calls in flight, by reservation (= call) id. */
  reservations: Map<string, Reservation>;
  /** Eligibility rosters: entries by entry_id; once on, supply registrations derive from them. */
  roster: Map<string, RosterEntry>;
  rostersEnabled: boolean;
  /** Specification revisions by revision_id, and the notice they need. */
  revisions: Map<string, SpecRevision>;
  specNoticeMs: number;
  /** First results of idempotent issuance and transfers, by IdempotentResult.key. */
  idempotent: Map<string, IdempotentResult>;
}

export function emptyState(): ExchangeState {
  return {
    instruments: new Map(),
    markets: new Map(),
    participants: new Map(),
    usd: new Map(),
    adjustments: new Map(),
    units: new Map(),
    orders: new Map(),
    clientOrderIds: new Map(),
    books: new Map(),
    halted: new Set(),
    usdSupply: 0,
    unitsIssued: new Map(),
    signingKeys: new Map(),
    referencePrices: new Map(),
    issuance: new Map(),
    provenance: new Map(),
    lots: new Map(),
    liability: new Map(),
    unitsConsumed: new Map(),
    sweepConfig: { ...DEFAULT_SWEEP_CONFIG },
    lastSweep: null,
    autoSettings: new Map(),
    supply: new Map(),
    consumptionKeys: new Map(),
    keyHashes: new Map(),
    endpoints: new Map(),
    reservations: new Map(),
    roster: new Map(),
    rostersEnabled: false,
    revisions: new Map(),
    specNoticeMs: SPEC_NOTICE_MS,
    idempotent: new Map(),
  };
}

/** Adds an instrument and its (empty) book. */
export function addInstrument(state: ExchangeState, instrument: Instrument): void {
  state.instruments.set(instrument.instrument_id, instrument);
  state.markets.set(instrument.market.market_id, instrument.instrument_id);
  state.books.set(instrument.market.market_id, new OrderBook());
}

/** A map's entries in key order, whatever order it was loaded in. */
export const byKey = <V>(map: Map<string, V>) =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * A canonical, key-order-independent rendering of the state, books included in queue order, for
 * hashing: equal strings mean equal exchanges.
 */
export function canonicalState(state: ExchangeState): string {
  const body = {
    instruments: byKey(state.instruments),
    participants: byKey(state.participants),
    usd: byKey(state.usd),
    adjustments: byKey(state.adjustments),
    units: byKey(state.units),
    orders: byKey(state.orders),
    clientOrderIds: byKey(state.clientOrderIds),
    books: byKey(state.books).map(([id, book]) => [
      id,
      book.openOrders(),
      book.pendingStops(),
      book.lastPrice() ?? null,
    ]),
    halted: [...state.halted].sort(),
    usdSupply: state.usdSupply,
    unitsIssued: byKey(state.unitsIssued),
    signingKeys: byKey(state.signingKeys),
    referencePrices: byKey(state.referencePrices),
    issuance: byKey(state.issuance).filter(([, units]) => units !== 0),
    provenance: byKey(state.provenance).filter(([, chunks]) => chunks.length > 0),
    lots: byKey(state.lots),
    liability: byKey(state.liability),
    unitsConsumed: byKey(state.unitsConsumed),
    sweepConfig: state.sweepConfig,
    lastSweep: state.lastSweep,
    autoSettings: byKey(state.autoSettings),
    supply: byKey(state.supply),
    consumptionKeys: byKey(state.consumptionKeys),
    endpoints: byKey(state.endpoints),
    reservations: byKey(state.reservations),
    roster: byKey(state.roster),
    rostersEnabled: state.rostersEnabled,
    revisions: byKey(state.revisions),
    specNoticeMs: state.specNoticeMs,
    idempotent: byKey(state.idempotent),
  };
  return JSON.stringify(body, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}
