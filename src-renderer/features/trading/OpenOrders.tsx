import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { GetRowIdParams } from 'ag-grid-community';
import type { OrderView, ParticipantView, PlaceOrderResult } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { Toggle } from '../../components/Toggle';
import { Card, ErrorAlert } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatCount, formatInteger, formatPrice } from '../../lib/format';
import { useClient } from '../../stores/exchange';
import { toast } from '../../stores/toasts';
import { AmendDialog } from './AmendDialog';
import { useAmendments } from './amendments';
import { deskColumnDefaults, openOrderColumns, orderHistoryColumns } from './columns';
import type { OrderActionsContext } from './columns';
import { useOpenOrders, useOrderHistory } from './queries';
import { describeOrder } from './ticket';

const rowId = ({ data }: GetRowIdParams<OrderView>) => data.order_id;
const views = [
  { value: 'open', label: 'Open' },
  { value: 'history', label: 'History' },
] as const;

/** "This market only": a checkbox the orders and fills cards share (the desk holds its state). */
export function MarketOnly({ value, onChange }: { value: boolean; onChange(value: boolean): void }) {
  const id = useId();
  return (
    <span className="check market-only">
      <input id={id} type="checkbox" checked={value} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>This market only</label>
    </span>
  );
}

/** What the orders and fills cards take: whose, and which market's when "this market only" is on. */
export interface ActivityProps {
  participant: ParticipantView;
  marketId: string | null;
  marketOnly: { value: boolean; onChange(value: boolean): void };
}

/** The rows of one market, or of every market when `marketId` is null. */
export const inMarket = <T extends { market_id: string }>(rows: T[] | null, marketId: string | null) =>
  rows && marketId ? rows.filter((row) => row.market_id === marketId) : rows;
const fitWidth = { type: 'fitGridWidth' } as const;

const orderName = (order: OrderView) =>
  `${order.side} ${formatInteger(order.remaining_quantity)} ${order.symbol} ${order.price === null ? 'at market' : `@ ${formatPrice(order.price)}`}${order.stop_price === null ? '' : `, stop ${formatPrice(order.stop_price)}`}`;

/**
 * The participant's orders: the resting ones, each with Amend and Cancel, and Cancel all; or the history
 * of filled, cancelled and expired ones. In every market, or (`marketId`) the desk's market only.
 */
export function OpenOrders({ participant, marketId, marketOnly }: ActivityProps) {
  const client = useClient();
  const participantId = participant.participant_id;
  const orders = useOpenOrders(participantId);
  const history = useOrderHistory(participantId);
  const [view, setView] = useState<'open' | 'history'>('open');
  const [amending, setAmending] = useState<OrderView | null>(null);
  const amended = useAmendments((state) => state.amended);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  /** Runs one action at a time; its outcome shows as a toast, its failure in the card. */
  const act = useCallback(async (action: () => Promise<string>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      toast(await action());
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
        : `Cancelled all ${formatCount(cancelled, 'open order')}.`;
    });

  const onAmended = (result: PlaceOrderResult) => {
    setAmending(null);
    setFailure(null);
    amended(result.order);
    toast(`Amended: ${describeOrder(result.order)}.`);
  };

  const count = orders.data?.length ?? 0;
  const shown =
    view === 'open'
      ? {
          live: orders,
          rows: inMarket(orders.data, marketId),
          columns: openOrderColumns,
          testId: 'open-orders',
          tools: { noun: 'open orders', one: 'open order', fileName: 'open-orders' },
          empty: 'No open orders',
        }
      : {
          live: history,
          rows: inMarket(history.data, marketId),
          columns: orderHistoryColumns,
          testId: 'order-history',
          tools: { noun: 'past orders', one: 'past order', fileName: 'order-history' },
          empty: 'No filled, cancelled or expired orders yet',
        };
  return (
    <Card
      title="Orders"
      className="orders-card card-fill"
      actions={
        <>
          <Toggle<'open' | 'history'>
            label="Orders shown"
            className="orders-view"
            options={views}
            value={view}
            onChange={setView}
          />
          <MarketOnly {...marketOnly} />
          {view === 'open' ? (
            <button
              type="button"
              className="btn btn-xs btn-danger"
              disabled={busy || count === 0}
              title="Cancel every open order of yours, in every market"
              onClick={() => void cancelAll()}
            >
              Cancel all
            </button>
          ) : null}
        </>
      }
    >
      <div className="grid-box" data-testid={shown.testId}>
        <DataGrid<OrderView>
          key={view}
          rowData={shown.rows ?? undefined}
          loading={shown.live.data === null && !shown.live.error}
          columnDefs={shown.columns}
          getRowId={rowId}
          context={context}
          tools={shown.tools}
          defaultColDef={deskColumnDefaults}
          autoSizeStrategy={fitWidth}
          overlayNoRowsTemplate={shown.empty}
          tooltipShowDelay={400}
        />
      </div>
      <ErrorAlert>{failure ?? shown.live.error}</ErrorAlert>
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
