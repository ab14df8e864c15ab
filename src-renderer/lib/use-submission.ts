import { useRef, useState } from 'react';
import type { z } from 'zod';
import { errorText } from './errors';
import { fieldErrors } from './forms';
import type { FieldErrors } from './forms';

/** Shows what an action achieved; called from inside the action, once it has succeeded. */
export type Report<Outcome> = (outcome: Outcome | null) => void;

export interface Submission<K extends string, Outcome> {
  /** Per-field messages from the last failed check. */
  errors: FieldErrors<K>;
  /** Why the last action failed. */
  failure: string | null;
  /** What the last action reported on success. */
  done: Outcome | null;
  /** True while an action runs. */
  busy: boolean;
  /** A check failed before anything was sent: show its messages in place of the last outcome. */
  invalid(errors: FieldErrors<K>): void;
  /**
   * Runs one action at a time (false at once while another runs): clears the last outcome and field
   * errors, marks the submission busy, and shows the action's failure (described by `describe`, or by
   * the hook's default) if it throws. Resolves to whether the action succeeded.
   */
  run(
    action: (report: Report<Outcome>) => Promise<void>,
    describe?: (error: unknown) => string,
  ): Promise<boolean>;
  /**
   * A form's submit: a failed check (`parsed`, a zod `safeParse` result) shows its messages (one per
   * field, by `toErrors`) and sends nothing; a passed one runs `action` with the checked data, as `run`.
   */
  submitParsed<T>(
    parsed: z.ZodSafeParseResult<T>,
    action: (data: T, report: Report<Outcome>) => Promise<void>,
    toErrors?: (error: z.ZodError) => FieldErrors<K>,
  ): Promise<boolean>;
}

/**
 * The pending / error / success state of a form or action that calls the exchange. `describe` turns a
 * thrown error into the text shown (the exchange's words by default).
 */
export function useSubmission<K extends string = never, Outcome = string>(
  describe: (error: unknown) => string = errorText,
): Submission<K, Outcome> {
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);

  const invalid = (found: FieldErrors<K>) => {
    setFailure(null);
    setDone(null);
    setErrors(found);
  };

  const run = async (
    action: (report: Report<Outcome>) => Promise<void>,
    describeFailure: (error: unknown) => string = describe,
  ): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setFailure(null);
    setDone(null);
    setErrors({});
    setBusy(true);
    try {
      await action(setDone);
      return true;
    } catch (error) {
      setFailure(describeFailure(error));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  const submitParsed = async <T>(
    parsed: z.ZodSafeParseResult<T>,
    action: (data: T, report: Report<Outcome>) => Promise<void>,
    toErrors: (error: z.ZodError) => FieldErrors<K> = fieldErrors<K>,
  ): Promise<boolean> => {
    if (!parsed.success) {
      invalid(toErrors(parsed.error));
      return false;
    }
    return run((report) => action(parsed.data, report));
  };

  return { errors, failure, done, busy, invalid, run, submitParsed };
}
