import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { TransferBody } from '../../../src-preload/contract-lifecycle';
import { Field, NumberInput } from '../../components/Field';
import { ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { fieldErrors } from '../../lib/forms';
import { useSubmission } from '../../lib/use-submission';
import { useExchangeStore } from '../../stores/exchange';

type UnitsField = 'instrument_id' | 'quantity';

export interface UnitsRequest {
  instrument_id: string;
  quantity: number;
  symbol: string;
}

/**
 * A form that moves a whole number (≥ 1) of one instrument's Units: an instrument, a quantity, one
 * button. Checked against the contract's TransferBody before anything is sent; `send` does the call and
 * returns what to report on success.
 */
export function UnitsForm({
  name,
  quantityLabel,
  submitLabel,
  note,
  defaultInstrument,
  send,
}: {
  /** The form's accessible name. */
  name: string;
  quantityLabel: string;
  submitLabel: string;
  note: ReactNode;
  defaultInstrument?: string | undefined;
  send(request: UnitsRequest): Promise<string>;
}) {
  const instruments = useExchangeStore((state) => state.instruments) ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('');
  const { errors, failure, done, busy, invalid, run } = useSubmission<UnitsField>(rejectionText);
  const noteId = useId();
  const instrumentId =
    chosen ??
    (instruments.some((i) => i.instrument_id === defaultInstrument) ? defaultInstrument : undefined) ??
    instruments.find((i) => i.is_default)?.instrument_id ??
    instruments[0]?.instrument_id ??
    '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = quantity.trim();
    if (!/^\d+$/.test(text) || Number(text) < 1) {
      invalid({
        quantity: !text
          ? 'Enter how many Units'
          : /^\d+$/.test(text)
            ? 'quantity must be at least 1 Unit'
            : 'quantity must be a whole number of Units',
      });
      return;
    }
    const parsed = TransferBody.safeParse({ instrument_id: instrumentId, quantity: Number(text) });
    if (!parsed.success) {
      invalid(fieldErrors(parsed.error));
      return;
    }
    const symbol = instruments.find((i) => i.instrument_id === instrumentId)?.symbol ?? instrumentId;
    await run(async (report) => {
      const outcome = await send({ ...parsed.data, symbol });
      setQuantity('');
      report(outcome);
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={name} aria-describedby={noteId}>
      <p className="muted small" id={noteId}>
        {note}
      </p>
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
        <Field label={quantityLabel} error={errors.quantity}>
          <NumberInput value={quantity} onValue={setQuantity} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
    </form>
  );
}
