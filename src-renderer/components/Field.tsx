import { useId } from 'react';
import type { ComponentProps, ReactElement, ReactNode } from 'react';
import { cloneElement } from 'react';

interface ControlProps {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/**
 * A labelled form control with its hint and validation error. The label is tied to the control by id and
 * holds only its text, so the control's accessible name is exactly the label (a <select> inside a <label>
 * would add its options' text to the label's); the error is linked with aria-describedby.
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactElement<ControlProps>;
}) {
  const id = useId();
  const controlId = `${id}-control`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="field-main">
        <label className="field-label" htmlFor={controlId}>
          {label}
        </label>
        {cloneElement(children, {
          id: controlId,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': describedBy,
        })}
      </div>
      {hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={errorId}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

type TextInputProps = Omit<ComponentProps<'input'>, 'onChange'> & { onValue(value: string): void };

/** A text box for a form field that reports its text as it changes; browsers do not autofill it. */
export function TextInput({ onValue, ...props }: TextInputProps) {
  return <input autoComplete="off" {...props} onChange={(event) => onValue(event.target.value)} />;
}

/** A text box for a number typed as text (checked on submit): a numeric keyboard and no spell-check. */
export function NumberInput({ decimal, ...props }: TextInputProps & { decimal?: boolean }) {
  return <TextInput inputMode={decimal ? 'decimal' : 'numeric'} spellCheck={false} {...props} />;
}
