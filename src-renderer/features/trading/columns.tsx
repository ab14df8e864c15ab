import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { OrderView, TradeView } from '../../../src-preload/contract';
import {
  integer,
  MoneyCell,
  numeric,
  OrderStatusCell,
  price,
  SideCell,
  time,
  timeOfDay,
  usd,
} from '../../components/cells';
import { Badge } from '../../components/ui';
import { formatPrice, formatTime } from '../../lib/format';
import { closureText, triggerText } from './ticket';

// Narrow desk grids: the search box filters; per-column filter buttons would crowd the headers.
export const deskColumnDefaults = { sortable: true, resizable: true, filter: false, floatingFilter: false };

/** What the open-orders grid hands its action buttons. */
export interface OrderActionsContext {
  amend(order: OrderView): void;
  cancel(order: OrderView): void;
}

function OrderActions({ data, context }: ICellRendererParams<OrderView, unknown, OrderActionsContext>) {
  if (!data) return null;
  return (
    <div className="cell-actions">
      {/* A pending stop is not on the book: the exchange refuses to amend it (cancel and place anew). */}
      {data.status === 'pending' ? null : (
        <button type="button" className="btn btn-xs" onClick={() => context.amend(data)}>
          Amend
        </button>
      )}
      <button type="button" className="btn btn-xs btn-danger" onClick={() => context.cancel(data)}>
        Cancel
      </button>
    </div>
  );
}

function LiquidityCell({ value }: ICellRendererParams<TradeView, 'maker' | 'taker'>) {
  if (!value) return null;
  return <Badge tone={value === 'maker' ? 'accent' : 'neutral'}>{value}</Badge>;
}

// Widths are minimums: the grids fit them to their width (autoSizeStrategy fitGridWidth).
const timeColumn = {
  headerName: 'Time',
  minWidth: 74,
  valueFormatter: timeOfDay,
  tooltipValueGetter: ({ value }: { value?: string | null }) => formatTime(value),
  sort: 'desc',
} as const;
/** Fills and past orders span days: their date shows too. */
const dateTimeColumn = { ...timeColumn, headerName: 'Date', minWidth: 138, valueFormatter: time } as const;
const marketColumn = { field: 'symbol', headerName: 'Market', minWidth: 94, cellClass: 'mono' } as const;
const sideColumn = { field: 'side', headerName: 'Side', minWidth: 52, cellRenderer: SideCell } as const;
const priceColumn = {
  field: 'price',
  headerName: 'Price',
  minWidth: 70,
  ...numeric,
  valueFormatter: price,
} as const;
/** A stop's trigger price, blank for other orders. */
const stopColumn = {
  field: 'stop_price',
  headerName: 'Stop',
  minWidth: 64,
  ...numeric,
  valueFormatter: ({ value }: { value?: string | null }) => (value ? formatPrice(value) : ''),
} as const;
const quantityColumn = {
  field: 'quantity',
  headerName: 'Qty',
  minWidth: 52,
  ...numeric,
  valueFormatter: integer,
} as const;

const limitOrMarket = ({ value }: { value?: string | null }) =>
  value === null || value === undefined ? 'market' : formatPrice(value);
const triggerSuffix = (order: OrderView) =>
  order.status === 'pending' ? `, ${triggerText(order.side, order.stop_price)?.toLowerCase()}` : '';

/** An order's status badge, with what else matters about it on hover. */
const statusColumn = (minWidth: number, tooltip: (order: OrderView) => string): ColDef<OrderView> => ({
  field: 'status',
  headerName: 'Status',
  minWidth,
  cellRenderer: OrderStatusCell,
  tooltipValueGetter: ({ data }) => (data ? tooltip(data) : ''),
});

export const openOrderColumns: ColDef<OrderView>[] = [
  { ...timeColumn, field: 'created_at' },
  marketColumn,
  sideColumn,
  { ...priceColumn, valueFormatter: limitOrMarket },
  stopColumn,
  quantityColumn,
  { field: 'filled_quantity', headerName: 'Filled', minWidth: 58, ...numeric, valueFormatter: integer },
  { field: 'remaining_quantity', headerName: 'Remaining', minWidth: 94, ...numeric, valueFormatter: integer },
  statusColumn(
    112,
    (data) =>
      `${data.stop_price === null ? data.type : data.type === 'market' ? 'stop' : 'stop-limit'} ${data.time_in_force.toUpperCase()}${data.post_only ? ', post-only' : ''}${triggerSuffix(data)} · ${data.order_id}`,
  ),
  {
    colId: 'actions',
    headerName: '',
    minWidth: 150,
    sortable: false,
    resizable: false,
    cellRenderer: OrderActions,
  },
];

/** Filled, cancelled, rejected and expired orders: what became of each, and when. */
export const orderHistoryColumns: ColDef<OrderView>[] = [
  { ...dateTimeColumn, field: 'updated_at', headerName: 'Closed' },
  marketColumn,
  sideColumn,
  { field: 'type', headerName: 'Type', minWidth: 62 },
  { ...priceColumn, valueFormatter: limitOrMarket },
  stopColumn,
  quantityColumn,
  { field: 'filled_quantity', headerName: 'Filled', minWidth: 58, ...numeric, valueFormatter: integer },
  { field: 'average_price', headerName: 'Avg price', minWidth: 80, ...numeric, valueFormatter: price },
  {
    ...statusColumn(
      104,
      (data) =>
        `${closureText(data.closure_reason) || data.status} · placed ${formatTime(data.created_at)} · ${data.order_id}`,
    ),
    // An order the suspension of its participant cancelled says so in the grid, not only on hover.
    valueGetter: ({ data }) => (data?.closure_reason === 'suspended' ? 'suspended' : data?.status),
  },
];

export const fillColumns: ColDef<TradeView>[] = [
  { ...dateTimeColumn, field: 'execution_timestamp' },
  marketColumn,
  sideColumn,
  priceColumn,
  quantityColumn,
  { field: 'total_value', headerName: 'Value', minWidth: 80, ...numeric, cellRenderer: MoneyCell },
  { field: 'fee', headerName: 'Fee', minWidth: 64, ...numeric, valueFormatter: usd },
  { field: 'liquidity', headerName: 'Liquidity', minWidth: 84, cellRenderer: LiquidityCell },
];
