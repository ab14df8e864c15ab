import { useMemo } from 'react';
import type { GetRowIdParams } from 'ag-grid-community';
import { DataGrid } from '../../components/DataGrid';
import { ErrorAlert } from '../../components/ui';
import { formatDetails } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';
import { auditColumns } from './columns';
import type { AuditRow } from './columns';

const rowId = ({ data }: GetRowIdParams<AuditRow>) => String(data.sequence);

/** Every committed operator and participant action, newest first, paged back with `before`. */
export function AuditSection() {
  const audit = useExchangeStore((state) => state.audit);
  const loadOlder = useExchangeStore((state) => state.loadOlderAudit);
  const participants = useExchangeStore((state) => state.participants);
  const instruments = useExchangeStore((state) => state.instruments);
  const entries = audit.entries;
  const oldest = entries?.at(-1)?.sequence;

  // Details name the participants and instruments they refer to; the tooltip keeps the raw record.
  const rows = useMemo<AuditRow[] | null>(() => {
    if (!entries) return null;
    const names = new Map<string, string>();
    for (const participant of participants ?? []) names.set(participant.participant_id, participant.name);
    for (const instrument of instruments ?? []) names.set(instrument.instrument_id, instrument.symbol);
    return entries.map((entry) => ({
      ...entry,
      summary: formatDetails(entry.details, names),
      raw: JSON.stringify(entry.details),
    }));
  }, [entries, participants, instruments]);
  return (
    <section className="section section-fill" aria-labelledby="audit-heading">
      <div className="section-header">
        <h2 id="audit-heading">Audit log</h2>
        <p className="section-sub">
          {entries
            ? entries.length
              ? `${entries.length} entries shown, newest first (sequence ${entries[0]?.sequence} back to ${oldest}).`
              : 'Nothing has been recorded yet.'
            : 'Loading…'}
        </p>
      </div>
      <div className="grid-fill">
        <DataGrid<AuditRow>
          rowData={rows ?? undefined}
          loading={rows === null}
          columnDefs={auditColumns}
          getRowId={rowId}
          defaultColDef={{ resizable: true }}
          tooltipShowDelay={400}
        />
      </div>
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
