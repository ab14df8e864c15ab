import { useEffect, useRef } from 'react';
import type { GetRowIdParams } from 'ag-grid-community';
import type { TradeView } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { Card, ErrorAlert } from '../../components/ui';
import { toast } from '../../stores/toasts';
import { deskColumnDefaults, fillColumns } from './columns';
import { fillText, newFills } from './fill-notices';
import { inMarket, MarketOnly } from './OpenOrders';
import type { ActivityProps } from './OpenOrders';
import { useFills } from './queries';

// A self-trade would be one fill seen from both sides; the trade and the order name it uniquely.
const rowId = ({ data }: GetRowIdParams<TradeView>) => `${data.trade_id}:${data.order_id}`;
const fitWidth = { type: 'fitGridWidth' } as const;

/** Tells the user of fills that arrive while the desk is open: a toast, and an OS notification where allowed. */
function useFillNotices(fills: TradeView[] | null) {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!fills) return;
    const fresh = newFills(seen.current, fills);
    seen.current = new Set(fills.map((fill) => `${fill.trade_id}:${fill.order_id}`));
    for (const fill of fresh) {
      const text = fillText(fill);
      toast(text, 'info');
      // The desktop app may notify (Electron grants it); a browser only if the user already allowed it.
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden)
        new Notification('Grid Desk: order filled', { body: text });
    }
  }, [fills]);
}

/** The participant's fills, newest first, as maker or taker, with their dates. */
export function Fills({ participant, marketId, marketOnly }: ActivityProps) {
  const fills = useFills(participant.participant_id);
  useFillNotices(fills.data);
  const rows = inMarket(fills.data, marketId);
  return (
    <Card title="Fills" className="fills-card card-fill" actions={<MarketOnly {...marketOnly} />}>
      <div className="grid-box" data-testid="fills">
        <DataGrid<TradeView>
          rowData={rows ?? undefined}
          loading={fills.data === null && !fills.error}
          columnDefs={fillColumns}
          getRowId={rowId}
          tools={{ noun: 'fills', one: 'fill', fileName: 'fills' }}
          defaultColDef={deskColumnDefaults}
          autoSizeStrategy={fitWidth}
          overlayNoRowsTemplate="No fills yet"
        />
      </div>
      <ErrorAlert>{fills.error}</ErrorAlert>
    </Card>
  );
}
