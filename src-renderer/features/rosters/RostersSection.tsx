import { useEffect, useId, useMemo, useState } from 'react';
import type { ColDef, GetRowIdParams, ICellRendererParams, RowClickedEvent } from 'ag-grid-community';
import type { InstrumentView } from '../../../src-preload/contract';
import type { RosterEntryView } from '../../../src-preload/contract-rosters';
import { DataGrid } from '../../components/DataGrid';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { formatCount, formatInteger, formatTime, formatTokens } from '../../lib/format';
import type { Live } from '../../stores/live';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { useEntryHistory, useProbes } from './queries';
import { ACTION_LABELS, actionsFor, ceilingMs, pendingCount, windowMetrics } from './roster-metrics';
import type { Metric, RosterAction, Spec } from './roster-metrics';
import {
  DecisionDialog,
  MetricChips,
  MetricValue,
  ProbeReport,
  ProbeStatus,
  RosterStatusBadge,
} from './RosterParts';
import { RevisionEditor } from './RevisionEditor';

interface BoardContext {
  spec: Spec;
  decide(entry: RosterEntryView, action: RosterAction): void;
  probe(entry: RosterEntryView): void;
  probing: string | null;
}

type Params<V = unknown> = ICellRendererParams<RosterEntryView, V, BoardContext>;

function StatusCell({ data }: Params) {
  return data ? <RosterStatusBadge status={data.status} /> : null;
}

function metricCell(key: Metric['key']) {
  return function Cell({ data, context }: Params) {
    if (!data) return null;
    const metric = windowMetrics(data.window, context.spec).find((m) => m.key === key)!;
    return <MetricValue metric={metric} />;
  };
}

function ProbeCell({ data }: Params) {
  return data ? <ProbeStatus probe={data.latest_probe} short /> : null;
}

/** The decisions an entry's status allows, and a probe, as buttons (each decision asks for a reason). */
function EntryActions({
  entry,
  context,
}: {
  entry: RosterEntryView;
  context: Pick<BoardContext, 'decide' | 'probe' | 'probing'>;
}) {
  const probing = context.probing === entry.entry_id || entry.latest_probe?.status === 'running';
  return (
    <div className="row-actions roster-actions">
      {actionsFor(entry.status).map((action) => (
        <button
          key={action}
          type="button"
          className={`btn btn-xs ${action === 'admit' || action === 'readmit' ? 'btn-primary' : action === 'reject' || action === 'suspend' || action === 'remove' ? 'btn-danger' : ''}`}
          onClick={(event) => {
            event.stopPropagation();
            context.decide(entry, action);
          }}
        >
          {ACTION_LABELS[action]}
        </button>
      ))}
      {entry.endpoint_id && entry.status !== 'removed' ? (
        <button
          type="button"
          className="btn btn-xs"
          disabled={probing}
          onClick={(event) => {
            event.stopPropagation();
            context.probe(entry);
          }}
        >
          {probing ? 'Probing…' : 'Run probe'}
        </button>
      ) : null}
    </div>
  );
}

function ActionsCell({ data, context }: Params) {
  return data ? <EntryActions entry={data} context={context} /> : null;
}

const num = { type: 'rightAligned', cellClass: 'num' } as const;

const declaredText = (entry: RosterEntryView | undefined) =>
  entry
    ? `Declared quality ${entry.declared.quality_score} (${entry.declared.quality_source}) · context ${formatTokens(entry.declared.context_window)} · output ${formatTokens(entry.declared.max_output_tokens)}`
    : '';

const minimumColumns: ColDef<RosterEntryView>[] = [
  { field: 'supplier_name', headerName: 'Supplier', minWidth: 160, cellClass: 'strong' },
  {
    field: 'endpoint_name',
    headerName: 'Endpoint',
    minWidth: 140,
    valueFormatter: ({ value }) => value ?? '—',
    tooltipValueGetter: ({ data }) => declaredText(data),
  },
  { field: 'status', headerName: 'Status', minWidth: 92, cellRenderer: StatusCell },
  {
    headerName: 'Tok/s',
    headerTooltip: 'Declared capacity: backs the supplier’s issuance while admitted',
    minWidth: 72,
    ...num,
    valueGetter: ({ data }) => data?.declared.tokens_per_second,
    valueFormatter: ({ value }) => formatInteger(value as number),
    tooltipValueGetter: ({ data }) => declaredText(data),
  },
  { headerName: 'TTFT p50', minWidth: 94, ...num, cellRenderer: metricCell('ttft_p50') },
  { headerName: 'TTFT p95', minWidth: 94, ...num, cellRenderer: metricCell('ttft_p95') },
  { headerName: 'Throughput', minWidth: 104, ...num, cellRenderer: metricCell('throughput') },
  { headerName: 'Errors', minWidth: 64, ...num, cellRenderer: metricCell('error_rate') },
  {
    headerName: 'Late / OOS',
    headerTooltip: 'Late and out-of-spec calls in the window (not billed)',
    minWidth: 100,
    ...num,
    cellRenderer: metricCell('late'),
  },
  {
    headerName: 'Avail.',
    headerTooltip: 'Availability',
    minWidth: 64,
    ...num,
    cellRenderer: metricCell('availability'),
  },
  { headerName: 'Probe', headerTooltip: 'The latest probe', minWidth: 120, cellRenderer: ProbeCell },
  { headerName: 'Actions', minWidth: 235, cellRenderer: ActionsCell, sortable: false },
];

/** Each column at its minimum width (they fit a 1280 px window); the last one takes what is left. */
const columns = minimumColumns.map((column, index, all) =>
  index === all.length - 1 ? { ...column, flex: 1 } : { ...column, width: column.minWidth },
);

const rowId = ({ data }: GetRowIdParams<RosterEntryView>) => data.entry_id;
const defaultColDef = { sortable: true, resizable: true };
// The header and the filter row, the rows, the scrollbar, and the tools line above the grid.
const gridHeight = (rows: number) => 2 * 30 + Math.max(rows, 2) * 34 + 18 + 32;

/**
 * The operator's Rosters tab: one instrument's roster (pending applications first) with every entry's
 * rolling-window figures coloured against the thresholds, decisions with a reason, probes and their
 * reports, and the instrument's specification with its revisions.
 */
export function RostersSection({ rosters }: { rosters: Live<Map<string, RosterEntryView[]>> }) {
  const instruments = useExchangeStore((state) => state.instruments);
  const client = useClient();
  const pickerId = useId();
  const [instrumentId, setInstrumentId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<{ entry: RosterEntryView; action: RosterAction } | null>(null);
  const [probing, setProbing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const byPending = (instrument: InstrumentView) =>
    pendingCount(rosters.data?.get(instrument.instrument_id) ?? []);
  // Until the operator picks: the first instrument with applications waiting, else the default one.
  const instrument =
    instruments?.find((i) => i.instrument_id === instrumentId) ??
    instruments?.find((i) => byPending(i) > 0) ??
    instruments?.find((i) => i.is_default) ??
    instruments?.[0] ??
    null;
  const entries = instrument ? (rosters.data?.get(instrument.instrument_id) ?? null) : null;
  const selected = entries?.find((e) => e.entry_id === selectedId) ?? null;
  const spec = instrument?.specifications;

  const context = useMemo<BoardContext | null>(
    () =>
      spec
        ? {
            spec,
            probing,
            decide: (entry, action) => setDeciding({ entry, action }),
            probe: (entry) => {
              setProbing(entry.entry_id);
              setFailure(null);
              setSelectedId(entry.entry_id);
              client
                .call('roster.probe', { entry_id: entry.entry_id })
                .then(
                  (probe) => {
                    setNotice(
                      `Probe of ${entry.supplier_name} · ${entry.endpoint_name ?? ''} started: ${formatCount(probe.progress.total, 'call')}.`,
                    );
                    rosters.reload();
                  },
                  (error: unknown) => setFailure(errorText(error)),
                )
                .finally(() => setProbing(null));
            },
          }
        : null,
    [spec, probing, client, rosters],
  );

  const pending = entries ? pendingCount(entries) : 0;
  const admitted = entries?.filter((e) => e.status === 'admitted').length ?? 0;

  return (
    <section className="section rosters-section" aria-labelledby="rosters-heading">
      <div className="section-header">
        <h2 id="rosters-heading">Rosters</h2>
        <p className="section-sub">
          Which supplier models may serve each instrument. Review applications beside their probe reports; the
          monitor suspends an admitted endpoint whose rolling window breaches the thresholds.
        </p>
      </div>
      <div className="section-tools roster-tools">
        <label htmlFor={pickerId}>Instrument</label>
        <select
          id={pickerId}
          value={instrument?.instrument_id ?? ''}
          onChange={(event) => {
            setInstrumentId(event.target.value);
            setSelectedId(null);
            setNotice(null);
          }}
        >
          {instruments?.map((i) => {
            const count = byPending(i);
            return (
              <option key={i.instrument_id} value={i.instrument_id}>
                {i.symbol}
                {count ? ` · ${formatInteger(count)} pending` : ''}
              </option>
            );
          })}
        </select>
        {instrument ? <span className="small muted">{specLine(instrument)}</span> : null}
      </div>
      <ErrorAlert>{rosters.error ?? failure}</ErrorAlert>
      <Notice>{notice}</Notice>
      <Card
        title="Roster"
        region
        actions={
          entries ? (
            <span className="small muted" data-testid="roster-counts">
              {formatInteger(entries.length)} entries · {formatInteger(admitted)} admitted
              {pending ? (
                <>
                  {' · '}
                  <span className="pending-pill">{pending} pending</span>
                </>
              ) : null}
            </span>
          ) : null
        }
      >
        {entries === null || !context ? (
          <p className="muted">Loading the roster…</p>
        ) : entries.length === 0 ? (
          <p className="muted">
            No supplier has applied to {instrument?.symbol} yet: suppliers apply a model endpoint from their
            Delivery tab.
          </p>
        ) : (
          <div className="grid-auto roster-grid" style={{ height: gridHeight(entries.length) }}>
            <DataGrid<RosterEntryView>
              rowData={entries}
              columnDefs={columns}
              getRowId={rowId}
              tools={{ noun: 'entries', one: 'entry', fileName: `roster-${instrument?.symbol ?? 'all'}` }}
              context={context}
              defaultColDef={defaultColDef}
              rowHeight={34}
              tooltipShowDelay={400}
              suppressColumnVirtualisation
              rowClass="roster-row"
              getRowClass={({ data }) =>
                data?.entry_id === selected?.entry_id ? 'roster-row-selected' : undefined
              }
              onRowClicked={(event: RowClickedEvent<RosterEntryView>) =>
                event.data && setSelectedId(event.data.entry_id)
              }
            />
          </div>
        )}
        {entries && entries.length > 0 && !selected ? (
          <p className="small muted card-note">Select an entry to see its history and probe reports.</p>
        ) : null}
      </Card>
      {selected && context ? (
        <EntryDetail key={selected.entry_id} entry={selected} context={context} />
      ) : null}
      {instrument ? <RevisionEditor key={instrument.instrument_id} instrument={instrument} /> : null}
      {deciding ? (
        <DecisionDialog
          entry={deciding.entry}
          action={deciding.action}
          onClose={() => setDeciding(null)}
          onDecided={(entry) => {
            setDeciding(null);
            setSelectedId(entry.entry_id);
            setNotice(
              `${entry.supplier_name} · ${entry.endpoint_name ?? ''} on ${entry.symbol}: ${entry.status} (${entry.reason}).`,
            );
            rosters.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function specLine(instrument: InstrumentView): string {
  const s = instrument.specifications;
  return `TTFT ≤ ${s.ttft_max_seconds} s · throughput ≥ ${formatInteger(s.throughput_floor_tps)} tok/s · errors ≤ ${s.error_rate_max_pct}% · uptime ≥ ${s.uptime_min_pct}%`;
}

/** One entry: its figures, decisions, history and probe reports. */
function EntryDetail({ entry, context }: { entry: RosterEntryView; context: BoardContext }) {
  const history = useEntryHistory(entry.entry_id);
  const probes = useProbes(entry.entry_id);
  const [shownProbe, setShownProbe] = useState<string | null>(null);
  const list = probes.data ?? [];
  // The board's copy of the latest probe is polled while it runs: the freshest unless another is chosen.
  const probe = list.find((p) => p.probe_id === shownProbe) ?? entry.latest_probe ?? list[0] ?? null;
  const latestId = entry.latest_probe?.probe_id;
  const latestStatus = entry.latest_probe?.status;
  const reloadProbes = probes.reload;
  useEffect(() => {
    if (latestId) reloadProbes();
  }, [latestId, latestStatus, reloadProbes]);
  return (
    <div className="roster-detail">
      <Card
        title={`${entry.supplier_name} · ${entry.endpoint_name ?? 'no endpoint'}`}
        region
        testId="roster-entry"
        actions={<RosterStatusBadge status={entry.status} />}
      >
        <p className="small">
          <strong>{entry.status}</strong> since {formatTime(entry.changed_at)} by {entry.changed_by}:{' '}
          {entry.reason}
        </p>
        <p className="small muted">
          Declared quality {entry.declared.quality_score} ({entry.declared.quality_source}) · context{' '}
          {formatInteger(entry.declared.context_window)} · output{' '}
          {formatInteger(entry.declared.max_output_tokens)} ·{' '}
          {formatInteger(entry.declared.tokens_per_second)} tok/s · applied {formatTime(entry.applied_at)}
        </p>
        <EntryActions entry={entry} context={context} />
        <h4 className="subhead">
          Rolling window {entry.window ? `· ${formatInteger(entry.window.calls)} calls` : ''}
          {entry.window?.breaching ? <span className="metric-fail"> · breaching</span> : null}
        </h4>
        <MetricChips metrics={windowMetrics(entry.window, context.spec)} />
        <h4 className="subhead">History</h4>
        <ErrorAlert>{history.error}</ErrorAlert>
        {history.data === null ? (
          <p className="muted small">Loading the history…</p>
        ) : history.data.length === 0 ? (
          <p className="muted small">No recorded changes in the recent audit log.</p>
        ) : (
          <table className="compact-table roster-history" aria-label="Entry history">
            <thead>
              <tr>
                <th>When</th>
                <th>Status</th>
                <th>By</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((step) => (
                <tr key={step.sequence} data-testid="history-step">
                  <td className="mono small">{formatTime(step.time)}</td>
                  <td>{step.status}</td>
                  <td>{step.actor}</td>
                  <td className="wrap">{step.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Probe reports" region>
        <ErrorAlert>{probes.error}</ErrorAlert>
        {list.length > 1 ? (
          <div className="probe-list" role="group" aria-label="Probes">
            {list.map((p) => (
              <button
                key={p.probe_id}
                type="button"
                className="btn btn-xs"
                aria-pressed={p.probe_id === probe?.probe_id}
                onClick={() => setShownProbe(p.probe_id)}
                title={p.reason}
              >
                {formatTime(p.started_at).slice(11)} · {p.status}
              </button>
            ))}
          </div>
        ) : null}
        {probe ? (
          <ProbeReport
            probe={probe}
            ttftMaxMs={ceilingMs(context.spec)}
            floorTps={context.spec.throughput_floor_tps}
          />
        ) : (
          <p className="muted small">No probe yet: run one.</p>
        )}
      </Card>
    </div>
  );
}
