import type { Instrument, InstrumentSpec } from './instruments';
import type { RosterDeclaration, RosterEntry, RosterStatus, SpecRevision } from './roster';
import type { OrderType, Side, StpMode, TimeInForce } from './matching/types';
import type { Order, Trade, UnitBalance } from './orders';
import type { Participant, ParticipantStatus, Role, UsdAdjustment, UsdBalance } from './participants';
import type { ReferencePrice } from './reference-prices';
import type { SigningKey } from './signing-keys';
import type { SupplyRegistration } from './supply';
import type { Rejection } from './rejections';
import type {
  AutoSettings,
  TopUpRecord,
  DrawRecord,
  ExpiryRecord,
  Lot,
  SupplierLiability,
  SweepConfig,
  SweepMode,
  SweepRecord,
  TransferRecord,
  UnitChunk,
} from './lifecycle-types';
import type { CallRecord, ConsumptionKey, KeyLimits, ModelEndpoint, Reservation } from './consumption-types';

/**
 * Every state change is a command. Identifiers and time come in from outside (the command and its
 * context), so replaying the journal reproduces the same state exactly.
 */
export type Command =
  | { type: 'define_instrument'; instrument: Instrument }
  | { type: 'create_participant'; participant_id: string; name: string; role: Role }
  | { type: 'set_participant_status'; participant_id: string; status: ParticipantStatus }
  | {
      type: 'adjust_usd';
      participant_id: string;
      adjustment_id: string;
      amount: number;
      idempotency_key: string;
      reason: string;
    }
  | PlaceOrder
  | {
      type: 'cancel_order';
      order_id: string;
      /** Owner check; omitted when the operator cancels. */ participant_id?: string;
    }
  | { type: 'cancel_all'; participant_id?: string; market_id?: string }
  | {
      type: 'amend_order';
      order_id: string;
      participant_id?: string;
      price_ticks?: number;
      quantity?: number;
    }
  | { type: 'set_market_halt'; market_id: string; halted: boolean }
  | {
      type: 'issue_units';
      participant_id: string;
      instrument_id: string;
      quantity: number;
      /**
       * Journaled before issuance needed an approved capacity (migration 5 marks those entries): replayed
       * as it ran then, without the check, into the Trading account unless `to_trading` was false.
       */
      legacy?: true;
      to_trading?: boolean;
      /** A retry with the same key and body answers the first result (see IdempotentResult). */
      idempotency_key?: string;
    }
  /** A supplier declares the tokens per second it can deliver in an instrument (pending the operator's review). */
  | {
      type: 'declare_supply_capacity';
      participant_id: string;
      instrument_id: string;
      tokens_per_second: number;
    }
  /** The operator approves (or revokes) a supplier's declared capacity: approved suppliers may issue. */
  | {
      type: 'review_supply';
      participant_id: string;
      instrument_id: string;
      approved: boolean;
      reason: string;
      /** The capacity the operator reviewed: refused if the supplier has declared another since. */
      tokens_per_second?: number;
    }
  | {
      type: 'transfer_issuance_to_trading';
      participant_id: string;
      instrument_id: string;
      quantity: number;
      idempotency_key?: string;
    }
  /** One-way: there is no command that moves Units from consumption back to trading. */
  | {
      type: 'transfer_to_consumption';
      participant_id: string;
      instrument_id: string;
      quantity: number;
      idempotency_key?: string;
    }
  | { type: 'run_sweep'; sweep_id: string; scheduled_for: number }
  | { type: 'set_sweep_schedule'; mode: SweepMode; interval_seconds?: number; lot_ttl_seconds?: number }
  | { type: 'expire_lots' }
  | {
      type: 'set_auto_mode';
      participant_id: string;
      instrument_id: string;
      mode: 'auto' | 'advanced';
      threshold_tokens: number;
      top_up_units: number;
      max_price_ticks: number;
      /** Micro-dollars per UTC day, fees included. */
      daily_spend_ceiling: number;
    }
  /** An Auto Mode top-up: an IOC buy at the price ceiling, then a transfer of what filled to consumption. */
  | {
      type: 'auto_top_up';
      participant_id: string;
      instrument_id: string;
      top_up_id: string;
      order_id: string;
    }
  | { type: 'draw_tokens'; participant_id: string; instrument_id: string; tokens: number; draw_id: string }
  | { type: 'register_signing_key'; key: Omit<SigningKey, 'created_at' | 'revoked_at'> }
  | {
      type: 'revoke_signing_key';
      fingerprint: string;
      /** Owner check; omitted for the operator. */ participant_id?: string;
    }
  | { type: 'publish_reference_prices'; prices: ReferencePrice[] }
  | { type: 'create_consumption_key'; key: Omit<ConsumptionKey, 'created_at' | 'updated_at' | 'revoked_at'> }
  | ({
      type: 'update_consumption_key';
      key_id: string;
      /** Owner check; omitted for the operator. */ participant_id?: string;
      name?: string;
    } & Partial<KeyLimits>)
  | { type: 'revoke_consumption_key'; key_id: string; participant_id?: string }
  | { type: 'register_model_endpoint'; endpoint: Omit<ModelEndpoint, 'created_at' | 'updated_at' | 'status'> }
  | ({ type: 'update_model_endpoint'; endpoint_id: string; participant_id?: string } & Partial<
      Pick<ModelEndpoint, 'name' | 'status' | 'simulated' | 'upstream' | 'tokens_per_second'>
    >)
  /** Holds tokens for a call before it starts, so concurrent calls never overdraw. */
  | {
      type: 'reserve_tokens';
      reservation_id: string;
      participant_id: string;
      instrument_id: string;
      key_id: string;
      tokens: number;
    }
  /** Ends a call (its id is its reservation's): releases the hold and, if billed, draws the tokens. */
  | {
      type: 'settle_call';
      call: Omit<
        CallRecord,
        | 'seq'
        | 'parts'
        | 'billed_tokens'
        | 'reserved_tokens'
        | 'reservation_id'
        | 'participant_id'
        | 'instrument_id'
        | 'key_id'
      > & { bill_tokens: number };
    }
  /** At start: calls in flight when the exchange stopped end unbilled. */
  | { type: 'release_reservations' }
  /** Once: approved capacities become admitted roster entries (ids in registration order). */
  | { type: 'enable_rosters'; entry_ids: string[] }
  | {
      type: 'apply_to_roster';
      entry_id: string;
      endpoint_id: string;
      participant_id: string;
      instrument_id: string;
      declared: RosterDeclaration;
    }
  | { type: 'set_roster_status'; entry_id: string; status: Exclude<RosterStatus, 'pending'>; reason: string }
  | {
      type: 'publish_spec_revision';
      revision_id: string;
      instrument_id: string;
      spec: InstrumentSpec;
      effective_at: number;
    }
  | { type: 'apply_spec_revision'; revision_id: string }
  /** How far ahead a revision must be published (15 days; a sandbox may shorten it). */
  | { type: 'set_spec_notice'; notice_ms: number };

export interface PlaceOrder {
  type: 'place_order';
  order_id: string;
  participant_id: string;
  market_id: string;
  side: Side;
  order_type: OrderType;
  quantity: number;
  price_ticks?: number;
  tif: TimeInForce;
  post_only?: boolean;
  stp?: StpMode;
  client_order_id?: string;
  /** Max slippage from the best opposite price at arrival (from the stop price for a stop order), in ticks. */
  max_slippage_ticks?: number;
  /** A stop (market) or stop-limit order: waits off-book until the last trade price reaches this. */
  stop_price_ticks?: number;
}

export type CommandType = Command['type'];

/** The commands a participant may retry safely with an `idempotency_key` (besides adjust_usd). */
export type IdempotentCommand = Extract<
  Command,
  { type: 'issue_units' | 'transfer_issuance_to_trading' | 'transfer_to_consumption' }
>;

/** The first result of an idempotent command, kept so a retry answers it instead of acting twice. */
export interface IdempotentResult {
  /** `${command type}\u0000${participant_id}\u0000${idempotency_key}` */
  key: string;
  participant_id: string;
  command_type: IdempotentCommand['type'];
  idempotency_key: string;
  /** The command without its key, as canonical JSON: a retry must send the same. */
  body: string;
  result: unknown;
  seq: number;
}

export interface CommandContext {
  seq: number;
  /** Milliseconds since the epoch from the injected clock. */
  time: number;
  /** participant_id of whoever issued the command, or "system". */
  actor: string;
}

/** What a command changed, for the store to write in the same transaction as the journal entry. */
export type Change =
  | { kind: 'instrument'; instrument: Instrument }
  | { kind: 'participant'; participant: Participant }
  | { kind: 'usd_balance'; participant_id: string; balance: UsdBalance }
  | { kind: 'usd_adjustment'; adjustment: UsdAdjustment }
  | { kind: 'unit_balance'; participant_id: string; instrument_id: string; balance: UnitBalance }
  | { kind: 'order'; order: Order }
  | { kind: 'trade'; trade: Trade }
  | { kind: 'market_halt'; market_id: string; halted: boolean }
  | { kind: 'signing_key'; key: SigningKey }
  | { kind: 'reference_price'; price: ReferencePrice }
  | { kind: 'issuance_balance'; participant_id: string; instrument_id: string; units: number }
  | { kind: 'provenance'; participant_id: string; instrument_id: string; chunks: UnitChunk[] }
  | { kind: 'lot'; lot: Lot }
  | { kind: 'liability'; supplier_id: string; instrument_id: string; liability: SupplierLiability }
  | { kind: 'sweep_config'; config: SweepConfig }
  | { kind: 'sweep'; sweep: SweepRecord }
  | { kind: 'transfer'; transfer: TransferRecord }
  | { kind: 'lot_expiry'; expiry: ExpiryRecord }
  | { kind: 'draw'; draw: DrawRecord }
  | { kind: 'auto_settings'; participant_id: string; instrument_id: string; settings: AutoSettings }
  | { kind: 'top_up'; top_up: TopUpRecord }
  | { kind: 'supply'; registration: SupplyRegistration }
  | { kind: 'consumption_key'; key: ConsumptionKey }
  | { kind: 'model_endpoint'; endpoint: ModelEndpoint }
  | { kind: 'reservation'; reservation: Reservation; held: boolean }
  | { kind: 'call'; call: CallRecord }
  | { kind: 'roster_entry'; entry: RosterEntry }
  | { kind: 'rosters_enabled' }
  | { kind: 'spec_revision'; revision: SpecRevision }
  | { kind: 'spec_notice'; notice_ms: number }
  | { kind: 'idempotent_result'; record: IdempotentResult }
  | {
      kind: 'issuance';
      seq: number;
      participant_id: string;
      instrument_id: string;
      quantity: number;
      time: number;
    };

export interface Accepted<R> {
  ok: true;
  result: R;
  changes: Change[];
  /** True when an idempotent retry returned the first result and changed nothing (nothing to journal). */
  replayed?: boolean;
}

export type Outcome<R = unknown> = Accepted<R> | Rejection;
