import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { AutoModeBody } from '../../../src-preload/contract-lifecycle';
import type { AutoModeView, TopUpView } from '../../../src-preload/contract-lifecycle';
import { Meter } from '../../components/Charts';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { Field, NumberInput } from '../../components/Field';
import { Toggle } from '../../components/Toggle';
import { Badge, Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import {
  formatCount,
  formatInteger,
  formatPrice,
  formatTimeOfDay,
  formatTime,
  formatUsd,
} from '../../lib/format';
import { toMicros } from '../../lib/money';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { useAutoMode, useTopUps } from './queries';

type Mode = AutoModeView['mode'];
type AutoField = 'mode' | 'threshold_tokens' | 'top_up_units' | 'max_price' | 'daily_spend_ceiling';

const modes = [
  { value: 'auto', label: 'Auto' },
  { value: 'advanced', label: 'Advanced' },
] as const satisfies readonly { value: Mode; label: string }[];

const pausedText: Record<NonNullable<AutoModeView['paused']>, string> = {
  no_fill: 'the last top-up found no Units within the price ceiling',
  partial_fill: 'the last top-up filled only part of its Units within the price ceiling',
  daily_ceiling: 'the daily spend ceiling is reached',
  rejected: 'the last top-up was refused by the exchange',
};

const topUpColumns: CompactColumn[] = [
  { label: 'Time' },
  { label: 'Instrument' },
  { label: 'Outcome' },
  { label: 'Filled', numeric: true },
  { label: 'Spent', numeric: true },
];

/** Auto / Advanced mode per instrument, its settings, and the top-ups it placed (failures included). */
export function AutoModeCard({ participant }: { participant: ParticipantView }) {
  const instruments = useExchangeStore((state) => state.instruments) ?? [];
  const settings = useAutoMode(participant.participant_id);
  const topUps = useTopUps(participant.participant_id);
  const [chosen, setChosen] = useState<string | null>(null);
  const instrumentId =
    chosen ?? instruments.find((i) => i.is_default)?.instrument_id ?? instruments[0]?.instrument_id ?? '';
  const view = settings.data?.find((s) => s.instrument_id === instrumentId) ?? null;

  return (
    <Card title="Auto Mode" className="auto-mode-card" region>
      <p className="muted small">
        In Auto Mode the exchange tops up an instrument for you: when its live tokens in consumption fall
        below the threshold it buys the top-up Units at market, within your price and daily ceilings, and
        moves them to consumption at once. In Advanced Mode you buy and transfer yourself.
      </p>
      <div className="field">
        <div className="field-main">
          <label className="field-label" htmlFor={`auto-instrument-${participant.participant_id}`}>
            Settings for
          </label>
          <select
            id={`auto-instrument-${participant.participant_id}`}
            value={instrumentId}
            onChange={(event) => setChosen(event.target.value)}
          >
            {instruments.map((option) => (
              <option key={option.instrument_id} value={option.instrument_id}>
                {option.symbol}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorAlert>{settings.error}</ErrorAlert>
      {view?.configured ? <SpendMeter view={view} /> : null}
      {settings.data === null ? (
        <p className="muted">Loading settings…</p>
      ) : (
        <AutoModeForm
          key={instrumentId}
          participantId={participant.participant_id}
          instrumentId={instrumentId}
          view={view}
          onSaved={settings.reload}
        />
      )}
      <h4 className="form-title">Top-ups</h4>
      <ErrorAlert>{topUps.error}</ErrorAlert>
      {topUps.data === null ? (
        <p className="muted">Loading top-ups…</p>
      ) : topUps.data.length === 0 ? (
        <p className="muted small">No top-ups yet.</p>
      ) : (
        <TopUps topUps={topUps.data} />
      )}
    </Card>
  );
}

/** Today's top-up spend against the daily ceiling (a UTC day: it starts again at 00:00 UTC). */
function SpendMeter({ view }: { view: AutoModeView }) {
  const ceiling = toMicros(view.daily_spend_ceiling) ?? 0n;
  const spent = toMicros(view.spent_today) ?? 0n;
  return (
    <div className="meters">
      <Meter
        label={`${view.symbol} spend today (UTC)`}
        value={Number(spent)}
        max={Number(ceiling)}
        valueText={formatUsd(view.spent_today)}
        maxText={`${formatUsd(view.daily_spend_ceiling)} ceiling`}
        noLimit="a $0.00 ceiling: no top-ups"
        testId="auto-mode-spend"
      />
    </div>
  );
}

function AutoModeForm({
  participantId,
  instrumentId,
  view,
  onSaved,
}: {
  participantId: string;
  instrumentId: string;
  view: AutoModeView | null;
  onSaved(): void;
}) {
  const client = useClient();
  const [mode, setMode] = useState<Mode>(view?.mode ?? 'auto');
  const [threshold, setThreshold] = useState(view?.configured ? String(view.threshold_tokens) : '');
  const [topUp, setTopUp] = useState(view?.configured ? String(view.top_up_units) : '');
  const [maxPrice, setMaxPrice] = useState(view?.max_price ?? '');
  const [ceiling, setCeiling] = useState(view?.configured ? view.daily_spend_ceiling : '');
  const { errors, failure, done, busy, submitParsed } = useSubmission<AutoField>(rejectionText);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());
    await submitParsed(
      AutoModeBody.safeParse({
        instrument_id: instrumentId,
        mode,
        threshold_tokens: whole(threshold),
        top_up_units: whole(topUp),
        max_price: maxPrice.trim(),
        daily_spend_ceiling: ceiling.trim(),
      }),
      async (data, report) => {
        const saved = await client.call('autoMode.set', { ...data, participant_id: participantId });
        onSaved();
        report(
          saved.mode === 'auto'
            ? `Auto Mode on for ${saved.symbol}: below ${formatInteger(saved.threshold_tokens)} tokens, buy ${formatCount(saved.top_up_units, 'Unit')} at up to ${formatPrice(saved.max_price)}.`
            : `Advanced Mode for ${saved.symbol}: no automatic top-ups.`,
        );
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Auto Mode settings">
      {view ? (
        <p className="small" data-testid="auto-mode-status">
          {view.mode === 'auto'
            ? view.configured
              ? 'Auto Mode is on'
              : 'Auto Mode (not set up yet)'
            : 'Advanced Mode'}
          {' · '}
          {formatInteger(view.tokens_remaining)} tokens in consumption · spent today{' '}
          {formatUsd(view.spent_today)}
          {view.configured ? ` of ${formatUsd(view.daily_spend_ceiling)}` : ''}
        </p>
      ) : null}
      {view?.paused ? (
        <Notice tone="warn">
          Top-ups are paused: {pausedText[view.paused]}. Save the settings to resume.
        </Notice>
      ) : null}
      <Toggle<Mode> label="Mode" options={modes} value={mode} onChange={setMode} />
      <div className="form-pair">
        <Field label="Threshold (tokens)" error={errors.threshold_tokens}>
          <NumberInput value={threshold} onValue={setThreshold} placeholder="500000" />
        </Field>
        <Field label="Top-up Units" error={errors.top_up_units}>
          <NumberInput value={topUp} onValue={setTopUp} placeholder="1" />
        </Field>
        <Field label="Price ceiling (USD/Unit)" error={errors.max_price}>
          <NumberInput decimal value={maxPrice} onValue={setMaxPrice} placeholder="3.000" />
        </Field>
        <Field label="Daily spend ceiling (USD)" error={errors.daily_spend_ceiling}>
          <NumberInput decimal value={ceiling} onValue={setCeiling} placeholder="25.00" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save settings
        </button>
      </div>
      <ErrorAlert>{failure ?? errors.mode}</ErrorAlert>
      <Notice>{done}</Notice>
    </form>
  );
}

const outcomeTone = (outcome: TopUpView['outcome']) =>
  outcome === 'filled' ? 'live' : outcome === 'partial_fill' ? 'preview' : 'suspended';

function TopUps({ topUps }: { topUps: readonly TopUpView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable caption="Top-ups" columns={topUpColumns} className="top-ups-table">
        {topUps.map((topUp) => (
          <tr key={topUp.top_up_id} title={topUp.message ?? undefined}>
            <td className="mono small" title={formatTime(topUp.created_at)}>
              {formatTimeOfDay(topUp.created_at)}
            </td>
            <td className="mono">{topUp.symbol}</td>
            <td>
              <Badge tone={outcomeTone(topUp.outcome)}>{topUp.outcome.replace('_', ' ')}</Badge>
              {topUp.message ? <div className="small muted">{topUp.message}</div> : null}
            </td>
            <td className="num">
              {formatInteger(topUp.filled)}/{formatInteger(topUp.requested)}
            </td>
            <td className="num">{formatUsd(topUp.spent)}</td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}
