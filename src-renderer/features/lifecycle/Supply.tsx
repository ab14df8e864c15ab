import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { CapacityBody } from '../../../src-preload/contract-supply';
import type { IssuanceView, SupplyRegistrationView } from '../../../src-preload/contract-supply';
import type { CompactColumn } from '../../components/CompactTable';
import { CompactTable } from '../../components/CompactTable';
import { Field, NumberInput } from '../../components/Field';
import { ErrorAlert, Notice, StatusBadge } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatCount, formatInteger, formatSeconds, formatTime } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { useSubmission } from '../../lib/use-submission';
import { useClient } from '../../stores/exchange';
import { useSweepSchedule } from './queries';
import { InstrumentField, useInstrumentChoice } from './UnitsForm';
import type { InstrumentNote } from './UnitsForm';

const TOKENS_PER_UNIT = 1_000_000;

/** The columns `SupplyFigures` fills, in its order. */
export const supplyFigureColumns: CompactColumn[] = [
  { label: 'Tokens/s', numeric: true },
  { label: 'Cap (tokens)', numeric: true },
  { label: 'Committed (tokens)', numeric: true },
  { label: 'Issuable Units', numeric: true },
  { label: 'Status' },
  { label: 'Reason' },
];

/** One registration's capacity, cap, commitments, what it may still issue, and its review. */
export function SupplyFigures({ registration: r }: { registration: SupplyRegistrationView }) {
  return (
    <>
      <td className="num">{formatInteger(r.tokens_per_second)}</td>
      <td className="num">{formatInteger(r.cap_tokens)}</td>
      <td className="num">{formatInteger(r.committed_tokens)}</td>
      <td className="num strong">{formatInteger(r.issuable_units)}</td>
      <td>
        <StatusBadge status={r.status} />
      </td>
      <td className="small wrap">{r.reason}</td>
    </>
  );
}

/** A supplier's registrations, one row per instrument it declared capacity in. */
export function CapacityTable({ registrations }: { registrations: readonly SupplyRegistrationView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable
        caption="Declared capacity per instrument"
        columns={[{ label: 'Instrument' }, ...supplyFigureColumns]}
        className="units-table"
      >
        {registrations.map((r) => (
          <tr key={r.instrument_id} data-testid={`capacity-${r.symbol}`}>
            <th scope="row" className="mono strong">
              {r.symbol}
            </th>
            <SupplyFigures registration={r} />
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}

/** Why the Issue form is closed for an instrument, or how much it may still issue there. */
export function issueNote(registration: SupplyRegistrationView | undefined, symbol: string): InstrumentNote {
  if (!registration) {
    return {
      blocked: true,
      text: `Declare your capacity in ${symbol} first: you can issue once the operator approves it.`,
    };
  }
  const capacity = `${formatInteger(registration.tokens_per_second)} tokens/s`;
  switch (registration.status) {
    case 'pending':
      return {
        blocked: true,
        text: `Your ${capacity} in ${symbol} awaits the operator's approval: you can issue once it is approved.`,
      };
    case 'revoked':
      return {
        blocked: true,
        text: `The operator revoked your capacity in ${symbol} (${registration.reason}): declare it again to ask for a new review.`,
      };
    case 'approved':
      return {
        text: `Approved at ${capacity}: up to ${formatCount(registration.issuable_units, `more ${symbol} Unit`)}.`,
      };
  }
}

/** Whether `r` is still the registration of its instrument (unchanged by a review or declaration since). */
function sameRegistration(
  r: SupplyRegistrationView,
  registrations: readonly SupplyRegistrationView[],
): boolean {
  const now = registrations.find((other) => other.instrument_id === r.instrument_id);
  return now?.status === r.status && now.declared_at === r.declared_at && now.reviewed_at === r.reviewed_at;
}

/** What a declaration led to, in a sentence. */
function declaredText(r: SupplyRegistrationView): string {
  const declared = `Declared ${formatInteger(r.tokens_per_second)} tokens/s in ${r.symbol}`;
  if (r.status === 'pending') return `${declared}: sent to the operator for approval.`;
  return `${declared}: still approved, ${formatCount(r.issuable_units, 'Unit')} issuable.`;
}

/**
 * A supplier declares (or changes) the tokens per second it can deliver in an instrument. The form shows
 * the cap that capacity gives over one Lot lifetime, and the registration it would change.
 */
export function CapacityForm({
  participantId,
  registrations,
}: {
  participantId: string;
  registrations: readonly SupplyRegistrationView[];
}) {
  const client = useClient();
  const choice = useInstrumentChoice();
  const schedule = useSweepSchedule();
  const [rate, setRate] = useState('');
  const { errors, failure, done, busy, invalid, run } = useSubmission<
    'instrument_id' | 'tokens_per_second',
    { text: string; registration: SupplyRegistrationView }
  >(rejectionText);
  const noteId = useId();
  const current = registrations.find((r) => r.instrument_id === choice.instrumentId);
  const ttl = schedule.data?.lot_ttl_seconds;
  const typed = /^\d+$/.test(rate.trim()) ? Number(rate.trim()) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = rate.trim();
    if (!/^\d+$/.test(text)) {
      invalid({
        tokens_per_second: text
          ? 'tokens_per_second must be a whole number'
          : 'Enter the tokens per second you can deliver',
      });
      return;
    }
    const parsed = CapacityBody.safeParse({
      instrument_id: choice.instrumentId,
      tokens_per_second: Number(text),
    });
    if (!parsed.success) {
      invalid(fieldErrors(parsed.error));
      return;
    }
    await run(async (report) => {
      const registration = await client.call('supply.declare', {
        ...parsed.data,
        participant_id: participantId,
      });
      setRate('');
      report({ text: declaredText(registration), registration });
    });
  };

  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label="Declare capacity"
      aria-describedby={noteId}
    >
      <p className="muted small" id={noteId}>
        The sustained tokens per second you can serve. A new or higher capacity, or one declared after a
        revocation, waits for the operator&apos;s approval; a lower one keeps it. You may promise at most
        capacity × the Lot lifetime
        {ttl ? ` (${formatSeconds(ttl)})` : ''} at once: tokens sold and not yet delivered, plus Units issued
        and not yet sold.
      </p>
      <div className="form-pair">
        <InstrumentField choice={choice} error={errors.instrument_id} />
        <Field
          label="Tokens per second"
          error={errors.tokens_per_second}
          hint={
            typed && ttl
              ? `Cap ${formatInteger(typed * ttl)} tokens (${formatCount(Math.floor((typed * ttl) / TOKENS_PER_UNIT), 'Unit')})`
              : current
                ? `Now ${formatInteger(current.tokens_per_second)}, ${current.status}`
                : 'Not declared yet'
          }
        >
          <NumberInput value={rate} onValue={setRate} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Declare capacity
        </button>
      </div>
      <ErrorAlert>{failure}</ErrorAlert>
      {/* Only while it is still true: a review or another declaration since makes it stale. */}
      <Notice>{done && sameRegistration(done.registration, registrations) ? done.text : null}</Notice>
    </form>
  );
}

const issuanceColumns: CompactColumn[] = [
  { label: 'Sequence', numeric: true },
  { label: 'Issued at' },
  { label: 'Instrument' },
  { label: 'Units', numeric: true },
];

/** A supplier's issuances, newest first. */
export function IssuanceHistory({ issuances }: { issuances: readonly IssuanceView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable caption="Issuance history" columns={issuanceColumns}>
        {issuances.map((issuance) => (
          <tr key={issuance.sequence} data-testid="issuance">
            <td className="num mono">{issuance.sequence}</td>
            <td className="mono small">{formatTime(issuance.created_at)}</td>
            <td className="mono">{issuance.symbol}</td>
            <td className="num">{formatInteger(issuance.quantity)}</td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}
