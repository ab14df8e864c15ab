import type { GetRowIdParams } from 'ag-grid-community';
import type { ParticipantView, TradeView } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { Card, ErrorAlert } from '../../components/ui';
import { fillColumns } from './columns';
import { useFills } from './queries';

// A self-trade would be one fill seen from both sides; the trade and the order name it uniquely.
const rowId = ({ data }: GetRowIdParams<TradeView>) => `${data.trade_id}:${data.order_id}`;
const defaultColDef = { sortable: true, resizable: true };
const fitWidth = { type: 'fitGridWidth' } as const;

/** The participant's fills, newest first, as maker or taker. */
export function Fills({ participant }: { participant: ParticipantView }) {
  const fills = useFills(participant.participant_id);
  return (
    <Card title="Fills" className="fills-card card-fill">
      <div className="grid-box" data-testid="fills">
        <DataGrid<TradeView>
          rowData={fills.data ?? undefined}
          loading={fills.data === null && !fills.error}
          columnDefs={fillColumns}
          getRowId={rowId}
          defaultColDef={defaultColDef}
          autoSizeStrategy={fitWidth}
          overlayNoRowsTemplate="No fills yet"
        />
      </div>
      <ErrorAlert>{fills.error}</ErrorAlert>
    </Card>
  );
}
