import { useMemo } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { LotView } from '../../../src-preload/contract-lifecycle';
import { integer, numeric, time } from '../../components/cells';
import { Countdown } from '../../components/Countdown';
import { DataGrid } from '../../components/DataGrid';
import { Badge } from '../../components/ui';
import { formatInteger, formatTime } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';

const originText: Record<LotView['origin'], string> = {
  sweep: 'sweep',
  transfer: 'transfer',
  immediate: 'bought',
};

const statusText: Record<LotView['status'], string> = {
  live: 'live',
  used_up: 'used up',
  expired: 'expired',
};

/** A Lot with its words and names spelled out, so search and CSV export read as the grid does. */
interface LotRow extends LotView {
  holder: string;
  origin_text: string;
  status_text: string;
  funded_by: string;
}

/** A live Lot's countdown to its expiry; a finished one's status (and, expired, what was lost). */
function ExpiryCell({ data }: ICellRendererParams<LotRow>) {
  if (!data) return null;
  if (data.status === 'live') return <Countdown to={data.expires_at} testId="lot-countdown" />;
  if (data.status === 'used_up') return <Badge tone="neutral">used up</Badge>;
  return (
    <span title={`Expired ${formatTime(data.expired_at ?? data.expires_at)}`}>
      <Badge tone="suspended">expired</Badge>{' '}
      <span className="small muted">{formatInteger(data.tokens_expired)} unused</span>
    </span>
  );
}

function columnsFor(showHolder: boolean): ColDef<LotRow>[] {
  return [
    ...(showHolder ? [{ field: 'holder', headerName: 'Holder', minWidth: 120 } as ColDef<LotRow>] : []),
    { field: 'symbol', headerName: 'Instrument', minWidth: 110, cellClass: 'mono strong' },
    { field: 'lot_id', headerName: 'Lot', minWidth: 120, cellClass: 'mono', tooltipField: 'lot_id' },
    { field: 'origin_text', headerName: 'Origin', minWidth: 100 },
    {
      field: 'tokens_remaining',
      headerName: 'Remaining tokens',
      minWidth: 130,
      ...numeric,
      valueFormatter: integer,
    },
    { field: 'tokens_total', headerName: 'Total tokens', minWidth: 110, ...numeric, valueFormatter: integer },
    { field: 'formed_at', headerName: 'Formed', minWidth: 150, valueFormatter: time, cellClass: 'mono' },
    {
      field: 'expires_at',
      headerName: 'Expires in',
      minWidth: 130,
      // Sorted and exported by the time itself; shown as a live countdown.
      valueFormatter: time,
      cellRenderer: ExpiryCell,
      sort: 'asc',
    },
    { field: 'status_text', headerName: 'Status', minWidth: 90, hide: true },
    { field: 'funded_by', headerName: 'Funded by', minWidth: 220, flex: 1, tooltipField: 'funded_by' },
  ];
}

const fitWidth = { type: 'fitGridWidth' } as const;

/**
 * Lots in a grid with a search box, a filter per column and CSV export: tokens left of tokens formed, a
 * live countdown to each expiry, and the trades that funded them; with `showHolder`, whose Consumption
 * account each Lot is in (the operator's view across accounts).
 */
export function LotsTable({
  lots,
  caption,
  fileName,
  showHolder = false,
  topUpLots,
}: {
  lots: readonly LotView[];
  caption: string;
  /** The CSV file's name, without ".csv". */
  fileName: string;
  showHolder?: boolean;
  /** Lots an Auto Mode top-up formed (by id): their origin reads "Auto Mode top-up", not "transfer". */
  topUpLots?: ReadonlySet<string>;
}) {
  const participants = useExchangeStore((state) => state.participants);
  const rows = useMemo(() => {
    const nameOf = (id: string) => participants?.find((p) => p.participant_id === id)?.name ?? id;
    return lots.map((lot): LotRow => ({
      ...lot,
      holder: nameOf(lot.participant_id),
      origin_text: topUpLots?.has(lot.lot_id) ? 'Auto Mode top-up' : originText[lot.origin],
      status_text: statusText[lot.status],
      funded_by:
        lot.funding
          .map(
            (funding) =>
              // Who owes the tokens first: the trade id is the least readable part.
              `from ${nameOf(funding.supplier_id)} · ${formatInteger(funding.tokens_remaining)} of ` +
              `${formatInteger(funding.tokens)} · ${funding.trade_id ?? 'own issue'}`,
          )
          .join('; ') || '—',
    }));
  }, [lots, participants, topUpLots]);
  const columns = useMemo(() => columnsFor(showHolder), [showHolder]);
  return (
    <div className="lots-grid" title={caption}>
      <DataGrid<LotRow>
        rowData={rows}
        columnDefs={columns}
        getRowId={({ data }) => data.lot_id}
        rowClassRules={{ 'lot-finished': ({ data }) => data?.status !== 'live' }}
        tools={{ noun: 'Lots', one: 'Lot', fileName }}
        autoSizeStrategy={fitWidth}
      />
    </div>
  );
}
