import type { Instrument } from './instruments';
import type { OrderType, Side, StpMode, TimeInForce } from './matching/types';
import type { Order, Trade, UnitBalance } from './orders';
import type { Participant, ParticipantStatus, Role, UsdAdjustment, UsdBalance } from './participants';
import type { ReferencePrice } from './reference-prices';
import type { SigningKey } from './signing-keys';
import type { Rejection } from './rejections';

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
  | { type: 'issue_units'; participant_id: string; instrument_id: string; quantity: number }
  | { type: 'register_signing_key'; key: Omit<SigningKey, 'created_at' | 'revoked_at'> }
  | {
      type: 'revoke_signing_key';
      fingerprint: string;
      /** Owner check; omitted for the operator. */ participant_id?: string;
    }
  | { type: 'publish_reference_prices'; prices: ReferencePrice[] };

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
  /** Max slippage from the best opposite price at arrival, in ticks. */
  max_slippage_ticks?: number;
}

export type CommandType = Command['type'];

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
