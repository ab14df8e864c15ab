import { create } from 'zustand';
import type { OrderView } from '../../../src-preload/contract';

interface AmendmentState {
  /** The order as the exchange answered the desk's last amendment. */
  last: OrderView | null;
  amended(order: OrderView): void;
}

/**
 * The desk's latest amendment, so that the order ticket's message about an order it placed describes
 * the order as amended rather than as first placed.
 */
export const useAmendments = create<AmendmentState>((set) => ({
  last: null,
  amended: (order) => set({ last: order }),
}));

/** The ticket's message for the order it placed: its amended form once the desk amended that order. */
export function placedOrderText<T extends { text: string }>(
  outcome: T | null,
  placedId: string | null,
  amended: OrderView | null,
  describe: (order: OrderView) => string,
): T | { text: string; tone: 'ok' } | null {
  if (outcome && placedId !== null && amended?.order_id === placedId)
    return { text: `Amended: ${describe(amended)}`, tone: 'ok' };
  return outcome;
}
