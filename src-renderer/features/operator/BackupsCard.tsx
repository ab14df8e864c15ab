import type { BackupsView } from '../../../src-preload/contract-backups';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatInteger, formatMegabytes, formatTime } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient } from '../../stores/exchange';
import { useLive } from '../../stores/live';

/**
 * The operator's database backups: one now (online, the exchange keeps trading), and those kept in the
 * data folder with the schedule. Restoring is done on a stopped exchange: the command line, or the
 * desktop's connection screen (README).
 */
export function BackupsCard() {
  const client = useClient();
  const backups = useLive('backups', (c) => c.call('backups.list', {}));
  const { failure, done, busy, run } = useSubmission(rejectionText);
  const backUp = () =>
    run(async (report) => {
      const backup = await client.call('backups.create', {});
      backups.reload();
      report(
        `Backup written through sequence ${formatInteger(backup.sequence)} (${formatMegabytes(backup.bytes)}): ${backup.file}`,
      );
    });
  return (
    <Card title="Database backups" testId="backups-card">
      <p className="muted small">
        An online copy of the exchange database; trading continues while it is taken.
        {backups.data ? <Schedule view={backups.data} /> : null}
      </p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void backUp()} disabled={busy}>
          Back up now
        </button>
      </div>
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
      <ErrorAlert>{backups.error}</ErrorAlert>
      {backups.data === null ? (
        <p className="muted small">Loading backups…</p>
      ) : backups.data.backups.length === 0 ? (
        <p className="muted small">No backup yet.</p>
      ) : (
        <ul className="backups-list" aria-label="Backups, newest first">
          {backups.data.backups.map((backup) => (
            <li key={backup.file}>
              <span className="mono">{formatTime(backup.created_at)}</span>
              <span className="num">seq {formatInteger(backup.sequence)}</span>
              <span className="num">{formatMegabytes(backup.bytes)}</span>
              <code title={backup.path}>{backup.file}</code>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Schedule({ view }: { view: BackupsView }) {
  return (
    <>
      {' '}
      {view.interval_hours > 0
        ? `One is taken every ${view.interval_hours} h; the newest ${view.keep} are kept`
        : `None is taken on a schedule; the newest ${view.keep} are kept`}{' '}
      in <code>{view.directory}</code>.
    </>
  );
}
