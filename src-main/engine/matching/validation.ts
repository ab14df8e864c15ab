// Input checks shared by both books, so that they refuse exactly the same commands with the same codes.
// Inputs may come from untyped JSON, so every field's runtime type is checked.

import { reject } from './events';
import {
  MAX_BUDGET,
  MAX_PRICE_TICKS,
  MAX_QTY,
  RejectCode,
  STP_MODES,
  type AmendInput,
  type PlaceInput,
  type Rejection,
  type StopView,
} from './types';

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Returns the first problem with `input`, or undefined when it may be matched. */
export function validatePlace(input: PlaceInput, isResting: (id: string) => boolean): Rejection | undefined {
  if (!isNonEmptyString(input.id)) return reject(RejectCode.INVALID_ID, 'id must be a non-empty string');
  if (!isNonEmptyString(input.account)) {
    return reject(RejectCode.INVALID_ACCOUNT, 'account must be a non-empty string');
  }
  if (input.side !== 'buy' && input.side !== 'sell')
    return reject(RejectCode.INVALID_SIDE, 'side must be buy or sell');
  if (input.type !== 'limit' && input.type !== 'market') {
    return reject(RejectCode.INVALID_TYPE, 'type must be limit or market');
  }
  if (input.tif !== 'gtc' && input.tif !== 'ioc' && input.tif !== 'fok') {
    return reject(RejectCode.INVALID_TIF, 'tif must be gtc, ioc or fok');
  }
  if (!isIntIn(input.qty, 1, MAX_QTY)) {
    return reject(RejectCode.INVALID_QTY, `qty must be a whole number of Units from 1 to ${MAX_QTY}`);
  }
  if (input.type === 'limit') {
    if (input.priceTicks === undefined)
      return reject(RejectCode.MISSING_PRICE, 'a limit order needs a price');
    if (!isIntIn(input.priceTicks, 1, MAX_PRICE_TICKS)) {
      return reject(
        RejectCode.INVALID_PRICE,
        `price must be a whole number of ticks from 1 to ${MAX_PRICE_TICKS}`,
      );
    }
  } else {
    if (input.priceTicks !== undefined)
      return reject(RejectCode.PRICE_ON_MARKET, 'a market order takes no price');
    if (input.tif === 'gtc')
      return reject(RejectCode.MARKET_GTC, 'a market order cannot rest: use tif ioc or fok');
  }
  if (input.postOnly !== undefined && typeof input.postOnly !== 'boolean') {
    return reject(RejectCode.INVALID_POST_ONLY, 'postOnly must be a boolean');
  }
  if (input.postOnly === true) {
    if (input.type === 'market')
      return reject(RejectCode.POST_ONLY_MARKET, 'a market order cannot be post-only');
    if (input.tif !== 'gtc') return reject(RejectCode.POST_ONLY_NOT_GTC, 'a post-only order must be gtc');
  }
  if (input.stp !== undefined && !STP_MODES.includes(input.stp)) {
    return reject(RejectCode.INVALID_STP, `stp must be one of ${STP_MODES.join(', ')}`);
  }
  if (input.limitTicks !== undefined && !isIntIn(input.limitTicks, 1, MAX_PRICE_TICKS)) {
    return reject(
      RejectCode.INVALID_LIMIT_TICKS,
      `limitTicks must be a whole number of ticks from 1 to ${MAX_PRICE_TICKS}`,
    );
  }
  if (input.budget !== undefined) {
    if (input.side !== 'buy') return reject(RejectCode.BUDGET_ON_SELL, 'only a buy order can have a budget');
    if (!isIntIn(input.budget, 1, MAX_BUDGET)) {
      return reject(RejectCode.INVALID_BUDGET, 'budget must be a positive whole number of tick-Units');
    }
  }
  if (input.stopTicks !== undefined) {
    if (!isIntIn(input.stopTicks, 1, MAX_PRICE_TICKS)) {
      return reject(
        RejectCode.INVALID_STOP_PRICE,
        `stop price must be a whole number of ticks from 1 to ${MAX_PRICE_TICKS}`,
      );
    }
    if (input.postOnly === true) {
      return reject(RejectCode.STOP_POST_ONLY, 'a stop order cannot be post-only: it enters as a taker');
    }
  }
  if (isResting(input.id)) return reject(RejectCode.DUPLICATE_ID, `order ${input.id} is already resting`);
  return undefined;
}

/** Checks an amendment of a resting order that has `filled` Units filled so far. */
export function validateAmend(change: AmendInput, filled: number): Rejection | undefined {
  if (change.priceTicks === undefined && change.qty === undefined) {
    return reject(RejectCode.AMEND_NOTHING, 'an amendment needs a new price, a new qty, or both');
  }
  if (change.priceTicks !== undefined && !isIntIn(change.priceTicks, 1, MAX_PRICE_TICKS)) {
    return reject(
      RejectCode.INVALID_PRICE,
      `price must be a whole number of ticks from 1 to ${MAX_PRICE_TICKS}`,
    );
  }
  if (change.qty !== undefined) {
    if (!isIntIn(change.qty, 1, MAX_QTY)) {
      return reject(RejectCode.INVALID_QTY, `qty must be a whole number of Units from 1 to ${MAX_QTY}`);
    }
    if (change.qty <= filled) {
      return reject(
        RejectCode.AMEND_QTY_NOT_ABOVE_FILLED,
        `qty ${change.qty} must exceed the ${filled} Units already filled (cancel the order instead)`,
      );
    }
  }
  return undefined;
}

export function pendingStopAmend(id: string): Rejection {
  return reject(
    RejectCode.AMEND_PENDING_STOP,
    `order ${id} is a pending stop order: cancel it and place it again to change it`,
  );
}

/** Has the last trade price reached this stop order's stop price? */
export function stopReached(stop: StopView, lastPrice: number | undefined): boolean {
  if (lastPrice === undefined) return false;
  return stop.side === 'buy' ? lastPrice >= stop.stopTicks : lastPrice <= stop.stopTicks;
}

export function unknownOrder(id: string): Rejection {
  return reject(RejectCode.UNKNOWN_ORDER, `no resting order ${id}`);
}
