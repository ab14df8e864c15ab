/** The columns of a grid of call records, for the consumer's blotter, a supplier's feed and the operator. */
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { CallView } from '../../../src-preload/contract-consumption';
import { dash, integer, numeric, timeOfDay } from '../../components/cells';
import { Badge } from '../../components/ui';
import { formatInteger, formatRate, formatTime, formatUsd } from '../../lib/format';

export type CallsView = 'consumer' | 'supplier' | 'operator';

/** A call with the consumer's name resolved (supplier and operator views show who called). */
export interface CallRow extends CallView {
  consumer_name: string;
}

const outcomeTones = {
  billed: 'live',
  late: 'preview',
  out_of_spec: 'preview',
  failed: 'suspended',
  cancelled: 'neutral',
  interrupted: 'neutral',
} as const;

export function outcomeLabel(outcome: CallView['outcome']): string {
  return outcome.replace(/_/g, ' ');
}

/** Billed in green, late or out of spec in amber, failed in red, cancelled and interrupted grey. */
export function OutcomeCell({ value }: ICellRendererParams<CallRow, CallView['outcome']>) {
  if (!value) return null;
  return <Badge tone={outcomeTones[value] ?? 'neutral'}>{outcomeLabel(value)}</Badge>;
}

function SubstitutedCell({ value }: ICellRendererParams<CallRow, boolean>) {
  return value ? <Badge tone="accent">substituted</Badge> : null;
}

function costFormat({ value, data }: ValueFormatterParams<CallRow, string>) {
  if (!data || data.outcome !== 'billed') return '—';
  return formatUsd(value, 4);
}
function ttftFormat({ value }: ValueFormatterParams<CallRow, number | null>) {
  return value === null || value === undefined ? '—' : `${formatInteger(value)} ms`;
}
function tpsFormat({ value }: ValueFormatterParams<CallRow, string | null>) {
  return formatRate(value);
}

const columns = {
  time: {
    field: 'started_at',
    headerName: 'Time',
    minWidth: 90,
    maxWidth: 110,
    valueFormatter: timeOfDay,
    tooltipValueGetter: ({ value }) => formatTime(value as string),
    sort: 'desc',
    comparator: (_a, _b, nodeA, nodeB) => (nodeA.data?.sequence ?? 0) - (nodeB.data?.sequence ?? 0),
  },
  model: { field: 'symbol', headerName: 'Model', minWidth: 110, cellClass: 'mono' },
  consumer: { field: 'consumer_name', headerName: 'Consumer', minWidth: 130 },
  key: { field: 'key_name', headerName: 'Key', minWidth: 110 },
  supplier: { field: 'supplier_name', headerName: 'Supplier', minWidth: 140, valueFormatter: dash },
  endpoint: { field: 'endpoint_name', headerName: 'Endpoint', minWidth: 140, valueFormatter: dash },
  outcome: { field: 'outcome', headerName: 'Outcome', minWidth: 104, cellRenderer: OutcomeCell },
  input: { field: 'input_tokens', headerName: 'In', minWidth: 70, ...numeric, valueFormatter: integer },
  output: { field: 'output_tokens', headerName: 'Out', minWidth: 70, ...numeric, valueFormatter: integer },
  billed: {
    field: 'billed_tokens',
    headerName: 'Billed',
    headerTooltip: 'Tokens debited from your Lots (0 when the call was not billed)',
    minWidth: 76,
    ...numeric,
    valueFormatter: integer,
  },
  ttft: {
    field: 'ttft_ms',
    headerName: 'TTFT',
    headerTooltip: 'Time to first token',
    minWidth: 84,
    ...numeric,
    valueFormatter: ttftFormat,
  },
  tps: {
    field: 'tokens_per_second',
    headerName: 'Tok/s',
    headerTooltip: 'Output tokens per second after the first',
    minWidth: 72,
    ...numeric,
    valueFormatter: tpsFormat,
  },
  cost: {
    field: 'cost',
    headerName: 'Cost',
    headerTooltip: "Billed tokens at the Lots' purchase prices",
    minWidth: 86,
    ...numeric,
    valueFormatter: costFormat,
  },
  substituted: {
    field: 'substituted',
    headerName: 'Routing',
    headerTooltip: 'Substituted: served by another supplier than the one that sold the Lot',
    minWidth: 104,
    cellRenderer: SubstitutedCell,
  },
  attempts: { field: 'attempts', headerName: 'Tries', minWidth: 60, ...numeric },
  error: {
    field: 'error',
    headerName: 'Error',
    minWidth: 180,
    flex: 2,
    valueFormatter: dash,
    tooltipField: 'error',
  },
} satisfies Record<string, ColDef<CallRow>>;

const layouts: Record<CallsView, (keyof typeof columns)[]> = {
  consumer: [
    'time',
    'model',
    'key',
    'supplier',
    'outcome',
    'input',
    'output',
    'billed',
    'ttft',
    'tps',
    'cost',
    'substituted',
    'error',
  ],
  supplier: [
    'time',
    'model',
    'endpoint',
    'consumer',
    'outcome',
    'input',
    'output',
    'ttft',
    'tps',
    'cost',
    'error',
  ],
  operator: [
    'time',
    'consumer',
    'model',
    'key',
    'supplier',
    'endpoint',
    'outcome',
    'input',
    'output',
    'ttft',
    'tps',
    'cost',
    'substituted',
    'attempts',
    'error',
  ],
};

export function callColumns(view: CallsView): ColDef<CallRow>[] {
  return layouts[view].map((name) => columns[name] as ColDef<CallRow>);
}
