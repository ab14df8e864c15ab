import type {
  Accepted,
  Change,
  Command,
  CommandContext,
  IdempotentCommand,
  IdempotentResult,
  Outcome,
} from './commands';
import type { Instrument } from './instruments';
import type { Participant, UsdAdjustment, UsdBalance } from './participants';
import type { ReferencePrice } from './reference-prices';
import { refuseName } from './names';
import { reject } from './rejections';
import type { SigningKey } from './signing-keys';
import { addInstrument, emptyState, type ExchangeState } from './state';
import { ChangeLog, done } from './change-log';
import type { Order } from './orders';
import { Ledger } from './ledger';
import { Settlement } from './settlement';
import { OrderEntry } from './order-entry';
import { Issuance } from './issuance';
import { Transfers } from './transfers';
import { Sweeps } from './sweeps';
import { Lots } from './lots';
import { AutoMode } from './auto-mode';
import { Supply } from './supply';
import { Consumption } from './consumption';
import { Rosters } from './roster';

export { canonicalState, emptyState, type ExchangeState } from './state';

const accepted = <R>(result: R, changes: Change[]): Accepted<R> => ({ ok: true, result, changes });
const adjustmentKey = (participantId: string, key: string) => `${participantId}\u0000${key}`;

/**
 * The exchange engine: commands in, outcomes out. Pure and deterministic: it validates a command against
 * the state, applies it whole or not at all, and reports what changed.
 */
export class Exchange {
  private readonly ledger: Ledger;
  private readonly orders: OrderEntry;
  private readonly issuance: Issuance;
  private readonly transfers: Transfers;
  private readonly sweeps: Sweeps;
  private readonly lots: Lots;
  private readonly autoMode: AutoMode;
  private readonly supply: Supply;
  private readonly consumption: Consumption;
  private readonly rosters: Rosters;

  constructor(readonly state: ExchangeState = emptyState()) {
    this.ledger = new Ledger(state);
    this.supply = new Supply(state);
    this.orders = new OrderEntry(state, this.ledger, new Settlement(state, this.ledger));
    this.issuance = new Issuance(state, this.supply, this.ledger);
    this.transfers = new Transfers(state, this.ledger);
    this.sweeps = new Sweeps(state, this.orders, this.ledger);
    this.lots = new Lots(state);
    this.autoMode = new AutoMode(state, this.orders, this.ledger);
    this.consumption = new Consumption(state);
    this.rosters = new Rosters(state);
  }

  execute(command: Command, ctx: CommandContext): Outcome {
    const outcome = this.dispatch(command, ctx);
    if (outcome.ok && 'log' in outcome) {
      const { log, ...rest } = outcome as Accepted<unknown> & { log: ChangeLog };
      return { ...rest, changes: log.finish(this.state) };
    }
    return outcome;
  }

  private dispatch(command: Command, ctx: CommandContext): Outcome {
    switch (command.type) {
      case 'define_instrument':
        return this.defineInstrument(command.instrument);
      case 'create_participant':
        return this.createParticipant(command, ctx);
      case 'set_participant_status':
        return this.setParticipantStatus(command, ctx);
      case 'adjust_usd':
        return this.adjustUsd(command, ctx);
      case 'place_order':
        return this.orders.place(command, ctx);
      case 'cancel_order':
        return this.orders.cancel(command, ctx);
      case 'cancel_all':
        return this.orders.cancelAll(command, ctx);
      case 'amend_order':
        return this.orders.amend(command, ctx);
      case 'set_market_halt':
        return this.orders.setHalt(command);
      case 'issue_units':
        return this.idempotent(command, ctx, () => this.issuance.issue(command, ctx));
      case 'declare_supply_capacity':
        return this.supply.declare(command, ctx);
      case 'review_supply':
        return this.supply.review(command, ctx);
      case 'transfer_issuance_to_trading':
        return this.idempotent(command, ctx, () => this.issuance.toTrading(command, ctx));
      case 'transfer_to_consumption':
        return this.idempotent(command, ctx, () => this.transfers.toConsumption(command, ctx));
      case 'run_sweep':
        return this.sweeps.run(command, ctx);
      case 'set_sweep_schedule':
        return this.sweeps.setSchedule(command, ctx);
      case 'expire_lots':
        return this.lots.expire(ctx);
      case 'draw_tokens':
        return this.lots.draw(command, ctx);
      case 'set_auto_mode':
        return this.autoMode.set(command, ctx);
      case 'auto_top_up':
        return this.autoMode.topUp(command, ctx);
      case 'register_signing_key':
        return this.registerSigningKey(command.key, ctx);
      case 'revoke_signing_key':
        return this.revokeSigningKey(command, ctx);
      case 'publish_reference_prices':
        return this.publishReferencePrices(command.prices);
      case 'create_consumption_key':
        return this.consumption.createKey(command, ctx);
      case 'update_consumption_key':
        return this.consumption.updateKey(command, ctx);
      case 'revoke_consumption_key':
        return this.consumption.revokeKey(command, ctx);
      case 'register_model_endpoint':
        return this.consumption.registerEndpoint(command, ctx);
      case 'update_model_endpoint':
        return this.consumption.updateEndpoint(command, ctx);
      case 'reserve_tokens':
        return this.consumption.reserve(command, ctx);
      case 'settle_call':
        return this.consumption.settle(command, ctx);
      case 'release_reservations':
        return this.consumption.releaseAll(ctx);
      case 'enable_rosters':
        return this.rosters.enable(command, ctx);
      case 'apply_to_roster':
        return this.rosters.apply(command, ctx);
      case 'set_roster_status':
        return this.rosters.setStatus(command, ctx);
      case 'publish_spec_revision':
        return this.rosters.publishRevision(command, ctx);
      case 'apply_spec_revision':
        return this.rosters.applyRevision(command, ctx);
      case 'set_spec_notice':
        return this.rosters.setNotice(command);
    }
  }

  /**
   * Runs a command that may carry an `idempotency_key`: the same key and body again answer the first
   * result (`replayed`, nothing changes); the same key with another body is a conflict.
   */
  private idempotent(command: IdempotentCommand, ctx: CommandContext, run: () => Outcome): Outcome {
    if (command.idempotency_key === undefined) return run();
    const { idempotency_key, ...rest } = command;
    const key = [command.type, command.participant_id, idempotency_key].join('\u0000');
    const body = JSON.stringify(
      Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
    const earlier = this.state.idempotent.get(key);
    if (earlier) {
      if (earlier.body === body) return { ...accepted(earlier.result, []), replayed: true };
      return reject(
        'idempotency_conflict',
        `idempotency_key ${idempotency_key} was already used with different content`,
      );
    }
    const outcome = run();
    if (!outcome.ok) return outcome;
    const record: IdempotentResult = {
      key,
      participant_id: command.participant_id,
      command_type: command.type,
      idempotency_key,
      body,
      // A snapshot: the result's objects (a Lot, a balance) keep changing in the state.
      result: JSON.parse(JSON.stringify(outcome.result)) as unknown,
      seq: ctx.seq,
    };
    this.state.idempotent.set(key, record);
    const change: Change = { kind: 'idempotent_result', record };
    if ('log' in outcome) (outcome as { log: ChangeLog }).log.add(change);
    else outcome.changes.push(change);
    return outcome;
  }

  private registerSigningKey(
    key: Extract<Command, { type: 'register_signing_key' }>['key'],
    ctx: CommandContext,
  ): Outcome<SigningKey> {
    if (!this.state.participants.has(key.participant_id)) {
      return reject('participant_not_found', `participant ${key.participant_id} not found`);
    }
    if (this.state.signingKeys.has(key.fingerprint)) {
      return reject('signing_key_exists', `a key with fingerprint ${key.fingerprint} is already registered`);
    }
    const badLabel = refuseName(key.label, 'the key label');
    if (badLabel) return badLabel;
    const registered: SigningKey = { ...key, created_at: ctx.time, revoked_at: null };
    this.state.signingKeys.set(key.fingerprint, registered);
    return accepted(registered, [{ kind: 'signing_key', key: registered }]);
  }

  private revokeSigningKey(
    command: Extract<Command, { type: 'revoke_signing_key' }>,
    ctx: CommandContext,
  ): Outcome<SigningKey> {
    const key = this.state.signingKeys.get(command.fingerprint);
    const owned =
      key && (command.participant_id === undefined || key.participant_id === command.participant_id);
    if (!key || !owned || key.revoked_at !== null) {
      return reject('signing_key_not_found', `active signing key ${command.fingerprint} not found`);
    }
    const revoked = { ...key, revoked_at: ctx.time };
    this.state.signingKeys.set(key.fingerprint, revoked);
    return accepted(revoked, [{ kind: 'signing_key', key: revoked }]);
  }

  private publishReferencePrices(prices: ReferencePrice[]): Outcome<ReferencePrice[]> {
    for (const price of prices) {
      if (!this.state.instruments.has(price.instrument_id)) {
        return reject('instrument_not_found', `instrument ${price.instrument_id} not found`);
      }
    }
    for (const price of prices) this.state.referencePrices.set(price.instrument_id, price);
    return accepted(
      prices,
      prices.map((price) => ({ kind: 'reference_price', price })),
    );
  }

  usdBalance(participantId: string): Readonly<UsdBalance> {
    return this.ledger.usd(participantId);
  }

  private defineInstrument(instrument: Instrument): Outcome<Instrument> {
    if (this.state.instruments.has(instrument.instrument_id)) {
      return reject('instrument_exists', `instrument ${instrument.instrument_id} already exists`);
    }
    addInstrument(this.state, instrument);
    return accepted(instrument, [{ kind: 'instrument', instrument }]);
  }

  private createParticipant(
    command: Extract<Command, { type: 'create_participant' }>,
    ctx: CommandContext,
  ): Outcome<Participant> {
    if (this.state.participants.has(command.participant_id)) {
      return reject('participant_exists', `participant ${command.participant_id} already exists`);
    }
    const badName = refuseName(command.name, 'the participant name');
    if (badName) return badName;
    const participant: Participant = {
      participant_id: command.participant_id,
      name: command.name,
      role: command.role,
      status: 'active',
      created_at: ctx.time,
    };
    this.state.participants.set(participant.participant_id, participant);
    const balance = this.ledger.openUsdAccount(participant.participant_id);
    return accepted(participant, [
      { kind: 'participant', participant },
      { kind: 'usd_balance', participant_id: participant.participant_id, balance },
    ]);
  }

  /**
   * Suspending a participant also cancels its live orders (resting and pending stops, closure
   * `suspended`) and releases what they held, in the same command: the result lists them.
   */
  private setParticipantStatus(
    command: Extract<Command, { type: 'set_participant_status' }>,
    ctx: CommandContext,
  ): Outcome<Participant & { cancelled_orders: Order[] }> {
    const current = this.state.participants.get(command.participant_id);
    if (!current) return reject('participant_not_found', `participant ${command.participant_id} not found`);
    if (current.role === 'operator') {
      return reject('operator_immutable', 'the exchange operator cannot be suspended');
    }
    if (current.status === command.status) {
      return reject('status_unchanged', `participant ${command.participant_id} is already ${command.status}`);
    }
    const participant = { ...current, status: command.status };
    this.state.participants.set(participant.participant_id, participant);
    const log = new ChangeLog();
    log.add({ kind: 'participant', participant });
    const cancelled =
      command.status === 'suspended'
        ? this.orders.closeOrders(
            (o) => o.participant_id === participant.participant_id,
            'suspended',
            ctx,
            log,
          )
        : [];
    return done({ ...participant, cancelled_orders: cancelled }, log);
  }

  private adjustUsd(
    command: Extract<Command, { type: 'adjust_usd' }>,
    ctx: CommandContext,
  ): Outcome<UsdAdjustment> {
    const { participant_id, amount, idempotency_key, reason } = command;
    if (!this.state.participants.has(participant_id)) {
      return reject('participant_not_found', `participant ${participant_id} not found`);
    }
    const key = adjustmentKey(participant_id, idempotency_key);
    const earlier = this.state.adjustments.get(key);
    if (earlier) {
      if (earlier.amount === amount && earlier.reason === reason) {
        return { ...accepted(earlier, []), replayed: true };
      }
      return reject(
        'idempotency_conflict',
        `idempotency_key ${idempotency_key} was already used with different content`,
      );
    }
    if (amount === 0) return reject('zero_amount', 'amount must not be zero');
    const balance = this.ledger.adjustUsd(participant_id, amount);
    if ('ok' in balance) return balance;
    const adjustment: UsdAdjustment = {
      adjustment_id: command.adjustment_id,
      participant_id,
      amount,
      idempotency_key,
      reason,
      seq: ctx.seq,
      created_at: ctx.time,
      balance_after: balance.total,
    };
    this.state.adjustments.set(key, adjustment);
    return accepted(adjustment, [
      { kind: 'usd_balance', participant_id, balance },
      { kind: 'usd_adjustment', adjustment },
    ]);
  }
}
