import type { InstrumentView, ParticipantView } from '../../../src-preload/contract';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient } from '../../stores/exchange';
import { usePreferences } from '../../stores/preferences';
import { useIssuanceAccounts } from '../lifecycle/queries';

/**
 * On a supplier's desk: the Units of the market's instrument waiting in its Issuance account, with a
 * button that moves them all to trading to sell them. Capacity and issuance live in the Inventory tab.
 */
export function IssuanceCard({
  participant,
  instrument,
}: {
  participant: ParticipantView;
  instrument: InstrumentView;
}) {
  const client = useClient();
  const setSection = usePreferences((state) => state.setParticipantSection);
  const accounts = useIssuanceAccounts(participant.participant_id);
  const { failure, done, busy, run } = useSubmission(rejectionText);
  const { instrument_id, symbol } = instrument;
  const held = accounts.data?.find((account) => account.instrument_id === instrument_id)?.units ?? 0;
  const units = formatCount(held, `${symbol} Unit`);

  const moveAll = () =>
    run(async (report) => {
      await client.call('issuance.toTrading', {
        participant_id: participant.participant_id,
        instrument_id,
        quantity: held,
      });
      report(`Moved ${units} to trading.`);
    });

  return (
    <Card
      title="Issuance"
      className="issue-card"
      testId="issuance-card"
      actions={
        <button type="button" className="btn btn-xs" onClick={() => setSection('inventory')}>
          Open Inventory
        </button>
      }
    >
      <div className="issue-line">
        <p className="small">
          {held > 0
            ? `${units} in your Issuance account.`
            : `No ${symbol} Units waiting: get an endpoint admitted (Delivery), then issue them in Inventory.`}
        </p>
        {held > 0 ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void moveAll()}>
            Move to trading
          </button>
        ) : null}
      </div>
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
    </Card>
  );
}
