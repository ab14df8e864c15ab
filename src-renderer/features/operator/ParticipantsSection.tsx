import { useEffect, useRef, useState } from 'react';
import type { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, SelectionChangedEvent } from 'ag-grid-community';
import type { ParticipantView } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { formatCount, formatInteger } from '../../lib/format';
import { useExchangeStore } from '../../stores/exchange';
import { participantColumns } from './columns';
import { NewParticipantForm } from './NewParticipantForm';
import { SelectedParticipant } from './SelectedParticipant';

const rowId = ({ data }: GetRowIdParams<ParticipantView>) => data.participant_id;
const rowSelection = { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const;

export function ParticipantsSection() {
  const participants = useExchangeStore((state) => state.participants);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const gridRef = useRef<AgGridReact<ParticipantView>>(null);
  const selected = participants?.find((participant) => participant.participant_id === selectedId) ?? null;

  // Keep the grid's highlighted row in step with the selection (also after a create or a refresh).
  useEffect(() => {
    const api = gridRef.current?.api;
    if (!api || !selectedId) return;
    const node = api.getRowNode(selectedId);
    if (node && !node.isSelected()) {
      node.setSelected(true, true);
      api.ensureNodeVisible(node);
    }
  }, [selectedId, participants]);

  const onSelectionChanged = (event: SelectionChangedEvent<ParticipantView>) => {
    if (event.source === 'api') return;
    const row = event.api.getSelectedRows()[0];
    if (row) setSelectedId(row.participant_id);
  };

  const counts = participants
    ? {
        consumers: participants.filter((p) => p.role === 'consumer').length,
        suppliers: participants.filter((p) => p.role === 'supplier').length,
        suspended: participants.filter((p) => p.status === 'suspended').length,
      }
    : null;

  return (
    <section className="section section-fill" aria-labelledby="participants-heading">
      <div className="section-header">
        <h2 id="participants-heading">Participants</h2>
        <p className="section-sub">
          {counts
            ? `${formatCount(counts.suppliers, 'supplier')} · ${formatCount(counts.consumers, 'consumer')} · ${formatInteger(counts.suspended)} suspended. Select a row to adjust its USD balance, suspend it or manage its API keys.`
            : 'Loading…'}
        </p>
      </div>
      <NewParticipantForm onCreated={(participant) => setSelectedId(participant.participant_id)} />
      <div className="split">
        <div className="grid-fill">
          <DataGrid<ParticipantView>
            gridRef={gridRef}
            rowData={participants ?? undefined}
            loading={participants === null}
            columnDefs={participantColumns}
            getRowId={rowId}
            tools={{ noun: 'participants', one: 'participant', fileName: 'participants' }}
            rowSelection={rowSelection}
            onSelectionChanged={onSelectionChanged}
            defaultColDef={{ sortable: true, resizable: true }}
          />
        </div>
        <aside className="side-panel">
          <SelectedParticipant participant={selected} />
        </aside>
      </div>
    </section>
  );
}
