import { useId, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import type { BookView, InstrumentView } from '../../../src-preload/contract';
import { ErrorAlert } from '../../components/ui';
import { formatInteger, formatPrice } from '../../lib/format';
import { fromMicros, toMicros } from '../../lib/money';
import { useElementWidth } from '../../lib/use-element-width';
import { BOOK_DEPTH } from '../trading/queries';
import { decimalsOf, depthAt, depthOf, niceTicks } from './chart-data';
import type { Depth, DepthStep } from './chart-data';

const HEIGHT = 340;

/** The mid of the best bid and ask, exactly (rounded down to the micro-dollar, as the ladder shows it). */
function midText(book: BookView): string | null {
  const bid = toMicros(book.bids[0]?.price);
  const ask = toMicros(book.asks[0]?.price);
  return bid === null || ask === null ? null : fromMicros((bid + ask) / 2n, 3);
}
const MARGIN = { top: 28, right: 14, bottom: 26, left: 48 };

interface Scale {
  x(price: number): number;
  y(total: number): number;
  price(x: number): number;
  plotWidth: number;
  plotHeight: number;
}

function scaleOf(depth: Depth, width: number, yMax: number): Scale {
  const plotWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const span = depth.high - depth.low || 1;
  return {
    x: (price) => MARGIN.left + ((price - depth.low) / span) * plotWidth,
    y: (total) => MARGIN.top + plotHeight - (total / yMax) * plotHeight,
    price: (x) => depth.low + ((x - MARGIN.left) / plotWidth) * span,
    plotWidth,
    plotHeight,
  };
}

/** A side's cumulative quantity as a step area from its best price out to the edge of the chart. */
function stepPath(steps: readonly DepthStep[], edge: number, scale: Scale): string {
  const first = steps[0];
  if (!first) return '';
  const parts = [
    `M${scale.x(first.price)},${scale.y(0)}`,
    `L${scale.x(first.price)},${scale.y(first.total)}`,
  ];
  for (let index = 1; index < steps.length; index++) {
    const step = steps[index]!;
    const before = steps[index - 1]!;
    parts.push(
      `L${scale.x(step.price)},${scale.y(before.total)}`,
      `L${scale.x(step.price)},${scale.y(step.total)}`,
    );
  }
  const last = steps.at(-1)!;
  parts.push(`L${scale.x(edge)},${scale.y(last.total)}`, `L${scale.x(edge)},${scale.y(0)}`, 'Z');
  return parts.join(' ');
}

/**
 * The book's depth: cumulative Units bid at or above each price (left) and offered at or below it
 * (right), over the levels the desk loads, centred on the mid. Hovering reads the depth at a price.
 */
export function DepthChart({
  book,
  error,
  instrument,
}: {
  book: BookView | null;
  error: string | null;
  instrument: InstrumentView;
}) {
  const headingId = useId();
  const clipId = `depth-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const frame = useRef<HTMLDivElement>(null);
  const width = useElementWidth(frame);
  const [hoverX, setHoverX] = useState<number | null>(null);
  const tickSize = instrument.trading_parameters.tick_size;
  const decimals = decimalsOf(tickSize);
  const depth = book ? depthOf(book, tickSize) : null;
  const bidTotal = depth?.bids.at(-1)?.total ?? 0;
  const askTotal = depth?.asks.at(-1)?.total ?? 0;

  let chart = null;
  if (depth && width > 0) {
    const quantityTicks = niceTicks(0, depth.maxTotal * 1.12, 5).filter((value) => Number.isInteger(value));
    const yMax = Math.max(depth.maxTotal * 1.12, quantityTicks.at(-1) ?? 1);
    const scale = scaleOf(depth, width, yMax);
    const priceTicks = niceTicks(depth.low, depth.high, Math.max(2, Math.floor(scale.plotWidth / 110)));
    const bottom = scale.y(0);
    const hoverPrice = hoverX === null ? null : scale.price(hoverX);
    const reading = hoverPrice === null ? null : depthAt(depth, hoverPrice);
    const onMove = (event: MouseEvent<SVGSVGElement>) => {
      const box = event.currentTarget.getBoundingClientRect();
      const x = event.clientX - box.left;
      setHoverX(x >= MARGIN.left && x <= MARGIN.left + scale.plotWidth ? x : null);
    };
    const summary =
      `Depth of ${instrument.symbol}: ${formatInteger(bidTotal)} Units bid` +
      (depth.bids.length
        ? ` from ${formatPrice(depth.bids[0]!.text)} down to ${formatPrice(depth.bids.at(-1)!.text)}`
        : '') +
      `, ${formatInteger(askTotal)} Units offered` +
      (depth.asks.length
        ? ` from ${formatPrice(depth.asks[0]!.text)} up to ${formatPrice(depth.asks.at(-1)!.text)}`
        : '');
    chart = (
      <svg
        width={width}
        height={HEIGHT}
        className="depth-svg"
        role="img"
        aria-label={summary}
        onMouseMove={onMove}
        onMouseLeave={() => setHoverX(null)}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={MARGIN.left} y={MARGIN.top} width={scale.plotWidth} height={scale.plotHeight} />
          </clipPath>
        </defs>
        {quantityTicks.map((value) => (
          <g key={`q${value}`}>
            <line
              className="depth-grid"
              x1={MARGIN.left}
              x2={MARGIN.left + scale.plotWidth}
              y1={scale.y(value)}
              y2={scale.y(value)}
            />
            <text className="depth-axis" x={MARGIN.left - 6} y={scale.y(value)} dy="0.32em" textAnchor="end">
              {formatInteger(value)}
            </text>
          </g>
        ))}
        {priceTicks.map((value) => (
          <text
            key={`p${value}`}
            className="depth-axis"
            x={scale.x(value)}
            y={bottom + 16}
            textAnchor="middle"
          >
            {value.toFixed(decimals)}
          </text>
        ))}
        <g clipPath={`url(#${clipId})`}>
          <path className="depth-bids" d={stepPath(depth.bids, depth.low, scale)} />
          <path className="depth-asks" d={stepPath(depth.asks, depth.high, scale)} />
          {depth.mid !== null ? (
            <line
              className="depth-mid"
              x1={scale.x(depth.mid)}
              x2={scale.x(depth.mid)}
              y1={MARGIN.top}
              y2={bottom}
            />
          ) : null}
        </g>
        <line
          className="depth-baseline"
          x1={MARGIN.left}
          x2={MARGIN.left + scale.plotWidth}
          y1={bottom}
          y2={bottom}
        />
        <text
          className="depth-axis depth-axis-title"
          x={MARGIN.left - 6}
          y={MARGIN.top - 12}
          textAnchor="end"
        >
          Units
        </text>
        {depth.mid !== null ? (
          <text className="depth-mid-label" x={scale.x(depth.mid)} y={MARGIN.top - 10} textAnchor="middle">
            mid {midText(book!)}
          </text>
        ) : null}
        {/* Side names either side of the mid (or of the one side there is), where the curves are lowest. */}
        <text
          className="depth-side-label depth-bid-label"
          x={scale.x(depth.mid ?? depth.bids[0]?.price ?? depth.low) - 10}
          y={MARGIN.top + 14}
          textAnchor="end"
        >
          {depth.bids.length ? 'Bids' : ''}
        </text>
        <text
          className="depth-side-label depth-ask-label"
          x={scale.x(depth.mid ?? depth.asks[0]?.price ?? depth.high) + 10}
          y={MARGIN.top + 14}
        >
          {depth.asks.length ? 'Asks' : ''}
        </text>
        {hoverX !== null && hoverPrice !== null && reading ? (
          <g className="depth-hover" pointerEvents="none">
            <line x1={hoverX} x2={hoverX} y1={MARGIN.top} y2={bottom} />
            {reading.side ? (
              <circle
                cx={hoverX}
                cy={scale.y(reading.total)}
                r={3.5}
                className={`depth-dot-${reading.side}`}
              />
            ) : null}
            <text
              x={hoverX + (hoverX > MARGIN.left + scale.plotWidth / 2 ? -8 : 8)}
              y={MARGIN.top + 34}
              textAnchor={hoverX > MARGIN.left + scale.plotWidth / 2 ? 'end' : 'start'}
            >
              {hoverPrice.toFixed(decimals)}:{' '}
              {reading.side === 'bid'
                ? `${formatInteger(reading.total)} Units bid at or above`
                : reading.side === 'ask'
                  ? `${formatInteger(reading.total)} Units offered at or below`
                  : 'inside the spread'}
            </text>
          </g>
        ) : null}
      </svg>
    );
  }

  return (
    <section className="market-view" aria-labelledby={headingId}>
      <div className="market-view-head">
        <h3 id={headingId}>Depth</h3>
        <span className="mono muted">{instrument.symbol}/USD</span>
        {depth ? (
          <span className="market-view-note">
            <span className="side-buy">{formatInteger(bidTotal)}</span> Units bid ·{' '}
            <span className="side-sell">{formatInteger(askTotal)}</span> Units offered · best {BOOK_DEPTH}{' '}
            levels a side
          </span>
        ) : null}
      </div>
      <ErrorAlert>{error}</ErrorAlert>
      <div className="depth-frame" ref={frame} data-testid="depth-chart">
        {book === null ? (
          error ? null : (
            <div className="chart-overlay muted">Loading the book…</div>
          )
        ) : depth === null ? (
          <div className="chart-overlay">
            <p className="empty-title">Empty book</p>
            <p className="muted">No bids or asks rest in {instrument.symbol}: there is no depth to draw.</p>
          </div>
        ) : (
          chart
        )}
      </div>
    </section>
  );
}
