import { useMemo } from 'react';
import type { BookView, InstrumentView } from '../../../src-preload/contract';
import type { ReferencePriceView } from '../../../src-preload/contract-market-data';
import { TimeSeriesChart } from '../../components/Charts';
import { useNow } from '../../components/Countdown';
import { Badge, Card, ErrorAlert } from '../../components/ui';
import { formatInteger, formatPrice, formatTime, formatTimeOfDay } from '../../lib/format';
import { indicativePrice } from './indicative';
import { decimalsOf } from './chart-data';
import { useReferenceHistory, useReferencePrice, useWindowTrades } from './queries';

const methodNames: Record<ReferencePriceView['method'], string> = {
  vwap: 'vwap',
  mid: 'mid',
  carried: 'carried',
  none: 'none',
};

/** How this publication's price was found, in words. */
export function methodText(price: ReferencePriceView): string {
  const window =
    price.window_start && price.window_end
      ? ` ${formatTimeOfDay(price.window_start)}–${formatTimeOfDay(price.window_end)}`
      : '';
  switch (price.method) {
    case 'vwap':
      return `Volume-weighted average of ${formatInteger(price.volume)} Units traded in the 4 h window${window}.`;
    case 'mid':
      return `No trades in the 4 h window${window}: the mid of the best bid and best ask.`;
    case 'carried':
      return 'No trades in the window and no two-sided book: the last published value, carried forward.';
    case 'none':
      return 'No trades, no two-sided book and no earlier value: nothing to publish yet.';
  }
}

/** Every published Reference Price of the instrument over time (publications without a price left out). */
function ReferenceHistory({ instrument }: { instrument: InstrumentView }) {
  const history = useReferenceHistory(instrument.trading_parameters.market_id);
  const decimals = decimalsOf(instrument.trading_parameters.tick_size);
  const values = useMemo(
    () =>
      (history.data ?? [])
        .flatMap((p) =>
          p.price !== null && p.published_at ? [{ time: p.published_at, value: Number(p.price) }] : [],
        )
        .reverse(),
    [history.data],
  );
  return (
    <>
      <ErrorAlert>{history.error}</ErrorAlert>
      <TimeSeriesChart
        title="Published over time"
        values={values}
        format={(value) => formatPrice(value.toFixed(decimals))}
        empty={
          history.data === null
            ? 'Loading publications…'
            : 'No price published yet: the line starts with the first publication.'
        }
        testId="reference-history"
      />
    </>
  );
}

/** The method and staleness of a publication, as badges. */
export function ReferenceBadges({ price }: { price: ReferencePriceView }) {
  if (!price.published_at) return <Badge tone="neutral">unpublished</Badge>;
  if (price.method === 'none') return <Badge tone="neutral">no price</Badge>;
  return (
    <>
      <Badge tone={price.method === 'vwap' ? 'live' : price.method === 'mid' ? 'accent' : 'neutral'}>
        {methodNames[price.method]}
      </Badge>
      {price.stale ? <Badge tone="preview">stale</Badge> : null}
    </>
  );
}

/**
 * The Grid Desk Reference Price of the selected instrument and its 30-day average (and, given the book,
 * the live indicative value beside the last published one): how it was found,
 * whether it is stale, when it was published, and the methodology (expandable).
 */
export function ReferencePricePanel({
  instrument,
  book,
}: {
  instrument: InstrumentView;
  book?: BookView | null;
}) {
  const reference = useReferencePrice(instrument.trading_parameters.market_id);
  const trades = useWindowTrades(book === undefined ? null : instrument.trading_parameters.market_id);
  const price = reference.data;
  // The window trails the clock: trades drop out of it as time passes, even with no new ones.
  const now = useNow(30_000);
  const live = book !== undefined && trades.data ? indicativePrice(trades.data, book, now) : null;
  return (
    <Card
      title="Reference price"
      region
      className="reference-card"
      testId="reference-price"
      actions={price ? <ReferenceBadges price={price} /> : null}
    >
      <ErrorAlert>{reference.error}</ErrorAlert>
      {price === null ? (
        reference.error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          <dl className="reference-figures">
            <div className="figure-main">
              <dt>Grid Desk Reference Price</dt>
              <dd
                className={price.stale && price.price !== null ? 'figure-stale' : undefined}
                data-testid="reference-value"
                title={
                  price.stale && price.price !== null
                    ? 'Stale: carried forward from an earlier publication'
                    : undefined
                }
              >
                {formatPrice(price.price)}
              </dd>
            </div>
            {live ? (
              <div title="Where the next publication is heading: the same method on the trades and book in view now">
                <dt>Live indicative</dt>
                <dd data-testid="reference-indicative">
                  {live.method === 'none' ? '—' : formatPrice(live.price)}{' '}
                  <span className="muted small">
                    {live.method === 'vwap'
                      ? `vwap of ${formatInteger(live.volume)} Units, last 4 h`
                      : live.method === 'mid'
                        ? 'mid'
                        : 'no trades or two-sided book'}
                  </span>
                </dd>
              </div>
            ) : null}
            <div>
              <dt>30-day average</dt>
              <dd data-testid="reference-average">{formatPrice(price.average_30d)}</dd>
            </div>
          </dl>
          <p className="small muted">
            {instrument.symbol}, USD per Unit (1M tokens).{' '}
            {price.published_at ? (
              <>
                Published <span title={formatTime(price.published_at)}>{formatTime(price.published_at)}</span>
                . {methodText(price)}
              </>
            ) : (
              'Not published yet: the exchange publishes at every sweep boundary, and the operator on demand.'
            )}
          </p>
          <ReferenceHistory instrument={instrument} />
          <details className="methodology">
            <summary>Methodology</summary>
            <p>{price.methodology}</p>
          </details>
        </>
      )}
    </Card>
  );
}
