import { useId, useMemo, useState } from 'react';
import type { GetRowIdParams } from 'ag-grid-community';
import { CALL_OUTCOMES } from '../../../src-preload/contract-consumption';
import type { CallView, ConsumptionKeyView } from '../../../src-preload/contract-consumption';
import { DataGrid } from '../../components/DataGrid';
import { Toggle } from '../../components/Toggle';
import { ErrorAlert } from '../../components/ui';
import { formatInteger, formatUsd } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';
import { downloadText } from '../api-keys/signing-keys';
import { callColumns, outcomeLabel } from './call-columns';
import type { CallRow, CallsView } from './call-columns';
import { useUsage } from './queries';
import type { UsageFilter } from './queries';
import { UsageCharts } from './UsageCharts';
import { callsToCsv } from './usage-data';

const rowId = ({ data }: GetRowIdParams<CallRow>) => data.call_id;

type Show = 'all' | 'problems' | 'substituted';
/** Narrows the calls loaded: every one, those not billed, or those routed away from the Lot's seller. */
const shows: Record<Show, (call: CallView) => boolean> = {
  all: () => true,
  problems: (call) => call.outcome !== 'billed',
  substituted: (call) => call.substituted,
};
const showOptions = [
  { value: 'all', label: 'All' },
  { value: 'problems', label: 'Not billed' },
  { value: 'substituted', label: 'Substituted' },
] as const satisfies readonly { value: Show; label: string }[];

/** Totals of the calls shown: how many, billed, failed, substituted, tokens and cost. */
function summarize(calls: readonly CallView[]) {
  let billed = 0;
  let failed = 0;
  let substituted = 0;
  let tokens = 0;
  let costMicros = 0;
  for (const call of calls) {
    if (call.outcome === 'billed') billed += 1;
    if (call.outcome !== 'billed' && call.outcome !== 'cancelled') failed += 1;
    if (call.substituted) substituted += 1;
    tokens += call.billed_tokens;
    costMicros += Math.round(Number(call.cost) * 1_000_000);
  }
  return { billed, failed, substituted, tokens, cost: (costMicros / 1_000_000).toFixed(6) };
}

/**
 * Call records in a grid, newest first, with filters (instrument, outcome and, for a consumer, key),
 * paging back, CSV export of the rows loaded and, for the usage blotter, charts.
 */
export function CallsBlotter({
  view,
  scope,
  keys,
  charts,
  csvName,
  title,
}: {
  view: CallsView;
  scope: UsageFilter['scope'];
  keys?: readonly ConsumptionKeyView[] | null | undefined;
  charts?: boolean;
  csvName: string;
  title: string;
}) {
  const instruments = useExchangeStore((state) => state.instruments);
  const participants = useExchangeStore((state) => state.participants);
  const [instrumentId, setInstrumentId] = useState('');
  const [outcome, setOutcome] = useState<CallView['outcome'] | ''>('');
  const [keyId, setKeyId] = useState('');
  const [show, setShow] = useState<Show>('all');
  const usage = useUsage({
    scope,
    instrument_id: instrumentId || undefined,
    outcome: outcome || undefined,
    key_id: keyId || undefined,
  });
  const id = useId();
  const columns = useMemo(() => callColumns(view), [view]);
  const rows = useMemo<CallRow[] | null>(() => {
    if (!usage.calls) return null;
    const names = new Map((participants ?? []).map((p) => [p.participant_id, p.name]));
    return usage.calls.filter(shows[show]).map((call) => ({
      ...call,
      consumer_name: names.get(call.participant_id) ?? call.participant_id,
    }));
  }, [usage.calls, participants, show]);
  const totals = useMemo(() => (usage.calls ? summarize(usage.calls) : null), [usage.calls]);

  const exportCsv = () => {
    if (!usage.calls) return;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    downloadText(`${csvName}-${stamp}.csv`, callsToCsv(usage.calls), 'text/csv');
  };

  return (
    <div className="calls-blotter" data-testid={`calls-${view}`}>
      <div className="calls-toolbar" role="group" aria-label={`${title} filters`}>
        <label htmlFor={`${id}-instrument`}>Model</label>
        <select
          id={`${id}-instrument`}
          value={instrumentId}
          onChange={(e) => setInstrumentId(e.target.value)}
        >
          <option value="">All models</option>
          {(instruments ?? []).map((instrument) => (
            <option key={instrument.instrument_id} value={instrument.instrument_id}>
              {instrument.symbol}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select
          id={`${id}-outcome`}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as CallView['outcome'] | '')}
        >
          <option value="">Any outcome</option>
          {CALL_OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {outcomeLabel(value)}
            </option>
          ))}
        </select>
        {keys ? (
          <>
            <label htmlFor={`${id}-key`}>Key</label>
            <select id={`${id}-key`} value={keyId} onChange={(e) => setKeyId(e.target.value)}>
              <option value="">All keys</option>
              {keys.map((key) => (
                <option key={key.id} value={key.id}>
                  {key.name} ({key.key_prefix}…)
                </option>
              ))}
            </select>
          </>
        ) : null}
        <Toggle<Show> label="Show" options={showOptions} value={show} onChange={setShow} />
        <span className="calls-totals muted small" data-testid="calls-totals">
          {totals && usage.calls
            ? `${formatInteger(usage.calls.length)} call${usage.calls.length === 1 ? '' : 's'} · ${formatInteger(totals.billed)} billed · ${formatInteger(totals.failed)} not billed · ${formatInteger(totals.substituted)} substituted · ${formatInteger(totals.tokens)} tokens · ${formatUsd(totals.cost, 2)}`
            : 'Loading calls…'}
        </span>
        <button type="button" className="btn btn-xs" onClick={exportCsv} disabled={!usage.calls?.length}>
          Export CSV
        </button>
      </div>
      <ErrorAlert>{usage.error}</ErrorAlert>
      {charts && usage.calls && instruments ? (
        <UsageCharts calls={usage.calls} instruments={instruments} instrumentId={instrumentId || null} />
      ) : null}
      <div className="calls-grid">
        <DataGrid<CallRow>
          rowData={rows ?? undefined}
          loading={rows === null}
          columnDefs={columns}
          getRowId={rowId}
          defaultColDef={{ resizable: true, sortable: true, flex: 1 }}
          tooltipShowDelay={400}
          overlayNoRowsTemplate={
            outcome || instrumentId || keyId || show !== 'all'
              ? 'No calls match these filters.'
              : 'No calls yet.'
          }
        />
      </div>
      <div className="section-footer">
        <button
          type="button"
          className="btn btn-xs"
          onClick={usage.loadOlder}
          disabled={!usage.hasOlder || usage.loadingOlder}
        >
          {usage.loadingOlder ? 'Loading…' : 'Load older calls'}
        </button>
        {usage.calls && !usage.hasOlder ? (
          <span className="muted small">All matching calls shown.</span>
        ) : null}
      </div>
    </div>
  );
}
