import { useState } from 'react';
import type { FormEvent } from 'react';
import { SweepScheduleBody } from '../../../src-preload/contract-lifecycle';
import type {
  LotExpiryView,
  SweepScheduleView,
  SweepView,
  SWEEP_MODES,
} from '../../../src-preload/contract-lifecycle';
import { LiveList } from '../../components/LiveList';
import type { ColDef } from 'ag-grid-community';
import { integer, numeric, time } from '../../components/cells';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataGrid } from '../../components/DataGrid';
import { Countdown } from '../../components/Countdown';
import { Field, NumberInput } from '../../components/Field';
import { Toggle } from '../../components/Toggle';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatInteger, formatSeconds, formatTime } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { toast } from '../../stores/toasts';
import { useExpiries, useLiveLots, useSweeps, useSweepSchedule } from '../lifecycle/queries';
import { LotsTable } from '../lifecycle/LotsTable';
import { BackupsCard } from './BackupsCard';

type Mode = (typeof SWEEP_MODES)[number];
type ScheduleField = 'mode' | 'interval_seconds' | 'lot_ttl_seconds';

const modeOptions = [
  { value: 'scheduled', label: 'Every 4 h' },
  { value: 'interval', label: 'Interval' },
  { value: 'immediate', label: 'Immediate' },
] as const satisfies readonly { value: Mode; label: string }[];

const modeText: Record<Mode, string> = {
  scheduled: 'every 4 hours at 00, 04, 08, 12, 16 and 20 UTC',
  interval: 'every interval',
  immediate: 'immediately: bought Units go to consumption as the trade fills',
};

const sweepColumns: ColDef<SweepView>[] = [
  { field: 'sequence', headerName: 'Sequence', minWidth: 96, ...numeric, sort: 'desc' },
  {
    field: 'scheduled_for',
    headerName: 'Scheduled for',
    minWidth: 150,
    valueFormatter: time,
    cellClass: 'mono',
  },
  { field: 'executed_at', headerName: 'Ran at', minWidth: 150, valueFormatter: time, cellClass: 'mono' },
  { field: 'accounts', headerName: 'Accounts', minWidth: 90, ...numeric, valueFormatter: integer },
  { field: 'units', headerName: 'Units', minWidth: 80, ...numeric, valueFormatter: integer },
  { field: 'lots', headerName: 'Lots', minWidth: 70, ...numeric, valueFormatter: integer },
  {
    field: 'orders_cancelled',
    headerName: 'Asks cancelled',
    minWidth: 120,
    ...numeric,
    valueFormatter: integer,
  },
];

/** An expiry with its holder's and suppliers' names, so search and export read as the grid does. */
interface ExpiryRow extends LotExpiryView {
  holder: string;
  released: string;
}

const expiryColumns: ColDef<ExpiryRow>[] = [
  {
    field: 'expired_at',
    headerName: 'Expired at',
    minWidth: 150,
    valueFormatter: time,
    cellClass: 'mono',
    sort: 'desc',
  },
  { field: 'lot_id', headerName: 'Lot', minWidth: 120, cellClass: 'mono', tooltipField: 'lot_id' },
  { field: 'holder', headerName: 'Consumer', minWidth: 110 },
  { field: 'symbol', headerName: 'Instrument', minWidth: 110, cellClass: 'mono' },
  { field: 'tokens', headerName: 'Tokens expired', minWidth: 120, ...numeric, valueFormatter: integer },
  { field: 'released', headerName: 'Suppliers released', minWidth: 180, flex: 1 },
];

const fitWidth = { type: 'fitGridWidth' } as const;

/** The operator's sweeps: the schedule and Lot lifetime, a sweep on demand, sweep history and expiries. */
export function SweepsSection() {
  const schedule = useSweepSchedule();
  const sweeps = useSweeps();
  const expiries = useExpiries(null);
  const lots = useLiveLots();
  const participants = useExchangeStore((state) => state.participants);
  const nameOf = (id: string) => participants?.find((p) => p.participant_id === id)?.name ?? id;

  return (
    <section className="section sweeps-section" aria-labelledby="sweeps-heading">
      <div className="section-header">
        <h2 id="sweeps-heading">Sweeps</h2>
        <p className="section-sub">
          A sweep moves every Unit in every non-issuer Trading account to consumption as one Lot per account
          and instrument, and cancels the resale asks those Units backed.
        </p>
      </div>
      <div className="lifecycle">
        <div className="lifecycle-main">
          <Card title="Sweep history" region>
            <LiveList live={sweeps} loading="Loading sweeps…" empty="No sweep has run yet.">
              {(rows) => <SweepHistory sweeps={[...rows]} />}
            </LiveList>
          </Card>
          <Card title="Live Lots" region>
            <p className="muted small card-note">
              Tokens waiting in consumption across the exchange, nearest expiry first, with who holds them and
              which suppliers owe them.
            </p>
            <LiveList live={lots} loading="Loading Lots…" empty="No Lot has tokens left.">
              {(rows) => (
                <LotsTable
                  lots={rows}
                  caption="Live Lots across the exchange"
                  fileName="live-lots"
                  showHolder
                />
              )}
            </LiveList>
          </Card>
          <Card title="Lot expiries" region>
            <p className="muted small card-note">
              What was left of each Lot at its expiry: removed, recorded, and no longer owed by its suppliers.
            </p>
            <LiveList live={expiries} loading="Loading expiries…" empty="No Lot has expired yet.">
              {(rows) => (
                <div className="sweeps-grid">
                  <DataGrid<ExpiryRow>
                    rowData={rows.map((expiry) => ({
                      ...expiry,
                      holder: nameOf(expiry.participant_id),
                      released:
                        expiry.suppliers
                          .map((s) => `${nameOf(s.supplier_id)} ${formatInteger(s.tokens)}`)
                          .join(' · ') || '—',
                    }))}
                    columnDefs={expiryColumns}
                    getRowId={({ data }) => String(data.sequence)}
                    tools={{ noun: 'expiries', one: 'expiry', fileName: 'lot-expiries' }}
                    autoSizeStrategy={fitWidth}
                  />
                </div>
              )}
            </LiveList>
          </Card>
        </div>
        <div className="lifecycle-side">
          <Card title="Sweep schedule" region>
            <ErrorAlert>{schedule.error}</ErrorAlert>
            {schedule.data ? (
              <>
                <ScheduleSummary schedule={schedule.data} />
                <ScheduleForm schedule={schedule.data} onSaved={schedule.reload} />
              </>
            ) : (
              <p className="muted">Loading the schedule…</p>
            )}
          </Card>
          <RunSweepNow
            onDone={() => {
              sweeps.reload();
              schedule.reload();
            }}
          />
          <BackupsCard />
        </div>
      </div>
    </section>
  );
}

function ScheduleSummary({ schedule }: { schedule: SweepScheduleView }) {
  return (
    <dl className="facts" data-testid="sweep-schedule">
      <dt>Sweeps</dt>
      <dd>
        {schedule.mode === 'interval'
          ? `every ${formatSeconds(schedule.interval_seconds)}`
          : modeText[schedule.mode]}
      </dd>
      <dt>Lot lifetime</dt>
      <dd>{formatSeconds(schedule.lot_ttl_seconds)}</dd>
      <dt>Next sweep</dt>
      <dd>
        {schedule.next_sweep_at ? (
          <>
            in <Countdown to={schedule.next_sweep_at} /> ({formatTime(schedule.next_sweep_at)})
          </>
        ) : (
          '—'
        )}
      </dd>
      <dt>Last sweep</dt>
      <dd>{schedule.last_sweep ? formatTime(schedule.last_sweep.scheduled_for) : 'none yet'}</dd>
    </dl>
  );
}

function ScheduleForm({ schedule, onSaved }: { schedule: SweepScheduleView; onSaved(): void }) {
  const client = useClient();
  const [mode, setMode] = useState<Mode>(schedule.mode);
  const [interval, setIntervalText] = useState(String(schedule.interval_seconds));
  const [ttl, setTtl] = useState(String(schedule.lot_ttl_seconds));
  const { errors, failure, done, busy, submitParsed } = useSubmission<ScheduleField>(rejectionText);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());
    await submitParsed(
      SweepScheduleBody.safeParse({
        mode,
        ...(mode === 'interval' ? { interval_seconds: whole(interval) } : {}),
        lot_ttl_seconds: whole(ttl),
      }),
      async (data, report) => {
        const saved = await client.call('sweeps.setSchedule', data);
        onSaved();
        report(
          `Schedule saved: sweeps ${saved.mode === 'interval' ? `every ${formatSeconds(saved.interval_seconds)}` : modeText[saved.mode]}; Lots live ${formatSeconds(saved.lot_ttl_seconds)}.`,
        );
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Sweep schedule">
      <Toggle<Mode> label="Sweep mode" options={modeOptions} value={mode} onChange={setMode} />
      <div className="form-pair">
        <Field label="Interval (seconds)" error={errors.interval_seconds}>
          <NumberInput value={interval} onValue={setIntervalText} disabled={mode !== 'interval'} />
        </Field>
        <Field label="Lot lifetime (seconds)" error={errors.lot_ttl_seconds}>
          <NumberInput value={ttl} onValue={setTtl} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save schedule
        </button>
      </div>
      <ErrorAlert>{failure ?? errors.mode}</ErrorAlert>
      <Notice>{done}</Notice>
    </form>
  );
}

function RunSweepNow({ onDone }: { onDone(): void }) {
  const client = useClient();
  const { failure, busy, run } = useSubmission(rejectionText);
  const [confirming, setConfirming] = useState(false);
  const sweep = () =>
    run(async () => {
      const result = await client.call('sweeps.runNow', {});
      onDone();
      toast(
        `Sweep ran at sequence ${result.sequence}: ${formatInteger(result.units)} Units from ${formatInteger(result.accounts)} account${result.accounts === 1 ? '' : 's'} into ${formatInteger(result.lots)} Lot${result.lots === 1 ? '' : 's'}; ${formatInteger(result.orders_cancelled)} ask${result.orders_cancelled === 1 ? '' : 's'} cancelled.`,
      );
    });
  return (
    <Card title="Sweep on demand">
      <p className="muted small">Runs one sweep now, outside the schedule.</p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => setConfirming(true)} disabled={busy}>
          Run sweep now
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title="Run a sweep now?"
          confirmLabel="Run sweep"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void sweep();
          }}
        >
          Every Unit in every non-issuer Trading account moves to consumption as a new Lot, one way, and the
          resale asks those Units backed are cancelled.
        </ConfirmDialog>
      ) : null}
      <ErrorAlert>{failure}</ErrorAlert>
    </Card>
  );
}

function SweepHistory({ sweeps }: { sweeps: SweepView[] }) {
  return (
    <div className="sweeps-grid">
      <DataGrid<SweepView>
        rowData={sweeps}
        columnDefs={sweepColumns}
        getRowId={({ data }) => data.sweep_id}
        tools={{ noun: 'sweeps', one: 'sweep', fileName: 'sweeps' }}
        autoSizeStrategy={fitWidth}
      />
    </div>
  );
}
