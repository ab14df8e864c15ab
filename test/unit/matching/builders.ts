// Terse builders for order-book tests: `limit('b1', 'alice', 'buy', 100, 5)` reads like a ticket.

import type { MatchingBook, PlaceInput } from '../../../src-main/engine/matching/types';
import { OrderBook } from '../../../src-main/engine/matching/order-book';
import { ReferenceBook } from '../../../src-main/engine/matching/reference-book';

export type Extra = Partial<Omit<PlaceInput, 'id' | 'account' | 'side' | 'type' | 'qty'>>;

export function limit(
  id: string,
  account: string,
  side: PlaceInput['side'],
  priceTicks: number,
  qty: number,
  extra: Extra = {},
): PlaceInput {
  return { id, account, side, type: 'limit', priceTicks, qty, tif: 'gtc', ...extra };
}

export function market(
  id: string,
  account: string,
  side: PlaceInput['side'],
  qty: number,
  extra: Extra = {},
): PlaceInput {
  return { id, account, side, type: 'market', qty, tif: 'ioc', ...extra };
}

/** Both implementations, so every documented case checks the fast book and the oracle alike. */
export const BOOKS: ReadonlyArray<[string, () => MatchingBook]> = [
  ['OrderBook', () => new OrderBook()],
  ['ReferenceBook', () => new ReferenceBook()],
];
