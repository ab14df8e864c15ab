import type { ChangeLog } from './change-log';
import { formatUsd } from './money';
import { type Order, type UnitBalance, unitKey } from './orders';
import type { UsdBalance } from './participants';
import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';

/** One trade between a resting maker and an incoming taker, priced with its fees by settlement. */
export interface TradeSettlement {
  maker: Order;
  taker: Order;
  instrumentId: string;
  quantity: number;
  notional: number;
  makerFee: number;
  takerFee: number;
  /** Immediate sweeps send a buyer's Units straight into consumption instead of its Trading account. */
  deliverTo: 'trading' | 'consumption';
}

/**
 * The one owner of every balance: USD accounts (the operator's fee account among them), Trading and
 * Issuance accounts of Units, order holds, and the conservation counters the invariants check against
 * (USD deposited, Units issued, Units consumed). Each operation checks what keeps the books sound,
 * then changes them whole and notes the touched accounts in the command's change log. A failed check
 * that a caller should have made first is a bug, so it throws before anything changes.
 */
export class Ledger {
  constructor(private readonly state: ExchangeState) {}

  // ---- reads ----

  usd(participantId: string): Readonly<UsdBalance> {
    return this.state.usd.get(participantId) ?? EMPTY;
  }

  units(participantId: string, instrumentId: string): Readonly<UnitBalance> {
    return this.state.units.get(unitKey(participantId, instrumentId)) ?? EMPTY;
  }

  availableUsd(participantId: string): number {
    return available(this.usd(participantId));
  }

  availableUnits(participantId: string, instrumentId: string): number {
    return available(this.units(participantId, instrumentId));
  }

  /** Units in a supplier's Issuance account (issued, not yet moved to trading). */
  issuance(participantId: string, instrumentId: string): number {
    return this.state.issuance.get(unitKey(participantId, instrumentId)) ?? 0;
  }

  // ---- USD ----

  /** A new participant's empty USD account; returns a copy of it. */
  openUsdAccount(participantId: string): UsdBalance {
    return { ...openAccount(this.state.usd, participantId) };
  }

  /**
   * A deposit (positive) or withdrawal (negative) of USD. Keeping the exchange's total within exact
   * integers keeps every balance, hold and trade exact too, since each is part of it.
   */
  adjustUsd(participantId: string, amount: number): UsdBalance | Rejection {
    if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(this.state.usdSupply + amount)) {
      return reject(
        'amount_out_of_range',
        `amount must be whole micro-dollars that keep the USD held in the exchange within $${formatUsd(Number.MAX_SAFE_INTEGER)} (it holds $${formatUsd(this.state.usdSupply)})`,
      );
    }
    if (amount < 0 && -amount > this.availableUsd(participantId)) {
      return reject('insufficient_balance', 'a debit may not take the available USD balance below zero');
    }
    const balance = this.usdAccount(participantId);
    balance.total += amount;
    this.state.usdSupply += amount;
    return { ...balance };
  }

  // ---- holds ----

  /**
   * Moves an order's hold to `target`: a buy's in micro-dollars, a sell's in Units, locking or releasing
   * the difference in its owner's account.
   */
  setHold(order: Order, target: number, log: ChangeLog): void {
    const isBuy = order.side === 'buy';
    const accounts = isBuy ? this.state.usd : this.state.units;
    const key = isBuy ? order.participant_id : unitKey(order.participant_id, order.instrument_id);
    const existing = accounts.get(key);
    const current = existing ?? EMPTY;
    const locked = current.locked + target - order.hold;
    if (target < 0 || locked < 0 || locked > current.total)
      throw new Error(
        `order ${order.order_id} cannot hold ${target}: its owner's account has ${current.total}, ${current.locked} locked`,
      );
    (existing ?? openAccount(accounts, key)).locked = locked;
    order.hold = target;
    if (isBuy) log.usdTouched(order.participant_id);
    else log.unitsTouched(order.participant_id, order.instrument_id);
    log.orderTouched(order);
  }

  // ---- trades ----

  /**
   * A trade out of the two orders' holds: the buyer pays notional and fee, the seller delivers Units and
   * receives notional less fee, the operator's account receives both fees.
   */
  settleTrade(trade: TradeSettlement, log: ChangeLog): void {
    const { maker, taker, instrumentId, quantity, notional, makerFee, takerFee } = trade;
    const [buy, sell] = taker.side === 'buy' ? [taker, maker] : [maker, taker];
    const cost = notional + (buy === taker ? takerFee : makerFee);
    const operator = this.operatorId();
    // A trade always moves something (price and quantity are at least 1), so a missing account fails too.
    const buyerUsd = this.state.usd.get(buy.participant_id);
    const sellerUnits = this.state.units.get(unitKey(sell.participant_id, instrumentId));
    if (!buyerUsd || !sellerUnits || buy.hold < cost || buyerUsd.locked < cost)
      throw new Error(`trade of ${buy.order_id} and ${sell.order_id} exceeds what the buy order holds`);
    if (sell.hold < quantity || sellerUnits.locked < quantity)
      throw new Error(`trade of ${buy.order_id} and ${sell.order_id} exceeds what the sell order holds`);
    buyerUsd.total -= cost;
    buyerUsd.locked -= cost;
    buy.hold -= cost;
    sellerUnits.total -= quantity;
    sellerUnits.locked -= quantity;
    sell.hold -= quantity;
    // The buyer's Trading account exists afterwards either way, as it always has.
    const buyerUnits = this.unitAccount(buy.participant_id, instrumentId);
    if (trade.deliverTo === 'trading') buyerUnits.total += quantity;
    else this.countConsumed(instrumentId, quantity);
    this.usdAccount(sell.participant_id).total += notional - (sell === taker ? takerFee : makerFee);
    this.usdAccount(operator).total += makerFee + takerFee;
    for (const order of [maker, taker]) {
      log.usdTouched(order.participant_id);
      log.unitsTouched(order.participant_id, instrumentId);
    }
    log.usdTouched(operator);
  }

  // ---- Units: issuance, inventory, consumption ----

  /** Newly issued Units, into the supplier's Issuance account or (legacy issuance) straight to trading. */
  issue(
    participantId: string,
    instrumentId: string,
    quantity: number,
    into: 'issuance' | 'trading',
    log: ChangeLog,
  ): void {
    this.requireQuantity(quantity);
    if (into === 'trading') this.creditUnits(participantId, instrumentId, quantity, log);
    else {
      const key = unitKey(participantId, instrumentId);
      this.state.issuance.set(key, this.issuance(participantId, instrumentId) + quantity);
      log.issuanceTouched(participantId, instrumentId);
    }
    this.state.unitsIssued.set(instrumentId, (this.state.unitsIssued.get(instrumentId) ?? 0) + quantity);
  }

  /** Moves Units from a supplier's Issuance account to its Trading account. */
  issuanceToTrading(participantId: string, instrumentId: string, quantity: number, log: ChangeLog): void {
    const held = this.issuance(participantId, instrumentId);
    this.requireQuantity(quantity);
    if (held < quantity)
      throw new Error(`${participantId} moves ${quantity} Units out of an Issuance account of ${held}`);
    this.state.issuance.set(unitKey(participantId, instrumentId), held - quantity);
    log.issuanceTouched(participantId, instrumentId);
    this.creditUnits(participantId, instrumentId, quantity, log);
  }

  /** Available Units leave a Trading account for consumption (a transfer, a sweep, a top-up). */
  moveToConsumption(participantId: string, instrumentId: string, quantity: number, log: ChangeLog): void {
    this.requireQuantity(quantity);
    if (this.availableUnits(participantId, instrumentId) < quantity)
      throw new Error(
        `${participantId} moves ${quantity} Units to consumption with ${this.availableUnits(participantId, instrumentId)} available`,
      );
    this.unitAccount(participantId, instrumentId).total -= quantity;
    this.countConsumed(instrumentId, quantity);
    log.unitsTouched(participantId, instrumentId);
  }

  // ---- internals ----

  private creditUnits(participantId: string, instrumentId: string, quantity: number, log: ChangeLog): void {
    this.unitAccount(participantId, instrumentId).total += quantity;
    log.unitsTouched(participantId, instrumentId);
  }

  private countConsumed(instrumentId: string, quantity: number): void {
    this.state.unitsConsumed.set(instrumentId, (this.state.unitsConsumed.get(instrumentId) ?? 0) + quantity);
  }

  private requireQuantity(quantity: number): void {
    if (!Number.isSafeInteger(quantity) || quantity < 0)
      throw new Error(`${quantity} is not a count of Units`);
  }

  private usdAccount(participantId: string): UsdBalance {
    return this.state.usd.get(participantId) ?? openAccount(this.state.usd, participantId);
  }

  private unitAccount(participantId: string, instrumentId: string): UnitBalance {
    const key = unitKey(participantId, instrumentId);
    return this.state.units.get(key) ?? openAccount(this.state.units, key);
  }

  /** The account trading fees go to. */
  private operatorId(): string {
    for (const p of this.state.participants.values()) if (p.role === 'operator') return p.participant_id;
    throw new Error('the exchange has no operator');
  }
}

function openAccount(accounts: Map<string, UsdBalance | UnitBalance>, key: string): UsdBalance {
  const balance = { total: 0, locked: 0 };
  accounts.set(key, balance);
  return balance;
}

const EMPTY: Readonly<UsdBalance> = Object.freeze({ total: 0, locked: 0 });
const available = (balance: Readonly<{ total: number; locked: number }>) => balance.total - balance.locked;
