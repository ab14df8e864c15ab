import type { LotView } from '../../../src-preload/contract-lifecycle';
import { Timeline } from '../../components/Charts';
import type { TimelineSpan } from '../../components/Charts';
import { useNow } from '../../components/Countdown';
import { formatInteger, formatTime, formatTokens } from '../../lib/format';

/** Lots on the timeline: the live ones and the most recent finished ones (older ones stay in the table). */
const MAX_SPANS = 12;

const tone: Record<LotView['status'], TimelineSpan['tone']> = {
  live: 'live',
  used_up: 'done',
  expired: 'lost',
};

const statusText: Record<LotView['status'], string> = {
  live: 'live',
  used_up: 'used up',
  expired: 'expired',
};

const legend = [
  ['timeline-live', 'live'],
  ['timeline-done', 'used up'],
  ['timeline-lost', 'expired'],
  ['timeline-now-key', 'now'],
] as const;

/** What the timeline needs of a Lot: a supplier's view of the Lots it funds has no status (all live). */
export type TimelineLot = Pick<
  LotView,
  'lot_id' | 'symbol' | 'formed_at' | 'expires_at' | 'tokens_total' | 'tokens_remaining'
> &
  Partial<Pick<LotView, 'status' | 'tokens_delivered' | 'tokens_expired'>>;

/** Each Lot's lifetime, from when it formed to when it expires, against now. */
export function LotTimeline({
  lots,
  caption = 'Lot lifetimes',
  empty = 'No Lots yet: their lifetimes show here once Units reach consumption.',
  testId = 'lot-timeline',
}: {
  lots: readonly TimelineLot[];
  caption?: string;
  empty?: string;
  testId?: string;
}) {
  const now = useNow(30_000);
  const spans = lots.slice(0, MAX_SPANS).map((lot): TimelineSpan => {
    const status = lot.status ?? 'live';
    return {
      id: lot.lot_id,
      label: (
        <>
          <span className="mono">{lot.symbol}</span> · {formatTokens(lot.tokens_total)}
        </>
      ),
      start: lot.formed_at,
      end: lot.expires_at,
      tone: tone[status],
      title:
        `${lot.symbol}, ${formatInteger(lot.tokens_total)} tokens (${statusText[status]}): ` +
        `formed ${formatTime(lot.formed_at)}, expires ${formatTime(lot.expires_at)}; ` +
        `${formatInteger(lot.tokens_remaining)} left` +
        (lot.tokens_delivered !== undefined ? `, ${formatInteger(lot.tokens_delivered)} delivered` : '') +
        (lot.tokens_expired ? `, ${formatInteger(lot.tokens_expired)} expired unused` : ''),
    };
  });
  return (
    <Timeline
      spans={spans}
      now={now}
      testId={testId}
      empty={empty}
      caption={
        <>
          <span>{caption}</span>
          <span className="timeline-key muted small">
            {legend.map(([swatch, label]) => (
              <span key={label}>
                <span className={`legend-swatch ${swatch}`} aria-hidden="true" />
                {label}
              </span>
            ))}
          </span>
        </>
      }
    />
  );
}
