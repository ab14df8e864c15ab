// Random command streams for differential tests: the arbitrary and how to apply one command to a book.

import fc from 'fast-check';
import {
  STP_MODES,
  type AmendInput,
  type MatchingBook,
  type PlaceInput,
} from '../../../src-main/engine/matching/types';

export type Command =
  | { kind: 'place'; input: Omit<PlaceInput, 'id'>; reuseId: number | undefined }
  | { kind: 'cancel'; target: number }
  | { kind: 'amend'; target: number; change: AmendInput }
  | { kind: 'cancelAll'; account: string | undefined };

/** Prices cluster around 100 so that orders cross, rest and re-cross often. */
const price = fc.integer({ min: 95, max: 105 });
/** Mostly valid quantities, sometimes invalid ones to exercise rejections. */
const qty = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1.5) },
);

export function commandArb(accounts: readonly string[]): fc.Arbitrary<Command> {
  const account = fc.constantFrom(...accounts);
  const place = fc
    .record({
      account,
      side: fc.constantFrom('buy' as const, 'sell' as const),
      isMarket: fc.integer({ min: 0, max: 3 }).map((n) => n === 0), // 25% market
      priceTicks: price,
      qty,
      tif: fc.constantFrom('gtc' as const, 'gtc' as const, 'ioc' as const, 'fok' as const),
      postOnly: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: fc.constant(true) },
        {
          weight: 1,
          arbitrary: fc.constant(false),
        },
      ),
      stp: fc.option(fc.constantFrom(...STP_MODES), { nil: undefined }),
      limitTicks: fc.option(fc.integer({ min: 93, max: 107 }), { nil: undefined, freq: 3 }),
      budget: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined, freq: 3 }),
      reuseId: fc.option(fc.nat(), { nil: undefined, freq: 10 }),
      // One order in five is a stop; its stop price sits around the prices that trade.
      stopTicks: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.integer({ min: 96, max: 104 }) },
      ),
    })
    .map(({ isMarket, reuseId, ...f }): Command => {
      const input: Omit<PlaceInput, 'id'> = {
        account: f.account,
        side: f.side,
        type: isMarket ? 'market' : 'limit',
        qty: f.qty,
        // A market order must be ioc/fok; let gtc through only for qty 1, to exercise that rejection.
        tif: isMarket && f.tif === 'gtc' && f.qty !== 1 ? 'ioc' : f.tif,
      };
      if (!isMarket) input.priceTicks = f.priceTicks;
      if (f.postOnly !== undefined && input.tif === 'gtc' && !isMarket) input.postOnly = f.postOnly;
      if (f.stp !== undefined) input.stp = f.stp;
      if (f.limitTicks !== undefined) input.limitTicks = f.limitTicks;
      if (f.budget !== undefined && f.side === 'buy') input.budget = f.budget;
      if (f.stopTicks !== undefined) input.stopTicks = f.stopTicks;
      return { kind: 'place', input, reuseId };
    });
  const cancel = fc.nat().map((target): Command => ({ kind: 'cancel', target }));
  const amend = fc
    .record({
      target: fc.nat(),
      priceTicks: fc.option(price, { nil: undefined }),
      qty: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    })
    .map(({ target, ...change }): Command => {
      const clean: AmendInput = {};
      if (change.priceTicks !== undefined) clean.priceTicks = change.priceTicks;
      if (change.qty !== undefined) clean.qty = change.qty;
      return { kind: 'amend', target, change: clean };
    });
  const cancelAll = fc
    .option(account, { nil: undefined })
    .map((a): Command => ({ kind: 'cancelAll', account: a }));
  return fc.oneof(
    { weight: 12, arbitrary: place },
    { weight: 3, arbitrary: cancel },
    { weight: 3, arbitrary: amend },
    { weight: 1, arbitrary: cancelAll },
  );
}

/** Ids are o0, o1, ... by position; cancels, amends and reused ids aim at an earlier position's id. */
export function placedId(command: Extract<Command, { kind: 'place' }>, position: number): string {
  return command.reuseId === undefined ? `o${position}` : `o${command.reuseId % Math.max(position, 1)}`;
}

export function apply(book: MatchingBook, command: Command, position: number): unknown {
  const earlierId = (n: number) => `o${n % Math.max(position, 1)}`;
  switch (command.kind) {
    case 'place': {
      return book.place({ ...command.input, id: placedId(command, position) });
    }
    case 'cancel':
      return book.cancel(earlierId(command.target));
    case 'amend':
      return book.amend(earlierId(command.target), command.change);
    case 'cancelAll':
      return book.cancelAll(command.account);
  }
}

/** Streams of up to 200 commands (size 'max': without it fast-check keeps arrays near 10 long). */
export const STREAM = { minLength: 1, maxLength: 200, size: 'max' } as const;
