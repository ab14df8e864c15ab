import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { IssueUnitsBody } from '../../../src-preload/contract';
import type { InstrumentView, ParticipantView } from '../../../src-preload/contract';
import { Field, NumberInput } from '../../components/Field';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatInteger } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { useSubmission } from '../../lib/use-submission';
import { useExchangeStore, useClient } from '../../stores/exchange';

type IssueField = 'instrument_id' | 'quantity';

/** A supplier issues Units of an instrument into its own inventory, to sell on that market. */
export function IssueUnitsForm({
  participant,
  instrument,
}: {
  participant: ParticipantView;
  /** The instrument of the market in view: the form follows it until another is chosen here. */
  instrument: InstrumentView;
}) {
  const client = useClient();
  const instruments = useExchangeStore((state) => state.instruments) ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('');
  const { errors, failure, done, busy, invalid, run } = useSubmission<IssueField>(rejectionText);
  const noteId = useId();
  const instrumentId = chosen ?? instrument.instrument_id;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = quantity.trim();
    if (!/^\d+$/.test(text)) {
      invalid({
        quantity: text ? 'quantity must be a whole number of Units' : 'Enter how many Units to issue',
      });
      return;
    }
    const parsed = IssueUnitsBody.safeParse({ instrument_id: instrumentId, quantity: Number(text) });
    if (!parsed.success) {
      invalid(fieldErrors(parsed.error));
      return;
    }
    await run(async (report) => {
      const updated = await client.call('units.issue', {
        ...parsed.data,
        participant_id: participant.participant_id,
      });
      const balance = updated.balances.units.find(
        (units) => units.instrument_id === parsed.data.instrument_id,
      );
      const symbol = balance?.symbol ?? instruments.find((i) => i.instrument_id === instrumentId)?.symbol;
      setQuantity('');
      report(
        `Issued ${formatInteger(parsed.data.quantity)} ${symbol} Units` +
          (balance ? `: ${formatInteger(balance.available)} available to sell.` : '.'),
      );
    });
  };

  return (
    <Card title="Issue Units" className="issue-card">
      <p className="muted small" id={noteId}>
        Issued Units go into your inventory (Trading account); sell them with the order ticket. Each Unit is
        1,000,000 tokens you must be able to serve.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Issue Units" aria-describedby={noteId}>
        <div className="form-pair">
          <Field label="Instrument" error={errors.instrument_id}>
            <select value={instrumentId} onChange={(event) => setChosen(event.target.value)}>
              {instruments.map((option) => (
                <option key={option.instrument_id} value={option.instrument_id}>
                  {option.symbol}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Units to issue" error={errors.quantity}>
            <NumberInput value={quantity} onValue={setQuantity} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Issue Units
          </button>
        </div>
        <ErrorAlert>{failure}</ErrorAlert>
        <Notice>{done}</Notice>
      </form>
    </Card>
  );
}
