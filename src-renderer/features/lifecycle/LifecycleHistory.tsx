import type { ParticipantView } from '../../../src-preload/contract';
import type { LotView, TopUpView } from '../../../src-preload/contract-lifecycle';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { Badge, Card, ErrorAlert } from '../../components/ui';
import { formatCount, formatInteger, formatPrice, formatTime, formatUsd } from '../../lib/format';
import { fromMicros, toMicros } from '../../lib/money';
import { useExpiries, useTransfers } from './queries';

interface HistoryRow {
  key: string;
  at: string;
  kind: 'sweep' | 'transfer' | 'top-up' | 'bought' | 'expiry';
  symbol: string;
  text: string;
}

const columns: CompactColumn[] = [
  { label: 'Time' },
  { label: 'Event' },
  { label: 'Instrument' },
  { label: 'What happened' },
];

const kindTone = {
  sweep: 'accent',
  transfer: 'live',
  'top-up': 'accent',
  bought: 'preview',
  expiry: 'suspended',
} as const;

/** "Auto Mode bought 2 Units at $2.505 each ($5.01) into consumption." */
export function topUpText(topUp: TopUpView): string {
  const spent = toMicros(topUp.spent) ?? 0n;
  const each = topUp.filled > 0 ? formatPrice(fromMicros(spent / BigInt(topUp.filled), 3)) : '—';
  return `Auto Mode bought ${formatCount(topUp.filled, 'Unit')} at ${each} each (${formatUsd(topUp.spent)}, fees included) into consumption.`;
}

/** Sweeps (the Lots they formed), transfers and expiries that touched this participant, newest first. */
export function LifecycleHistory({
  participant,
  lots,
  topUps,
}: {
  participant: ParticipantView;
  lots: readonly LotView[];
  /** Auto Mode's top-ups: the transfers they made read as top-ups, with price and cost. */
  topUps: readonly TopUpView[] | null;
}) {
  const transfers = useTransfers(participant.participant_id);
  const topUpByLot = new Map(
    (topUps ?? []).flatMap((topUp) => (topUp.lot_id ? [[topUp.lot_id, topUp]] : [])),
  );
  const expiries = useExpiries(participant.participant_id);
  const rows: HistoryRow[] = [
    ...lots
      .filter((lot) => lot.origin !== 'transfer')
      .map((lot) => ({
        key: `lot-${lot.lot_id}`,
        at: lot.formed_at,
        kind: lot.origin === 'sweep' ? ('sweep' as const) : ('bought' as const),
        symbol: lot.symbol,
        text:
          lot.origin === 'sweep'
            ? `The sweep moved ${formatCount(lot.tokens_total / 1_000_000, 'Unit')} to consumption: a Lot of ${formatInteger(lot.tokens_total)} tokens.`
            : `Bought Units went straight to consumption: a Lot of ${formatInteger(lot.tokens_total)} tokens.`,
      })),
    ...(transfers.data ?? []).map((transfer) => {
      const topUp = transfer.lot_id ? topUpByLot.get(transfer.lot_id) : undefined;
      return {
        key: `transfer-${transfer.sequence}`,
        at: transfer.created_at,
        kind: topUp ? ('top-up' as const) : ('transfer' as const),
        symbol: transfer.symbol,
        text: topUp
          ? topUpText(topUp)
          : transfer.kind === 'trading_to_consumption'
            ? `You transferred ${formatCount(transfer.quantity, 'Unit')} to consumption.`
            : `${formatCount(transfer.quantity, 'Unit')} moved from issuance to trading.`,
      };
    }),
    ...(expiries.data ?? []).map((expiry) => ({
      key: `expiry-${expiry.sequence}`,
      at: expiry.expired_at,
      kind: 'expiry' as const,
      symbol: expiry.symbol,
      text: `A Lot expired with ${formatInteger(expiry.tokens)} tokens unused; they are gone.`,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const loading = transfers.data === null || expiries.data === null;

  return (
    <Card title="History" region>
      <ErrorAlert>{transfers.error ?? expiries.error}</ErrorAlert>
      {loading ? (
        <p className="muted">Loading history…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No sweeps, transfers or expiries have touched this account yet.</p>
      ) : (
        <div className="table-wrap">
          <CompactTable caption="Sweeps, transfers and expiries" columns={columns} className="history-table">
            {rows.map((row) => (
              <tr key={row.key} data-testid={`history-${row.kind}`}>
                <td className="mono small">{formatTime(row.at)}</td>
                <td>
                  <Badge tone={kindTone[row.kind]}>{row.kind}</Badge>
                </td>
                <td className="mono">{row.symbol}</td>
                <td>{row.text}</td>
              </tr>
            ))}
          </CompactTable>
        </div>
      )}
    </Card>
  );
}
