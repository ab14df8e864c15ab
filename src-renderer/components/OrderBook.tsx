import type { CSSProperties } from 'react';
import type { BookLevelView, BookView } from '../../src-preload/contract';
import { formatInteger, formatPrice } from '../lib/format';
import { fromMicros, toMicros } from '../lib/money';
import { Badge, Card, ErrorAlert } from './ui';

type LadderSide = 'ask' | 'bid';

/** Each level with the depth up to and including it (from the best price), for the depth bars. */
function cumulative(levels: readonly BookLevelView[]): { level: BookLevelView; depth: number }[] {
  let depth = 0;
  return levels.map((level) => ({ level, depth: (depth += level.quantity) }));
}

function Level({
  side,
  level,
  depth,
  maxDepth,
  onPickPrice,
}: {
  side: LadderSide;
  level: BookLevelView;
  depth: number;
  maxDepth: number;
  onPickPrice?: ((price: string) => void) | undefined;
}) {
  // Integer percent: the bar is decoration, the numbers beside it are exact.
  const style = { '--depth': `${Math.round((depth * 100) / Math.max(maxDepth, 1))}%` } as CSSProperties;
  const label = side === 'ask' ? 'Ask' : 'Bid';
  return (
    <div className={`ladder-row ladder-${side}`} role="row" style={style}>
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
    </div>
  );
}

/** One side of the ladder; the CSS stacks asks bottom-up so the best ask sits next to the spread. */
function LadderRows({
  side,
  rows,
  maxDepth,
  onPickPrice,
}: {
  side: LadderSide;
  rows: { level: BookLevelView; depth: number }[];
  maxDepth: number;
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
        rows.map(({ level, depth }) => (
          <Level
            key={level.price}
            side={side}
            level={level}
            depth={depth}
            maxDepth={maxDepth}
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

/**
 * A market's order book as a ladder: asks above (best ask nearest the middle), the spread, bids below.
 * Bars show the depth from the best price. With `onPickPrice`, clicking a price hands it to the ticket.
 */
export function OrderBookCard({
  book,
  error,
  symbol,
  tickSize,
  onPickPrice,
}: {
  book: BookView | null;
  error?: string | null;
  symbol?: string;
  tickSize?: string;
  onPickPrice?: (price: string) => void;
}) {
  const asks = book ? cumulative(book.asks) : [];
  const bids = book ? cumulative(book.bids) : [];
  const maxDepth = Math.max(asks.at(-1)?.depth ?? 0, bids.at(-1)?.depth ?? 0);
  return (
    <Card
      title="Order book"
      className="order-book"
      actions={
        <>
          {book?.halted ? <Badge tone="suspended">halted</Badge> : null}
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
          </div>
          <LadderRows side="ask" rows={asks} maxDepth={maxDepth} onPickPrice={onPickPrice} />
          <div className="ladder-spread" role="row" data-testid="book-spread">
            <span role="cell">{spreadText(book, tickSize)}</span>
          </div>
          <LadderRows side="bid" rows={bids} maxDepth={maxDepth} onPickPrice={onPickPrice} />
        </div>
      ) : error ? null : (
        <p className="muted">Loading the book…</p>
      )}
      {book ? <p className="ladder-foot muted small">As of sequence {book.sequence}</p> : null}
    </Card>
  );
}
