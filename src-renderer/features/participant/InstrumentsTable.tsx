import type { InstrumentView } from '../../../src-preload/contract';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { Badge, StatusBadge } from '../../components/ui';
import { formatInteger, formatTime, formatTokens, formatUsd, orDash } from '../../lib/format';
import { changedThresholds, changesText, specBodyOf } from '../rosters/spec-revision';

const columns: CompactColumn[] = [
  { label: 'Symbol' },
  { label: 'Name' },
  { label: 'Status' },
  { label: 'Quality ≥', numeric: true },
  { label: 'Throughput ≥', numeric: true },
  { label: 'TTFT ≤', numeric: true },
  { label: 'Context ≥', numeric: true },
  { label: 'Output ≥', numeric: true },
  { label: 'Tick', numeric: true },
  { label: 'Qty', numeric: true },
  { label: 'Upcoming specification' },
];

/** The instruments, compact: what a model must clear to serve each, and how its market trades. */
export function InstrumentsTable({
  instruments,
  caption,
}: {
  instruments: InstrumentView[];
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <CompactTable caption={caption} columns={columns}>
        {instruments.map((instrument) => {
          const spec = instrument.specifications;
          const trading = instrument.trading_parameters;
          return (
            <tr key={instrument.instrument_id}>
              <td className="mono strong">
                {instrument.symbol}
                {instrument.is_default ? (
                  <>
                    {' '}
                    <Badge tone="accent">default</Badge>
                  </>
                ) : null}
              </td>
              <td>{instrument.name}</td>
              <td>
                <StatusBadge status={instrument.status} />
              </td>
              <td className="num" title={`${spec.quality_index} index`}>
                {orDash(spec.quality_floor)}
              </td>
              <td className="num">
                {spec.throughput_floor_tps === null
                  ? '—'
                  : `${formatInteger(spec.throughput_floor_tps)} tok/s`}
              </td>
              <td className="num">{spec.ttft_max_seconds} s</td>
              <td className="num">{formatTokens(spec.context_window_min_tokens)}</td>
              <td className="num">{formatTokens(spec.output_length_min_tokens)}</td>
              <td className="num">{formatUsd(trading.tick_size)}</td>
              <td className="num">
                {formatInteger(trading.min_quantity)}–{formatInteger(trading.max_quantity)}
              </td>
              <td className="small wrap" data-testid={`upcoming-${instrument.symbol}`}>
                <UpcomingSpec instrument={instrument} />
              </td>
            </tr>
          );
        })}
      </CompactTable>
    </div>
  );
}

/** The published revision not yet in effect: when, and which thresholds change. */
function UpcomingSpec({ instrument }: { instrument: InstrumentView }) {
  const upcoming = instrument.upcoming_revision;
  if (!upcoming) return <span className="muted">—</span>;
  const changes = changedThresholds(
    specBodyOf(instrument.specifications),
    specBodyOf(upcoming.specifications),
  );
  return (
    <>
      <Badge tone="preview">v{upcoming.version}</Badge> from {formatTime(upcoming.effective_at)}:{' '}
      {changesText(changes)}
    </>
  );
}
