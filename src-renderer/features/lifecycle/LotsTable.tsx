import type { LotView } from '../../../src-preload/contract-lifecycle';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { Countdown } from '../../components/Countdown';
import { Badge } from '../../components/ui';
import { formatInteger, formatTime } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';
import { ShortId } from './ShortId';

const columns: CompactColumn[] = [
  { label: 'Instrument' },
  { label: 'Lot' },
  { label: 'Origin' },
  { label: 'Remaining tokens', numeric: true },
  { label: 'Total tokens', numeric: true },
  { label: 'Expires in' },
  { label: 'Funded by' },
];

const originText: Record<LotView['origin'], string> = {
  sweep: 'sweep',
  transfer: 'transfer',
  immediate: 'bought',
};

/**
 * Lots: tokens left of tokens formed, a live countdown to each expiry, and the trades that funded them;
 * with `showHolder`, whose Consumption account each Lot is in (the operator's view across accounts).
 */
export function LotsTable({
  lots,
  caption,
  showHolder = false,
  topUpLots,
}: {
  lots: readonly LotView[];
  caption: string;
  showHolder?: boolean;
  /** Lots an Auto Mode top-up formed (by id): their origin reads "Auto Mode top-up", not "transfer". */
  topUpLots?: ReadonlySet<string>;
}) {
  const participants = useExchangeStore((state) => state.participants);
  const nameOf = (id: string) => participants?.find((p) => p.participant_id === id)?.name ?? id;
  return (
    <div className="table-wrap">
      <CompactTable
        caption={caption}
        columns={showHolder ? [{ label: 'Holder' }, ...columns] : columns}
        className="lots-table"
      >
        {lots.map((lot) => (
          <tr key={lot.lot_id} data-testid={`lot-${lot.lot_id}`} className={`lot-${lot.status}`}>
            {showHolder && <td>{nameOf(lot.participant_id)}</td>}
            <th scope="row" className="mono strong">
              {lot.symbol}
            </th>
            <td>
              <ShortId id={lot.lot_id} />
            </td>
            <td>{topUpLots?.has(lot.lot_id) ? 'Auto Mode top-up' : originText[lot.origin]}</td>
            <td className="num">{formatInteger(lot.tokens_remaining)}</td>
            <td className="num">{formatInteger(lot.tokens_total)}</td>
            <td>
              {lot.status === 'live' ? (
                <Countdown to={lot.expires_at} testId="lot-countdown" />
              ) : lot.status === 'expired' ? (
                <span title={`Expired ${formatTime(lot.expired_at ?? lot.expires_at)}`}>
                  <Badge tone="suspended">expired</Badge>{' '}
                  <span className="small muted">{formatInteger(lot.tokens_expired)} unused</span>
                </span>
              ) : (
                <Badge tone="neutral">used up</Badge>
              )}
            </td>
            <td className="funding">
              {lot.funding.length === 0
                ? '—'
                : lot.funding.map((funding, index) => (
                    <div key={`${funding.trade_id ?? 'issued'}-${index}`} className="small">
                      {funding.trade_id ? <ShortId id={funding.trade_id} /> : 'own issue'}{' '}
                      <span className="muted">
                        from {nameOf(funding.supplier_id)} · {formatInteger(funding.tokens_remaining)} of{' '}
                        {formatInteger(funding.tokens)}
                      </span>
                    </div>
                  ))}
            </td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}
