import { useState } from 'react';
import type { FormEvent } from 'react';
import { UsdAdjustmentBody } from '../../../src-preload/contract';
import type { ParticipantView } from '../../../src-preload/contract';
import { BalanceCards } from '../../components/BalanceCards';
import { UnitBalances } from '../../components/UnitBalances';
import { Field, NumberInput, TextInput } from '../../components/Field';
import { Card, ErrorAlert, Notice, StatusBadge } from '../../components/ui';
import { errorText, isNetworkFailure } from '../../lib/errors';
import { formatUsd, isNegativeDecimal } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { ApiKeysPanel } from '../api-keys/ApiKeysPanel';
import { ParticipantDrillDown } from './ParticipantDrillDown';

export function SelectedParticipant({ participant }: { participant: ParticipantView | null }) {
  if (!participant) {
    return (
      <Card title="Selected participant">
        <p className="muted">
          Select a participant in the table to adjust its USD balance, suspend it or manage its API keys.
        </p>
      </Card>
    );
  }
  // Keyed so forms and messages start fresh for each participant.
  return (
    <>
      <ParticipantActions key={participant.participant_id} participant={participant} />
      <ApiKeysPanel key={`keys-${participant.participant_id}`} participant={participant} mode="operator" />
    </>
  );
}

function ParticipantActions({ participant }: { participant: ParticipantView }) {
  const client = useClient();
  const refresh = useExchangeStore((state) => state.refresh);
  const { failure, done, busy, run } = useSubmission();
  const suspended = participant.status === 'suspended';
  const [drilling, setDrilling] = useState(false);

  const setStatus = (action: 'suspend' | 'resume') =>
    run(async (report) => {
      const updated = await client.call(
        action === 'suspend' ? 'participants.suspend' : 'participants.resume',
        { participant_id: participant.participant_id },
      );
      report(`${updated.name} is now ${updated.status}.`);
      await refresh();
    });

  return (
    <Card
      title={
        <>
          {participant.name} <StatusBadge status={participant.status} />
        </>
      }
      className="selected-participant"
      actions={
        <button type="button" className="btn btn-xs" onClick={() => setDrilling(true)}>
          Orders, fills, Lots, keys, audit…
        </button>
      }
    >
      {drilling ? (
        <ParticipantDrillDown participant={participant} onClose={() => setDrilling(false)} />
      ) : null}
      <dl className="facts">
        <dt>Role</dt>
        <dd>{participant.role}</dd>
        <dt>ID</dt>
        <dd className="mono">{participant.participant_id}</dd>
      </dl>
      <BalanceCards usd={participant.balances.usd} compact />
      <UnitBalances units={participant.balances.units} emptyText="No Units held." />
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-danger"
          disabled={suspended || busy}
          onClick={() => void setStatus('suspend')}
        >
          Suspend
        </button>
        <button
          type="button"
          className="btn"
          disabled={!suspended || busy}
          onClick={() => void setStatus('resume')}
        >
          Resume
        </button>
      </div>
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
      <hr className="divider" />
      <AdjustmentForm participant={participant} />
    </Card>
  );
}

type AdjustmentField = 'amount' | 'reason' | 'idempotency_key';

/** A pending attempt whose outcome is unknown (the connection failed): retried with the same key. */
interface UnsettledAttempt {
  key: string;
  amount: string;
  reason: string;
}

function AdjustmentForm({ participant }: { participant: ParticipantView }) {
  const client = useClient();
  const refresh = useExchangeStore((state) => state.refresh);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const { errors, failure, done, busy, invalid, run } = useSubmission<AdjustmentField>();
  const [unsettled, setUnsettled] = useState<UnsettledAttempt | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const attempt = { amount: amount.trim(), reason };
    // Same values as an attempt that may or may not have landed: reuse its key so it applies at most once.
    const key =
      unsettled && unsettled.amount === attempt.amount && unsettled.reason === attempt.reason
        ? unsettled.key
        : crypto.randomUUID();
    const parsed = UsdAdjustmentBody.safeParse({ ...attempt, idempotency_key: key });
    if (!parsed.success) {
      invalid(fieldErrors(parsed.error));
      return;
    }
    await run(
      async (report) => {
        const result = await client.call('participants.adjustUsd', {
          ...parsed.data,
          participant_id: participant.participant_id,
        });
        setUnsettled(null);
        setAmount('');
        setReason('');
        const verb = isNegativeDecimal(result.amount) ? 'Debited' : 'Deposited';
        const magnitude = formatUsd(result.amount.replace(/^-/, ''));
        report(`${verb} ${magnitude}. USD balance is now ${formatUsd(result.balance_after)}.`);
        await refresh();
      },
      (error) => {
        if (isNetworkFailure(error)) {
          setUnsettled({ key, ...attempt });
          return `${errorText(error)}. The adjustment may not have been applied: apply it again to retry safely (same idempotency key).`;
        }
        setUnsettled(null);
        return errorText(error);
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="USD adjustment">
      <h4 className="form-title">USD adjustment</h4>
      <Field
        label="Amount"
        hint="USD; positive deposits, negative debits (e.g. 100.00 or -25.50)"
        error={errors.amount}
      >
        <NumberInput value={amount} decimal onValue={setAmount} />
      </Field>
      <Field label="Reason" error={errors.reason}>
        <TextInput value={reason} maxLength={200} onValue={setReason} />
      </Field>
      {errors.idempotency_key ? <ErrorAlert>{errors.idempotency_key}</ErrorAlert> : null}
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Apply adjustment
        </button>
        {unsettled ? (
          <span className="muted mono small" title="Idempotency key kept for the retry">
            key {unsettled.key.slice(0, 8)}…
          </span>
        ) : null}
      </div>
    </form>
  );
}
