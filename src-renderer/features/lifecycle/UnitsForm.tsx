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
 * The instrument a form acts on: the one chosen in it, else `preferred` when the exchange lists it, else
 * the default instrument.
 */
export function useInstrumentChoice(preferred?: string) {
  const instruments = useExchangeStore((state) => state.instruments) ?? [];
  const [chosen, choose] = useState<string | null>(null);
  const instrumentId =
    chosen ??
    (instruments.some((i) => i.instrument_id === preferred) ? preferred : undefined) ??
    instruments.find((i) => i.is_default)?.instrument_id ??
    instruments[0]?.instrument_id ??
    '';
  const symbol = instruments.find((i) => i.instrument_id === instrumentId)?.symbol ?? instrumentId;
  return { instruments, instrumentId, symbol, choose };
}

/** The Instrument field of a form, its choice held by `useInstrumentChoice`. */
export function InstrumentField({
  choice,
  error,
}: {
  choice: ReturnType<typeof useInstrumentChoice>;
  error?: string | undefined;
}) {
  return (
    <Field label="Instrument" error={error}>
      <select value={choice.instrumentId} onChange={(event) => choice.choose(event.target.value)}>
        {choice.instruments.map((option) => (
          <option key={option.instrument_id} value={option.instrument_id}>
            {option.symbol}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** What a form can say about the chosen instrument before it is sent; `blocked` disables the form. */
export interface InstrumentNote {
  text: ReactNode;
  blocked?: boolean;
}

/**
 * A form that moves a whole number (≥ 1) of one instrument's Units: an instrument, a quantity, one
 * button. Checked against the contract's TransferBody before anything is sent; `send` does the call and
 * returns what to report on success. `explain` may say more about the chosen instrument, or block it.
 */
export function UnitsForm({
  name,
  quantityLabel,
  submitLabel,
  note,
  defaultInstrument,
  explain,
  send,
}: {
  /** The form's accessible name. */
  name: string;
  quantityLabel: string;
  submitLabel: string;
  note: ReactNode;
  defaultInstrument?: string | undefined;
  explain?(instrumentId: string, symbol: string): InstrumentNote | null;
  send(request: UnitsRequest): Promise<string>;
}) {
  const choice = useInstrumentChoice(defaultInstrument);
  const { instrumentId, symbol } = choice;
  const [quantity, setQuantity] = useState('');
  const { errors, failure, done, busy, invalid, run } = useSubmission<UnitsField>(rejectionText);
  const noteId = useId();
  const explainId = useId();
  const explained = explain?.(instrumentId, symbol) ?? null;

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
    await run(async (report) => {
      const outcome = await send({ ...parsed.data, symbol });
      setQuantity('');
      report(outcome);
    });
  };

  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={name}
      aria-describedby={explained ? `${noteId} ${explainId}` : noteId}
    >
      <p className="muted small" id={noteId}>
        {note}
      </p>
      <div className="form-pair">
        <InstrumentField choice={choice} error={errors.instrument_id} />
        <Field label={quantityLabel} error={errors.quantity}>
          <NumberInput value={quantity} onValue={setQuantity} />
        </Field>
      </div>
      {explained ? (
        <p
          className={explained.blocked ? 'alert alert-warn small' : 'muted small'}
          id={explainId}
          data-testid="units-form-note"
        >
          {explained.text}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || explained?.blocked}>
          {submitLabel}
        </button>
      </div>
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
    </form>
  );
}
