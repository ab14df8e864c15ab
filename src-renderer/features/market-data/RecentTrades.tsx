import { useId } from 'react';
import type { InstrumentView } from '../../../src-preload/contract';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { ErrorAlert } from '../../components/ui';
import { formatInteger, formatPrice, formatTime, formatTimeOfDay, formatUsd } from '../../lib/format';
import { TAPE_LENGTH, usePublicTrades } from './queries';

const columns: CompactColumn[] = [
  { label: 'Time' },
  { label: 'Price (USD)', numeric: true },
  { label: 'Units', numeric: true },
  { label: 'Value', numeric: true },
  { label: 'Taker' },
];

/** The market's public tape, newest first: price, quantity, the taker's side and time; no one's name. */
export function RecentTrades({ instrument }: { instrument: InstrumentView }) {
  const headingId = useId();
  const trades = usePublicTrades(instrument.trading_parameters.market_id);
  const rows = trades.data;
  return (
    <section className="market-view" aria-labelledby={headingId}>
      <div className="market-view-head">
        <h3 id={headingId}>Recent trades</h3>
        <span className="mono muted">{instrument.symbol}/USD</span>
        <span className="market-view-note">Last {TAPE_LENGTH}, newest first; side is the taker&apos;s</span>
      </div>
      <ErrorAlert>{trades.error}</ErrorAlert>
      <div className="tape-frame" data-testid="recent-trades">
        {rows === null ? (
          trades.error ? null : (
            <p className="muted tape-empty">Loading trades…</p>
          )
        ) : rows.length === 0 ? (
          <div className="chart-overlay">
            <p className="empty-title">No trades yet</p>
            <p className="muted">
              Nothing has traded in {instrument.symbol}. Trades appear here as they happen.
            </p>
          </div>
        ) : (
          <CompactTable caption={`Recent ${instrument.symbol} trades`} columns={columns} className="tape">
            {rows.map((trade) => (
              <tr key={trade.trade_id}>
                <td className="muted" title={formatTime(trade.execution_timestamp)}>
                  {formatTimeOfDay(trade.execution_timestamp)}
                </td>
                <td className={`num strong side-${trade.taker_side}`}>
                  {formatPrice(trade.price).replace('$', '')}
                </td>
                <td className="num">{formatInteger(trade.quantity)}</td>
                <td className="num muted">{formatUsd(trade.total_value)}</td>
                <td>
                  <span className={`side side-${trade.taker_side}`}>{trade.taker_side}</span>
                </td>
              </tr>
            ))}
          </CompactTable>
        )}
      </div>
    </section>
  );
}
