import { useState } from 'react';
import type { BackupCandidateView, RestoredView, ShellBridge } from '../../src-preload/shell';
import { ErrorAlert, Notice } from '../components/ui';
import { formatInteger, formatMegabytes, formatTime } from '../lib/format';

type Step =
  | { kind: 'idle' }
  | { kind: 'confirm'; candidate: BackupCandidateView }
  | { kind: 'restored'; restored: RestoredView };

/**
 * "Restore from a backup…" on the desktop's connection screen: the shell's file dialog, then what the
 * backup holds (checked by the shell before anything changes) and what it replaces, then a confirmed
 * restore after which the embedded exchange runs on the backup. A refused file changes nothing.
 */
export function RestoreBackup({
  shell,
  disabled,
  onStep,
}: {
  shell: ShellBridge;
  disabled: boolean;
  /** Told when the restore takes over the screen (a backup to confirm, or restored) and when it gives it back. */
  onStep(active: boolean): void;
}) {
  const [step, setStepState] = useState<Step>({ kind: 'idle' });
  const [busy, setBusy] = useState<'checking' | 'restoring' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const setStep = (next: Step) => {
    setStepState(next);
    onStep(next.kind !== 'idle');
  };

  const pick = async () => {
    setBusy('checking');
    setError(null);
    const reply = await shell.request({ kind: 'pick-backup' });
    setBusy(null);
    if (!reply.ok) return setError(`This backup was refused and nothing was changed: ${reply.error.detail}`);
    if (reply.result) setStep({ kind: 'confirm', candidate: reply.result });
  };
  const restore = async (candidate: BackupCandidateView) => {
    setBusy('restoring');
    setError(null);
    const reply = await shell.request({ kind: 'restore-backup', id: candidate.id });
    setBusy(null);
    if (!reply.ok) {
      setStep({ kind: 'idle' });
      // A refusal (4xx) changed nothing; past that the shell's detail says what did happen.
      const { status, detail } = reply.error;
      return setError(status < 500 ? `The restore was refused and nothing was changed: ${detail}` : detail);
    }
    setStep({ kind: 'restored', restored: reply.result });
  };

  if (step.kind === 'restored') {
    const { restored } = step;
    return (
      <section className="picker-add" aria-label="Backup restored">
        <h2>Backup restored</h2>
        <Notice>
          The embedded exchange now runs on the backup: {formatInteger(restored.commands)} commands verified,
          through sequence {formatInteger(restored.sequence)}.
          {restored.kept_in ? (
            <>
              {' '}
              The data it replaced is kept in <code>{restored.kept_in}</code>.
            </>
          ) : null}
        </Notice>
        {/* The page starts over on the exchange main just opened, as after choosing a connection. */}
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          Open the restored exchange
        </button>
      </section>
    );
  }

  if (step.kind === 'confirm') {
    const { candidate } = step;
    return (
      <section className="picker-add" aria-label="Restore this backup?" aria-busy={busy !== null}>
        <h2>Restore this backup?</h2>
        <dl className="facts">
          <dt>File</dt>
          <dd>
            <code title={candidate.path}>{candidate.file}</code>
          </dd>
          <dt>Holds</dt>
          <dd>
            {formatInteger(candidate.commands)} commands, through sequence {formatInteger(candidate.sequence)}{' '}
            (verified)
          </dd>
          <dt>Time</dt>
          <dd>
            {candidate.last_command_at
              ? `${formatTime(candidate.last_command_at)}, its last command`
              : 'no command yet'}
          </dd>
          <dt>Size</dt>
          <dd>{formatMegabytes(candidate.bytes)}</dd>
        </dl>
        <p className="field-hint">
          It replaces the data of the embedded exchange (not the sandbox) in <code>{candidate.data_dir}</code>
          {candidate.current
            ? `, which now holds ${
                candidate.current.sequence === null
                  ? 'an exchange'
                  : `commands through sequence ${formatInteger(candidate.current.sequence)}`
              }. That data is not deleted: it is moved to a replaced-<time> folder there.`
            : ', which holds no exchange yet.'}{' '}
          The exchange is stopped for the restore and starts again on the backup.
        </p>
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy !== null}
            onClick={() => void restore(candidate)}
          >
            {busy === 'restoring' ? 'Restoring…' : 'Replace and restore'}
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={() => setStep({ kind: 'idle' })}
          >
            Cancel
          </button>
        </div>
        <ErrorAlert>{error}</ErrorAlert>
      </section>
    );
  }

  return (
    <>
      <button
        type="button"
        className="picker-option"
        disabled={disabled || busy !== null}
        onClick={() => void pick()}
      >
        <strong>{busy === 'checking' ? 'Checking the backup…' : 'Restore from a backup…'}</strong>
        <span>
          Put a backup file in place of the embedded exchange’s data, after checking it. The current data is
          kept aside.
        </span>
      </button>
      <ErrorAlert>{error}</ErrorAlert>
    </>
  );
}
