import type {
  ColDef,
  ColGroupDef,
  ICellRendererParams,
  ITooltipParams,
  ValueFormatterParams,
} from 'ag-grid-community';
import type { AuditEntryView, InstrumentView, ParticipantView } from '../../../src-preload/contract';
import { dash, integer, MoneyCell, numeric, StatusCell, time, usd } from '../../components/cells';
import { Badge } from '../../components/ui';
import { formatInteger, formatTime, formatTokens } from '../../lib/format';
import { changedThresholds, changesText, specBodyOf } from '../rosters/spec-revision';
import type { AuditWords } from './audit-words';

function DefaultCell({ value }: ICellRendererParams<InstrumentView, boolean>) {
  return value ? <Badge tone="accent">default</Badge> : null;
}

function pct<T>({ value }: ValueFormatterParams<T, number | null>) {
  return value === null || value === undefined ? '—' : `${value}%`;
}

function tokens<T>({ value }: ValueFormatterParams<T, number | null>) {
  return formatTokens(value);
}
function exactTokens<T>({ value }: ITooltipParams<T, number | null>) {
  return value === null || value === undefined ? '' : `${formatInteger(value)} tokens`;
}

/** "v2 from 2026-05-01 00:00:00: TTFT ≤ 4.62 s → 3 s", or "—". */
function upcomingText(instrument: InstrumentView): string {
  const upcoming = instrument.upcoming_revision;
  if (!upcoming) return '—';
  const changes = changedThresholds(
    specBodyOf(instrument.specifications),
    specBodyOf(upcoming.specifications),
  );
  return `v${upcoming.version} from ${formatTime(upcoming.effective_at)}: ${changesText(changes)}`;
}

/** Every instrument with its full specification and trading parameters; widths are minimums (fit to grid). */
export const instrumentColumns: (ColDef<InstrumentView> | ColGroupDef<InstrumentView>)[] = [
  { field: 'symbol', headerName: 'Symbol', pinned: 'left', minWidth: 124, cellClass: 'mono strong' },
  {
    headerName: 'Instrument',
    children: [
      { field: 'name', headerName: 'Name', minWidth: 118 },
      { field: 'instrument_type', headerName: 'Type', minWidth: 62 },
      { field: 'status', headerName: 'Status', minWidth: 82, cellRenderer: StatusCell },
      { field: 'is_default', headerName: 'Default', minWidth: 78, cellRenderer: DefaultCell },
    ],
  },
  {
    headerName: 'Specification: floors (≥) and ceilings (≤)',
    children: [
      {
        field: 'specifications.quality_index',
        headerName: 'Index',
        headerTooltip: 'Benchmark index the quality floor is measured on',
        minWidth: 96,
      },
      {
        field: 'specifications.quality_floor',
        headerName: 'Quality ≥',
        headerTooltip: 'Quality floor on the index; — where the index is unpublished',
        minWidth: 84,
        ...numeric,
        valueFormatter: dash,
      },
      {
        field: 'specifications.throughput_floor_tps',
        headerName: 'Tok/s ≥',
        headerTooltip: 'Throughput floor: sustained streaming output tokens per second',
        minWidth: 74,
        ...numeric,
        valueFormatter: integer,
      },
      {
        field: 'specifications.ttft_max_seconds',
        headerName: 'TTFT ≤ s',
        headerTooltip: 'Maximum time to first token, in seconds',
        minWidth: 80,
        ...numeric,
        valueFormatter: dash,
      },
      {
        field: 'specifications.context_window_min_tokens',
        headerName: 'Context ≥',
        headerTooltip: 'Minimum context window, tokens',
        minWidth: 88,
        ...numeric,
        valueFormatter: tokens,
        tooltipValueGetter: exactTokens,
      },
      {
        field: 'specifications.output_length_min_tokens',
        headerName: 'Output ≥',
        headerTooltip: 'Minimum max-output length, tokens',
        minWidth: 82,
        ...numeric,
        valueFormatter: tokens,
        tooltipValueGetter: exactTokens,
      },
      {
        field: 'specifications.uptime_min_pct',
        headerName: 'Uptime ≥',
        minWidth: 84,
        ...numeric,
        valueFormatter: pct,
      },
      {
        field: 'specifications.error_rate_max_pct',
        headerName: 'Errors ≤',
        minWidth: 78,
        ...numeric,
        valueFormatter: pct,
      },
      {
        colId: 'upcoming',
        headerName: 'Upcoming',
        headerTooltip: 'The published revision not yet in effect, and what it changes',
        minWidth: 150,
        valueGetter: ({ data }) => (data ? upcomingText(data) : ''),
        tooltipValueGetter: ({ data }) => (data ? upcomingText(data) : ''),
      },
    ],
  },
  {
    headerName: 'Trading (USD market)',
    children: [
      {
        field: 'trading_parameters.tick_size',
        headerName: 'Tick',
        headerTooltip: 'Price increment per Unit',
        minWidth: 66,
        ...numeric,
        valueFormatter: usd,
      },
      {
        colId: 'quantity',
        headerName: 'Qty range',
        headerTooltip: 'Order quantity limits, in Units',
        minWidth: 104,
        ...numeric,
        valueGetter: ({ data }) =>
          data
            ? `${formatInteger(data.trading_parameters.min_quantity)}–${formatInteger(data.trading_parameters.max_quantity)}`
            : '',
      },
      {
        colId: 'fees',
        headerName: 'Fees bps',
        headerTooltip: 'Maker / taker fee, basis points',
        minWidth: 84,
        ...numeric,
        valueGetter: ({ data }) =>
          data ? `${data.trading_parameters.maker_fee_bps} / ${data.trading_parameters.taker_fee_bps}` : '',
        tooltipValueGetter: ({ data }) =>
          data
            ? `maker ${data.trading_parameters.maker_fee_bps} bps · taker ${data.trading_parameters.taker_fee_bps} bps`
            : '',
      },
    ],
  },
];

export const participantColumns: ColDef<ParticipantView>[] = [
  // Sized so the whole row, ID included, fits beside the side panel at 1280 px.
  { field: 'name', headerName: 'Name', flex: 1.4, minWidth: 130, cellClass: 'strong' },
  { field: 'role', headerName: 'Role', width: 90 },
  { field: 'status', headerName: 'Status', width: 96, cellRenderer: StatusCell },
  { field: 'balances.usd.total', headerName: 'USD total', width: 104, ...numeric, cellRenderer: MoneyCell },
  {
    field: 'balances.usd.available',
    headerName: 'Available',
    width: 104,
    ...numeric,
    cellRenderer: MoneyCell,
  },
  { field: 'balances.usd.locked', headerName: 'Locked', width: 96, ...numeric, cellRenderer: MoneyCell },
  {
    field: 'created_at',
    headerName: 'Created',
    width: 150,
    sort: 'asc',
    valueFormatter: time,
  },
  {
    field: 'participant_id',
    headerName: 'ID',
    flex: 1,
    minWidth: 180,
    // The whole id, never cut (operators copy it into scripts and the admin API): it wraps instead.
    wrapText: true,
    autoHeight: true,
    cellClass: 'mono muted id-cell',
    tooltipField: 'participant_id',
  },
];

/** An audit entry with its words (see audit-words.ts). */
export type AuditRow = AuditEntryView & AuditWords;

export const auditColumns: ColDef<AuditRow>[] = [
  { field: 'sequence', headerName: 'Seq', width: 96, ...numeric, sort: 'desc' },
  { field: 'time', headerName: 'Time', width: 160, valueFormatter: time, filter: false },
  { field: 'actor_name', headerName: 'Actor', width: 160, tooltipField: 'actor' },
  { field: 'kind', headerName: 'Kind', width: 210, tooltipField: 'action' },
  {
    field: 'participant',
    headerName: 'Participant',
    width: 150,
    valueFormatter: ({ value }) => value || '—',
  },
  {
    field: 'symbol',
    headerName: 'Instrument',
    width: 140,
    cellClass: 'mono',
    valueFormatter: ({ value }) => value || '—',
  },
  { field: 'sentence', headerName: 'What happened', flex: 1, minWidth: 320, tooltipField: 'sentence' },
];
