import { useId, useMemo, useState } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { ModalDialog } from '../../components/ModalDialog';
import { TabList, TabPanel } from '../../components/Tabs';
import { ErrorAlert } from '../../components/ui';
import { useExchangeStore } from '../../stores/exchange';
import { ApiKeysPanel } from '../api-keys/ApiKeysPanel';
import { LotsTable } from '../lifecycle/LotsTable';
import { useConsumptionAccounts } from '../lifecycle/queries';
import { deskColumnDefaults, fillColumns, orderHistoryColumns } from '../trading/columns';
import { useFills } from '../trading/queries';
import { useLive } from '../../stores/live';
import { describeAudit } from './audit-words';
import { auditColumns } from './columns';
import type { AuditRow } from './columns';

type View = 'orders' | 'fills' | 'lots' | 'keys' | 'audit';
const views: { id: View; label: string }[] = [
  { id: 'orders', label: 'Orders' },
  { id: 'fills', label: 'Fills' },
  { id: 'lots', label: 'Lots' },
  { id: 'keys', label: 'API keys' },
  { id: 'audit', label: 'Audit trail' },
];
const fitWidth = { type: 'fitGridWidth' } as const;

/** Every order of a participant, open and closed, newest first. */
function useAllOrders(participantId: string) {
  return useLive(`all-orders:${participantId}`, (client) =>
    client.call('orders.list', { participant_id: participantId, status: 'all', limit: 100 }),
  );
}

/**
 * One participant seen whole, for the operator: its orders, fills, Lots, API keys and the audit entries
 * that concern it (of those loaded in the Audit log), one tab each, in a dialog over the console.
 */
export function ParticipantDrillDown({
  participant,
  onClose,
}: {
  participant: ParticipantView;
  onClose(): void;
}) {
  const headingId = useId();
  const tabsId = useId();
  const [view, setView] = useState<View>('orders');
  const id = participant.participant_id;
  const orders = useAllOrders(id);
  const fills = useFills(id);
  const accounts = useConsumptionAccounts(id);
  const audit = useExchangeStore((state) => state.audit.entries);
  const participants = useExchangeStore((state) => state.participants);
  const instruments = useExchangeStore((state) => state.instruments);
  const trail = useMemo<AuditRow[]>(() => {
    const context = {
      names: new Map((participants ?? []).map((p) => [p.participant_id, p.name])),
      instruments: instruments ?? [],
    };
    return (audit ?? [])
      .map((entry) => ({ ...entry, ...describeAudit(entry, context) }))
      .filter((row) => row.participant === participant.name || row.actor === id);
  }, [audit, participants, instruments, participant.name, id]);
  const lots = accounts.data?.flatMap((account) => account.lots) ?? null;
  const slug = participant.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

  return (
    <ModalDialog labelledBy={headingId} onClose={onClose} className="dialog-drill">
      <div className="drill">
        <div className="drill-head">
          <h3 id={headingId}>{participant.name}</h3>
          <span className="mono small muted">{id}</span>
          <button type="button" className="btn btn-xs" onClick={onClose}>
            Close
          </button>
        </div>
        <TabList<View>
          idBase={tabsId}
          label="Participant details"
          tabs={views}
          active={view}
          onSelect={setView}
        />
        <TabPanel idBase={tabsId} active={view} className="drill-body">
          {view === 'orders' ? (
            <DataGrid
              rowData={orders.data ?? undefined}
              loading={orders.data === null && !orders.error}
              columnDefs={orderHistoryColumns}
              getRowId={({ data }) => data.order_id}
              tools={{ noun: 'orders', one: 'order', fileName: `orders-${slug}` }}
              defaultColDef={deskColumnDefaults}
              autoSizeStrategy={fitWidth}
              overlayNoRowsTemplate="No orders"
            />
          ) : view === 'fills' ? (
            <DataGrid
              rowData={fills.data ?? undefined}
              loading={fills.data === null && !fills.error}
              columnDefs={fillColumns}
              getRowId={({ data }) => `${data.trade_id}:${data.order_id}`}
              tools={{ noun: 'fills', one: 'fill', fileName: `fills-${slug}` }}
              defaultColDef={deskColumnDefaults}
              autoSizeStrategy={fitWidth}
              overlayNoRowsTemplate="No fills"
            />
          ) : view === 'lots' ? (
            lots === null ? (
              <p className="muted">Loading Lots…</p>
            ) : lots.length === 0 ? (
              <p className="muted">No Lots: nothing of this participant has gone to consumption.</p>
            ) : (
              <LotsTable lots={lots} caption={`Lots of ${participant.name}`} fileName="participant-lots" />
            )
          ) : view === 'keys' ? (
            <ApiKeysPanel participant={participant} mode="operator" />
          ) : (
            <DataGrid<AuditRow>
              rowData={trail}
              columnDefs={auditColumns}
              getRowId={({ data }) => String(data.sequence)}
              tools={{ noun: 'entries', one: 'entry', fileName: `audit-${slug}` }}
              overlayNoRowsTemplate="No entries about this participant among those loaded"
            />
          )}
          <ErrorAlert>{orders.error ?? fills.error ?? accounts.error}</ErrorAlert>
        </TabPanel>
      </div>
    </ModalDialog>
  );
}
