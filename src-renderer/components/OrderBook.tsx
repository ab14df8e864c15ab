import { useId, useState } from 'react';
import type { CSSProperties } from 'react';
import type { BookView } from '../../src-preload/contract';
import { ladderLevels, ownGroupPrices } from '../lib/book-levels';
import type { LadderLevel, LadderSide } from '../lib/book-levels';
import { formatInteger, formatPrice } from '../lib/format';
import { fromMicros, toMicros } from '../lib/money';
import { Badge, Card, ErrorAlert } from './ui';

function Level({
  side,
  level,
  maxDepth,
  mine,
  onPickPrice,
}: {
  side: LadderSide;
  level: LadderLevel;
  maxDepth: number;
  mine: boolean;
  onPickPrice?: ((price: string) => void) | undefined;
}) {
  // Integer percent: the bar is decoration, the numbers beside it are exact.
  const style = {
    '--depth': `${Math.round((level.cumulative * 100) / Math.max(maxDepth, 1))}%`,
  } as CSSProperties;
  const label = side === 'ask' ? 'Ask' : 'Bid';
  return (
    <div
      className={`ladder-row ladder-${side}${mine ? ' ladder-mine' : ''}`}
      role="row"
      style={style}
      title={mine ? 'Your order rests at this price' : undefined}
    >
      <span className="ladder-price" role="cell">
        <span className="sr-only">{label} </span>
        {onPickPrice ? (
          <button
            type="button"
            className="ladder-pick"
            title="Use this price in the order ticket"
            onClick={() => onPickPrice(level.price)}
          >
            {formatPrice(level.price).replace('$', '')}
          </button>
        ) : (
          formatPrice(level.price).replace('$', '')
        )}
      </span>
      <span className="num" role="cell">
        {formatInteger(level.quantity)}
      </span>
      <span className="num muted" role="cell">
        {formatInteger(level.orders)}
      </span>
      <span className="num muted" role="cell">
        {formatInteger(level.cumulative)}
        {mine ? <span className="sr-only">, yours</span> : null}
      </span>
    </div>
  );
}

/** One side of the ladder; the CSS stacks asks bottom-up so the best ask sits next to the spread. */
function LadderRows({
  side,
  rows,
  maxDepth,
  mine,
  onPickPrice,
}: {
  side: LadderSide;
  rows: LadderLevel[];
  maxDepth: number;
  mine: ReadonlySet<string>;
  onPickPrice?: ((price: string) => void) | undefined;
}) {
  const name = side === 'ask' ? 'Asks' : 'Bids';
  return (
    <div className={`ladder-side ladder-${side}s`} role="rowgroup" aria-label={name}>
      {rows.length === 0 ? (
        <div className="ladder-empty muted" role="row">
          <span role="cell">No {name.toLowerCase()}</span>
        </div>
      ) : (
        rows.map((level) => (
          <Level
            key={level.price}
            side={side}
            level={level}
            maxDepth={maxDepth}
            mine={mine.has(level.price)}
            onPickPrice={onPickPrice}
          />
        ))
      )}
    </div>
  );
}

/** The line between the sides: spread and mid, or why there is none. */
function spreadText(book: BookView, tickSize: string | undefined): string {
  const ask = toMicros(book.asks[0]?.price);
  const bid = toMicros(book.bids[0]?.price);
  if (ask === null && bid === null) return 'Empty book';
  if (ask === null || bid === null) return 'Spread —, one side is empty';
  const spread = ask - bid;
  const tick = toMicros(tickSize);
  const ticks = tick && tick > 0n ? ` · ${spread / tick} tick${spread / tick === 1n ? '' : 's'}` : '';
  // The mid, rounded down to the micro-dollar.
  const mid = (ask + bid) / 2n;
  return `Spread ${formatPrice(fromMicros(spread, 3))}${ticks} · mid ${formatPrice(fromMicros(mid, 3))}`;
}

/** Price grouping: the market's tick, or 10 or 100 of them. */
const groupings = [1n, 10n, 100n];

/**
 * A market's order book as a ladder: asks above (best ask nearest the middle), the spread, bids below,
 * each level with its size, orders and the size summed from the best price. Bars show that depth. Prices
 * can be grouped by 10 or 100 ticks; `own` marks the levels where the user's orders rest. With
 * `onPickPrice`, clicking a price hands it to the ticket.
 */
export function OrderBookCard({
  book,
  error,
  symbol,
  tickSize,
  own,
  onPickPrice,
}: {
  book: BookView | null;
  error?: string | null;
  symbol?: string;
  tickSize?: string;
  own?: { bids: readonly string[]; asks: readonly string[] };
  onPickPrice?: (price: string) => void;
}) {
  const [grouping, setGrouping] = useState(1n);
  const groupId = useId();
  const tick = toMicros(tickSize) ?? 1n;
  const step = tick > 0n ? tick * grouping : 1n;
  const asks = book ? ladderLevels(book.asks, step, 'ask') : [];
  const bids = book ? ladderLevels(book.bids, step, 'bid') : [];
  const mine = {
    ask: ownGroupPrices(own?.asks ?? [], step, 'ask'),
    bid: ownGroupPrices(own?.bids ?? [], step, 'bid'),
  };
  const maxDepth = Math.max(asks.at(-1)?.cumulative ?? 0, bids.at(-1)?.cumulative ?? 0);
  return (
    <Card
      title="Order book"
      className="order-book"
      actions={
        <>
          {book?.halted ? <Badge tone="suspended">halted</Badge> : null}
          {tickSize ? (
            <>
              <label className="sr-only" htmlFor={groupId}>
                Group prices by
              </label>
              <select
                id={groupId}
                className="ladder-group"
                title="Group prices by"
                value={String(grouping)}
                onChange={(event) => setGrouping(BigInt(event.target.value))}
              >
                {groupings.map((factor) => (
                  <option key={String(factor)} value={String(factor)}>
                    {fromMicros(tick * factor, 3)}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          {symbol ? <span className="mono strong">{symbol}</span> : null}
        </>
      }
    >
      {book?.halted ? (
        <div className="alert alert-warn halt-banner" role="status">
          <strong>Market halted.</strong> New orders and amendments are refused; cancels are accepted.
        </div>
      ) : null}
      <ErrorAlert>{error}</ErrorAlert>
      {book ? (
        <div className="ladder" role="table" aria-label={`Order book${symbol ? ` for ${symbol}` : ''}`}>
          <div className="ladder-row ladder-head" role="row">
            <span role="columnheader">Price (USD)</span>
            <span className="num" role="columnheader">
              Units
            </span>
            <span className="num" role="columnheader">
              Orders
            </span>
            <span className="num" role="columnheader" title="Units from the best price to this level">
              Total
            </span>
          </div>
          <LadderRows side="ask" rows={asks} maxDepth={maxDepth} mine={mine.ask} onPickPrice={onPickPrice} />
          <div className="ladder-spread" role="row" data-testid="book-spread">
            <span role="cell">{spreadText(book, tickSize)}</span>
          </div>
          <LadderRows side="bid" rows={bids} maxDepth={maxDepth} mine={mine.bid} onPickPrice={onPickPrice} />
        </div>
      ) : error ? null : (
        <p className="muted">Loading the book…</p>
      )}
      {book ? <p className="ladder-foot muted small">As of sequence {book.sequence}</p> : null}
    </Card>
  );
}
