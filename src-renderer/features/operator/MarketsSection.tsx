import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AgGridReact } from 'ag-grid-react';
import type { ColDef, GetRowIdParams, ICellRendererParams, SelectionChangedEvent } from 'ag-grid-community';
import type { MarketOverviewView } from '../../../src-preload/contract';
import type { ReferencePriceDetailView, ReferencePriceView } from '../../../src-preload/contract-market-data';
import { integer, numeric, price, StatusCell } from '../../components/cells';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataGrid } from '../../components/DataGrid';
import { OrderBookCard } from '../../components/OrderBook';
import { Badge, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatCount, formatInteger, formatPrice, formatTimeOfDay } from '../../lib/format';
import { useClient } from '../../stores/exchange';
import { toast } from '../../stores/toasts';
import { usePreferences } from '../../stores/preferences';
import { useReferencePrices } from '../market-data/queries';
import { ReferenceBadges, ReferencePricePanel } from '../market-data/ReferencePricePanel';
import { useBook, useMarketsOverview, useSelectedInstrument } from '../trading/queries';

/** A market's overview with its instrument's latest Reference Price (null until loaded). */
interface MarketRow extends MarketOverviewView {
  reference: ReferencePriceDetailView | null;
}

interface HaltContext {
  setHalted(market: MarketOverviewView, halted: boolean): void;
}

function ReferenceCell({ data }: ICellRendererParams<MarketRow>) {
  const reference = data?.reference;
  if (!reference) return null;
  if (reference.price === null) return <span className="muted">—</span>;
  return (
    <span className="reference-cell">
      <span className="num">{formatPrice(reference.price)}</span>
      <ReferenceBadges price={reference} />
    </span>
  );
}

function HaltedCell({ value }: ICellRendererParams<MarketRow, boolean>) {
  return value ? <Badge tone="suspended">halted</Badge> : <Badge tone="live">trading</Badge>;
}

function HaltActions({ data, context }: ICellRendererParams<MarketRow, unknown, HaltContext>) {
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

const columns: ColDef<MarketRow>[] = [
  { field: 'symbol', headerName: 'Market', width: 122, cellClass: 'mono strong' },
  { field: 'status', headerName: 'Status', width: 84, cellRenderer: StatusCell },
  { field: 'halted', headerName: 'Trading', width: 88, cellRenderer: HaltedCell },
  { field: 'best_bid', headerName: 'Best bid', width: 82, ...numeric, valueFormatter: price },
  { field: 'best_ask', headerName: 'Best ask', width: 82, ...numeric, valueFormatter: price },
  { field: 'spread', headerName: 'Spread', width: 74, ...numeric, valueFormatter: price },
  { field: 'last_price', headerName: 'Last', width: 76, ...numeric, valueFormatter: price },
  {
    field: 'volume_24h',
    headerName: '24h vol',
    headerTooltip: 'Units traded in the last 24 hours',
    width: 78,
    ...numeric,
    valueFormatter: integer,
  },
  {
    field: 'open_orders',
    headerName: 'Orders',
    headerTooltip: 'Open orders resting in the book',
    width: 74,
    ...numeric,
    valueFormatter: integer,
  },
  {
    colId: 'reference',
    headerName: 'Reference price',
    headerTooltip:
      'The latest Grid Desk Reference Price (USD per Unit), how it was found, and whether it is stale',
    width: 160,
    valueGetter: ({ data }) => data?.reference?.price ?? null,
    comparator: (a: string | null, b: string | null) => Number(a ?? -1) - Number(b ?? -1),
    cellRenderer: ReferenceCell,
    tooltipValueGetter: ({ data }) =>
      data?.reference?.published_at
        ? `Published ${formatTimeOfDay(data.reference.published_at)}`
        : 'Not published yet',
  },
  {
    colId: 'average_30d',
    headerName: '30d avg',
    headerTooltip: 'Mean of the Reference Prices published in the last 30 days',
    width: 96,
    ...numeric,
    valueGetter: ({ data }) => data?.reference?.average_30d ?? null,
    valueFormatter: price,
  },
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

const rowId = ({ data }: GetRowIdParams<MarketRow>) => data.market_id;
const rowSelection = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;
const defaultColDef = { sortable: true, resizable: true };

type InvariantsOutcome = { ok: true; sequence: number } | { ok: false; sequence: number; problems: string[] };

/** What a publication did, in a line: the instruments that got a price, and how many had none. */
function PublicationResult({ prices }: { prices: ReferencePriceView[] }) {
  const priced = prices.filter((price) => price.price !== null);
  const at = prices[0]?.published_at;
  return (
    <Notice>
      <span data-testid="publication-result">
        Published {formatCount(prices.length, 'reference price')}
        {at ? ` at ${formatTimeOfDay(at)}` : ''}:{' '}
        {priced.length
          ? priced
              .map(
                (price) =>
                  `${price.symbol} ${formatPrice(price.price)} (${price.method}${price.stale ? ', stale' : ''})`,
              )
              .join(' · ')
          : 'no instrument had trades, a two-sided book or an earlier value'}
        {priced.length && priced.length < prices.length
          ? ` · ${prices.length - priced.length} with nothing to publish (no trades, no two-sided book).`
          : '.'}
      </span>
    </Notice>
  );
}

/** Every market at a glance, with halt and resume; the selected market's book; the invariant check. */
export function MarketsSection() {
  const client = useClient();
  const overview = useMarketsOverview();
  const references = useReferencePrices();
  const instrument = useSelectedInstrument();
  const setMarket = usePreferences((state) => state.setMarket);
  const marketId = instrument?.trading_parameters.market_id ?? null;
  const book = useBook(marketId);
  const gridRef = useRef<AgGridReact<MarketRow>>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [invariants, setInvariants] = useState<InvariantsOutcome | null>(null);
  const [checking, setChecking] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<ReferencePriceView[] | null>(null);
  const busy = useRef(false);

  // Keep the grid's highlighted row on the selected market (also after each refresh).
  useEffect(() => {
    const api = gridRef.current?.api;
    if (!api || !marketId) return;
    const node = api.getRowNode(marketId);
    if (node && !node.isSelected()) node.setSelected(true, true);
  }, [marketId, overview.data]);

  const onSelectionChanged = (event: SelectionChangedEvent<MarketRow>) => {
    if (event.source === 'api') return;
    const row = event.api.getSelectedRows()[0];
    if (row) setMarket(row.market_id);
  };

  const setHalted = useCallback(
    async (market: MarketOverviewView, halted: boolean) => {
      if (busy.current) return;
      busy.current = true;
      setFailure(null);
      try {
        const updated = await client.call(halted ? 'markets.halt' : 'markets.resume', {
          market_id: market.market_id,
        });
        toast(
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
  // Halting asks first (it stops a market's trading at once); resuming does not.
  const [confirmHalt, setConfirmHalt] = useState<MarketOverviewView | null>(null);
  const context = useMemo<HaltContext>(
    () => ({
      setHalted: (market, halted) => (halted ? setConfirmHalt(market) : void setHalted(market, false)),
    }),
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

  const publish = async () => {
    setPublishing(true);
    setFailure(null);
    setPublished(null);
    try {
      setPublished(await client.call('referencePrices.publish', {}));
      references.reload();
    } catch (error) {
      setFailure(rejectionText(error));
    } finally {
      setPublishing(false);
    }
  };

  const referenceData = references.data;
  const markets = useMemo<MarketRow[] | null>(
    () =>
      overview.data?.map((market) => ({
        ...market,
        reference: referenceData?.get(market.market_id) ?? null,
      })) ?? null,
    [overview.data, referenceData],
  );
  const halted = markets?.filter((market) => market.halted).length ?? 0;
  return (
    <section className="section section-fill" aria-labelledby="markets-heading">
      <div className="section-header">
        <h2 id="markets-heading">Markets</h2>
        <p className="section-sub">
          {markets
            ? `${formatCount(markets.length, 'USD market')} · ${formatInteger(halted)} halted. Select a row to see its book and reference price; prices are USD per Unit.`
            : 'Loading…'}
        </p>
        <div className="section-tools">
          <button
            type="button"
            className="btn"
            disabled={publishing}
            title="Publish every instrument's Grid Desk Reference Price now (as at a sweep boundary)"
            onClick={() => void publish()}
          >
            Publish reference prices
          </button>
          <button type="button" className="btn" disabled={checking} onClick={() => void checkInvariants()}>
            Check invariants
          </button>
        </div>
      </div>
      {published ? <PublicationResult prices={published} /> : null}
      {invariants ? (
        invariants.ok ? (
          <Notice>All invariants hold at sequence {invariants.sequence}.</Notice>
        ) : (
          <div className="alert alert-error" role="alert">
            <strong>
              {formatCount(invariants.problems.length, 'invariant problem')} at sequence {invariants.sequence}
              :
            </strong>
            <ul className="problems">
              {invariants.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      <ErrorAlert>{failure ?? overview.error ?? references.error}</ErrorAlert>
      <div className="split">
        <div className="grid-fill">
          <DataGrid<MarketRow>
            gridRef={gridRef}
            rowData={markets ?? undefined}
            loading={markets === null && !overview.error}
            columnDefs={columns}
            getRowId={rowId}
            tools={{ noun: 'markets', one: 'market', fileName: 'markets' }}
            rowSelection={rowSelection}
            onSelectionChanged={onSelectionChanged}
            context={context}
            defaultColDef={defaultColDef}
            tooltipShowDelay={400}
          />
        </div>
        <aside className="side-panel side-panel-narrow">
          <OrderBookCard
            book={book.data}
            error={book.error}
            symbol={instrument?.symbol}
            tickSize={instrument?.trading_parameters.tick_size}
          />
          {instrument ? <ReferencePricePanel instrument={instrument} /> : null}
        </aside>
      </div>
      {confirmHalt ? (
        <ConfirmDialog
          title={`Halt ${confirmHalt.symbol}?`}
          confirmLabel={`Halt ${confirmHalt.symbol}`}
          danger
          onCancel={() => setConfirmHalt(null)}
          onConfirm={() => {
            setConfirmHalt(null);
            void setHalted(confirmHalt, true);
          }}
        >
          The exchange refuses new {confirmHalt.symbol} orders and amendments until you resume it; cancels are
          still accepted and resting orders stay in the book.
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
