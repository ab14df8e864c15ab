// Builders for the values both books return, so that equal outcomes are equal objects
// (an absent `closure` is never written as `closure: undefined`).

import type { ClosureReason, OrderEvent, OrderStatus, Rejection, RejectCode } from './types';

export function orderEvent(
  id: string,
  status: OrderStatus,
  filled: number,
  remaining: number,
  closure?: ClosureReason,
): OrderEvent {
  return closure === undefined
    ? { type: 'order', id, status, filled, remaining }
    : { type: 'order', id, status, filled, remaining, closure };
}

export function reject(code: RejectCode, reason: string): Rejection {
  return { ok: false, code, reason };
}

/** Status of a live order from its fills. */
export function liveStatus(filled: number): 'open' | 'partially_filled' {
  return filled > 0 ? 'partially_filled' : 'open';
}
