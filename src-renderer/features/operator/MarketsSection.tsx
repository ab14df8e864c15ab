import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AgGridReact } from 'ag-grid-react';
import type { ColDef, GetRowIdParams, ICellRendererParams, SelectionChangedEvent } from 'ag-grid-community';
import type { MarketOverviewView } from '../../../src-preload/contract';
import { integer, numeric, price, StatusCell } from '../../components/cells';
import { DataGrid } from '../../components/DataGrid';
import { OrderBookCard } from '../../components/OrderBook';
import { Badge, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { useClient } from '../../stores/exchange';
import { usePreferences } from '../../stores/preferences';
import { useBook, useMarketsOverview, useSelectedInstrument } from '../trading/queries';

interface HaltContext {
  setHalted(market: MarketOverviewView, halted: boolean): void;
}

function HaltedCell({ value }: ICellRendererParams<MarketOverviewView, boolean>) {
  return value ? <Badge tone="suspended">halted</Badge> : <Badge tone="live">trading</Badge>;
}

function HaltActions({ data, context }: ICellRendererParams<MarketOverviewView, unknown, HaltContext>) {
  if (!data) return null;
  return data.halted ? (
    <button type="button" className="btn btn-xs" onClick={() => context.setHalted(data, false)}>
      Resume
    </button>
  ) : (
    <button type="button" className="btn btn-xs btn-danger" onClick={() => context.setHalted(data, true)}>
      Halt
    </button>
  );
}

const columns: ColDef<MarketOverviewView>[] = [
  { field: 'symbol', headerName: 'Market', width: 130, cellClass: 'mono strong' },
  { field: 'status', headerName: 'Status', width: 90, cellRenderer: StatusCell },
  { field: 'halted', headerName: 'Trading', width: 92, cellRenderer: HaltedCell },
  { field: 'best_bid', headerName: 'Best bid', width: 92, ...numeric, valueFormatter: price },
  { field: 'best_ask', headerName: 'Best ask', width: 92, ...numeric, valueFormatter: price },
  { field: 'spread', headerName: 'Spread', width: 84, ...numeric, valueFormatter: price },
  { field: 'last_price', headerName: 'Last', width: 84, ...numeric, valueFormatter: price },
  {
    field: 'volume_24h',
    headerName: '24h volume',
    headerTooltip: 'Units traded in the last 24 hours',
    width: 106,
    ...numeric,
    valueFormatter: integer,
  },
  { field: 'open_orders', headerName: 'Open orders', width: 108, ...numeric, valueFormatter: integer },
  {
    colId: 'actions',
    headerName: '',
    width: 96,
    minWidth: 96,
    flex: 1,
    sortable: false,
    cellRenderer: HaltActions,
  },
];

const rowId = ({ data }: GetRowIdParams<MarketOverviewView>) => data.market_id;
const rowSelection = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;
const defaultColDef = { sortable: true, resizable: true };

type InvariantsOutcome = { ok: true; sequence: number } | { ok: false; sequence: number; problems: string[] };

/** Every market at a glance, with halt and resume; the selected market's book; the invariant check. */
export function MarketsSection() {
  const client = useClient();
  const overview = useMarketsOverview();
  const instrument = useSelectedInstrument();
  const setMarket = usePreferences((state) => state.setMarket);
  const marketId = instrument?.trading_parameters.market_id ?? null;
  const book = useBook(marketId);
  const gridRef = useRef<AgGridReact<MarketOverviewView>>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [invariants, setInvariants] = useState<InvariantsOutcome | null>(null);
  const [checking, setChecking] = useState(false);
  const busy = useRef(false);

  // Keep the grid's highlighted row on the selected market (also after each refresh).
  useEffect(() => {
    const api = gridRef.current?.api;
    if (!api || !marketId) return;
    const node = api.getRowNode(marketId);
    if (node && !node.isSelected()) node.setSelected(true, true);
  }, [marketId, overview.data]);

  const onSelectionChanged = (event: SelectionChangedEvent<MarketOverviewView>) => {
    if (event.source === 'api') return;
    const row = event.api.getSelectedRows()[0];
    if (row) setMarket(row.market_id);
  };

  const setHalted = useCallback(
    async (market: MarketOverviewView, halted: boolean) => {
      if (busy.current) return;
      busy.current = true;
      setFailure(null);
      setDone(null);
      try {
        const updated = await client.call(halted ? 'markets.halt' : 'markets.resume', {
          market_id: market.market_id,
        });
        setDone(
          updated.halted
            ? `${updated.symbol} halted: new orders and amendments are refused, cancels accepted.`
            : `${updated.symbol} resumed: trading is open.`,
        );
      } catch (error) {
        setFailure(rejectionText(error));
      } finally {
        busy.current = false;
      }
    },
    [client],
  );
  const context = useMemo<HaltContext>(
    () => ({ setHalted: (market, halted) => void setHalted(market, halted) }),
    [setHalted],
  );

  const checkInvariants = async () => {
    setChecking(true);
    try {
      const result = await client.call('exchange.invariants', {});
      setInvariants(result.ok ? { ok: true, sequence: result.sequence } : { ...result, ok: false });
    } catch (error) {
      setInvariants(null);
      setFailure(rejectionText(error));
    } finally {
      setChecking(false);
    }
  };

  const markets = overview.data;
  const halted = markets?.filter((market) => market.halted).length ?? 0;
  return (
    <section className="section section-fill" aria-labelledby="markets-heading">
      <div className="section-header">
        <h2 id="markets-heading">Markets</h2>
        <p className="section-sub">
          {markets
            ? `${markets.length} USD markets · ${halted} halted. Select a row to see its book; prices are USD per Unit.`
            : 'Loading…'}
        </p>
        <div className="section-tools">
          <button type="button" className="btn" disabled={checking} onClick={() => void checkInvariants()}>
            Check invariants
          </button>
        </div>
      </div>
      {invariants ? (
        invariants.ok ? (
          <Notice>All invariants hold at sequence {invariants.sequence}.</Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            <strong>
              {invariants.problems.length} invariant problem{invariants.problems.length === 1 ? '' : 's'} at
              sequence {invariants.sequence}:
            </strong>
            <ul className="problems">
              {invariants.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      <ErrorAlert>{failure ?? overview.error}</ErrorAlert>
      <Notice>{done}</Notice>
      <div className="split">
        <div className="grid-fill">
          <DataGrid<MarketOverviewView>
            gridRef={gridRef}
            rowData={markets ?? undefined}
            loading={markets === null && !overview.error}
            columnDefs={columns}
            getRowId={rowId}
            rowSelection={rowSelection}
            onSelectionChanged={onSelectionChanged}
            context={context}
            defaultColDef={defaultColDef}
            tooltipShowDelay={400}
          />
        </div>
        <aside className="side-panel">
          <OrderBookCard
            book={book.data}
            error={book.error}
            symbol={instrument?.symbol}
            tickSize={instrument?.trading_parameters.tick_size}
          />
        </aside>
      </div>
    </section>
  );
}
