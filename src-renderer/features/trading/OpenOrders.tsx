import { useCallback, useMemo, useRef, useState } from 'react';
import type { GetRowIdParams } from 'ag-grid-community';
import type { OrderView, ParticipantView, PlaceOrderResult } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatInteger, formatPrice } from '../../lib/format';
import { useClient } from '../../stores/exchange';
import { AmendDialog } from './AmendDialog';
import { openOrderColumns } from './columns';
import type { OrderActionsContext } from './columns';
import { useOpenOrders } from './queries';
import { describeOrder } from './ticket';

const rowId = ({ data }: GetRowIdParams<OrderView>) => data.order_id;
const defaultColDef = { sortable: true, resizable: true };
const fitWidth = { type: 'fitGridWidth' } as const;

const orderName = (order: OrderView) =>
  `${order.side} ${formatInteger(order.remaining_quantity)} ${order.symbol} @ ${formatPrice(order.price)}`;

/** The participant's resting orders in every market, each with Amend and Cancel; and Cancel all. */
export function OpenOrders({ participant }: { participant: ParticipantView }) {
  const client = useClient();
  const participantId = participant.participant_id;
  const orders = useOpenOrders(participantId);
  const [amending, setAmending] = useState<OrderView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  /** Runs one action at a time; its outcome replaces the last one's. */
  const act = useCallback(async (action: () => Promise<string>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      setDone(await action());
    } catch (error) {
      setFailure(rejectionText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);

  const context = useMemo<OrderActionsContext>(
    () => ({
      amend: (order) => {
        setFailure(null);
        setDone(null);
        setAmending(order);
      },
      cancel: (order) =>
        void act(async () => {
          const cancelled = await client.call('orders.cancel', {
            participant_id: participantId,
            order_id: order.order_id,
          });
          return `Cancelled: ${orderName(cancelled)}.`;
        }),
    }),
    [act, client, participantId],
  );

  const cancelAll = () =>
    act(async () => {
      const { cancelled } = await client.call('orders.cancelAll', { participant_id: participantId });
      return cancelled === 0
        ? 'No open orders to cancel.'
        : `Cancelled all ${cancelled} open order${cancelled === 1 ? '' : 's'}.`;
    });

  const onAmended = (result: PlaceOrderResult) => {
    setAmending(null);
    setFailure(null);
    setDone(`Amended: ${describeOrder(result.order)}.`);
  };

  const count = orders.data?.length ?? 0;
  return (
    <Card
      title="Open orders"
      className="orders-card card-fill"
      actions={
        <button
          type="button"
          className="btn btn-xs btn-danger"
          disabled={busy || count === 0}
          title="Cancel every open order of yours, in every market"
          onClick={() => void cancelAll()}
        >
          Cancel all
        </button>
      }
    >
      <div className="grid-box" data-testid="open-orders">
        <DataGrid<OrderView>
          rowData={orders.data ?? undefined}
          loading={orders.data === null && !orders.error}
          columnDefs={openOrderColumns}
          getRowId={rowId}
          context={context}
          defaultColDef={defaultColDef}
          autoSizeStrategy={fitWidth}
          overlayNoRowsTemplate="No open orders"
          tooltipShowDelay={400}
        />
      </div>
      <ErrorAlert>{failure ?? orders.error}</ErrorAlert>
      <Notice>{done}</Notice>
      {amending ? (
        <AmendDialog
          key={amending.order_id}
          order={amending}
          participantId={participantId}
          onClose={() => setAmending(null)}
          onAmended={onAmended}
        />
      ) : null}
    </Card>
  );
}
