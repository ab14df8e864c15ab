import { useId, useMemo, useState } from 'react';
import type { GetRowIdParams, RowClickedEvent } from 'ag-grid-community';
import { DataGrid } from '../../components/DataGrid';
import { ErrorAlert } from '../../components/ui';
import { formatInteger, formatTime } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';
import { describeAudit } from './audit-words';
import { auditColumns } from './columns';
import type { AuditRow } from './columns';
import { auditFilterOptions, filterAudit, noAuditFilter } from './audit-filter';
import type { AuditFilter } from './audit-filter';

const rowId = ({ data }: GetRowIdParams<AuditRow>) => String(data.sequence);

function Choice({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="audit-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="audit-filter">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/**
 * Every committed operator and participant action, newest first, in words (names, symbols, USD, local
 * times), paged back with `before`; filterable by actor, participant, kind and date; a click on a row
 * shows its raw record.
 */
export function AuditSection() {
  const audit = useExchangeStore((state) => state.audit);
  const loadOlder = useExchangeStore((state) => state.loadOlderAudit);
  const participants = useExchangeStore((state) => state.participants);
  const instruments = useExchangeStore((state) => state.instruments);
  const [filter, setFilter] = useState<AuditFilter>(noAuditFilter);
  const [openSequence, setOpenSequence] = useState<number | null>(null);
  const entries = audit.entries;
  const oldest = entries?.at(-1)?.sequence;

  const rows = useMemo<AuditRow[] | null>(() => {
    if (!entries) return null;
    const context = {
      names: new Map(
        (participants ?? []).map((participant) => [participant.participant_id, participant.name]),
      ),
      instruments: instruments ?? [],
    };
    return entries.map((entry) => ({ ...entry, ...describeAudit(entry, context) }));
  }, [entries, participants, instruments]);
  const options = useMemo(() => auditFilterOptions(rows ?? []), [rows]);
  const shown = useMemo(() => (rows ? filterAudit(rows, filter) : null), [rows, filter]);
  const open = rows?.find((row) => row.sequence === openSequence) ?? null;
  const set = (patch: Partial<AuditFilter>) => setFilter((current) => ({ ...current, ...patch }));

  return (
    <section className="section section-fill" aria-labelledby="audit-heading">
      <div className="section-header">
        <h2 id="audit-heading">Audit log</h2>
        <p className="section-sub">
          {entries
            ? entries.length
              ? `${formatInteger(entries.length)} entries loaded, newest first (sequence ${entries[0]?.sequence} back to ${oldest}). Filters apply to the entries loaded; Load older reaches further back.`
              : 'Nothing has been recorded yet.'
            : 'Loading…'}
        </p>
      </div>
      <div className="audit-filters" role="group" aria-label="Audit filters">
        <Choice
          label="Actor"
          value={filter.actor}
          options={options.actors}
          onChange={(actor) => set({ actor })}
        />
        <Choice
          label="Participant"
          value={filter.participant}
          options={options.participants}
          onChange={(participant) => set({ participant })}
        />
        <Choice label="Kind" value={filter.kind} options={options.kinds} onChange={(kind) => set({ kind })} />
        <DateInput label="From" value={filter.from} onChange={(from) => set({ from })} />
        <DateInput label="To" value={filter.to} onChange={(to) => set({ to })} />
        <button
          type="button"
          className="btn btn-xs"
          disabled={JSON.stringify(filter) === JSON.stringify(noAuditFilter)}
          onClick={() => setFilter(noAuditFilter)}
        >
          Clear filters
        </button>
      </div>
      <div className="grid-fill">
        <DataGrid<AuditRow>
          rowData={shown ?? undefined}
          loading={shown === null}
          columnDefs={auditColumns}
          getRowId={rowId}
          tools={{ noun: 'entries', one: 'entry', fileName: 'audit-log' }}
          tooltipShowDelay={400}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onRowClicked={(event: RowClickedEvent<AuditRow>) =>
            event.data && setOpenSequence(event.data.sequence)
          }
          overlayNoRowsTemplate="No entries match these filters."
        />
      </div>
      {open ? (
        <div className="audit-record" role="region" aria-label="Raw record">
          <div className="audit-record-head">
            <strong>
              #{open.sequence} · {formatTime(open.time)} · {open.kind}
            </strong>
            <button type="button" className="btn btn-xs" onClick={() => setOpenSequence(null)}>
              Close
            </button>
          </div>
          <p>{open.sentence}</p>
          <pre className="mono small">
            {JSON.stringify(
              {
                sequence: open.sequence,
                time: open.time,
                actor: open.actor,
                action: open.action,
                details: open.details,
              },
              null,
              2,
            )}
          </pre>
        </div>
      ) : (
        <p className="muted small">Select an entry to see its raw record.</p>
      )}
      <div className="section-footer">
        <button
          type="button"
          className="btn"
          onClick={() => void loadOlder()}
          disabled={!entries || !audit.hasOlder || audit.loadingOlder}
        >
          {audit.loadingOlder ? 'Loading…' : 'Load older'}
        </button>
        {entries && !audit.hasOlder ? <span className="muted">Beginning of the log reached.</span> : null}
        <ErrorAlert>{audit.olderError}</ErrorAlert>
      </div>
    </section>
  );
}
