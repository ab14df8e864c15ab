import { useState } from 'react';
import type { FormEvent } from 'react';
import { ReviewBody } from '../../../src-preload/contract-supply';
import type { SupplyRegistrationView } from '../../../src-preload/contract-supply';
import { CompactTable } from '../../components/CompactTable';
import { Field, TextInput } from '../../components/Field';
import { ModalDialog } from '../../components/ModalDialog';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatInteger, formatTime } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { useSupplyRegistrations } from '../lifecycle/queries';
import { SupplyFigures, supplyFigureColumns } from '../lifecycle/Supply';

/** A review the operator is about to make: approve or revoke one registration. */
interface Review {
  registration: SupplyRegistrationView;
  approved: boolean;
}

const columns = [
  { label: 'Supplier' },
  { label: 'Instrument' },
  ...supplyFigureColumns,
  { label: 'Reviewed' },
  { label: 'Actions' },
];

/** The button class of an approval, or of a revocation. */
const reviewLook = (approved: boolean) => (approved ? 'btn-primary' : 'btn-danger');

/** Pending registrations first, then the exchange's order (supplier, instrument). */
const pendingFirst = (registrations: readonly SupplyRegistrationView[]) =>
  [...registrations].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));

/**
 * The operator's Supply tab: every supplier's declared capacity per instrument, what it has committed and
 * may still issue, and the review of it. Approving admits the capacity (the supplier may issue up to its
 * cap); revoking stops further issuance. Either asks for a reason, which the supplier sees.
 */
export function SupplySection() {
  const registrations = useSupplyRegistrations(null);
  const participants = useExchangeStore((state) => state.participants);
  const [review, setReview] = useState<Review | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const nameOf = (id: string) => participants?.find((p) => p.participant_id === id)?.name ?? id;
  const pending = registrations.data?.filter((r) => r.status === 'pending').length ?? 0;

  return (
    <section className="section supply-section" aria-labelledby="supply-heading">
      <div className="section-header">
        <h2 id="supply-heading">Supply</h2>
        <p className="section-sub">
          Suppliers declare the tokens per second they can deliver in each instrument; they may issue Units
          only once you approve it, and never more than capacity × the Lot lifetime outstanding.
        </p>
      </div>
      <Card
        title="Supply registrations"
        region
        actions={pending ? <span className="muted small">{pending} awaiting review</span> : null}
      >
        <ErrorAlert>{registrations.error}</ErrorAlert>
        <Notice>{done}</Notice>
        {registrations.data === null ? (
          <p className="muted">Loading registrations…</p>
        ) : registrations.data.length === 0 ? (
          <p className="muted">No supplier has declared capacity yet.</p>
        ) : (
          <div className="table-wrap">
            <CompactTable caption="Supply registrations" columns={columns} className="supply-table">
              {pendingFirst(registrations.data).map((r) => (
                <tr
                  key={`${r.participant_id}/${r.instrument_id}`}
                  data-testid={`supply-${r.participant_name}-${r.symbol}`}
                >
                  <td className="strong">{r.participant_name}</td>
                  <td className="mono">{r.symbol}</td>
                  <SupplyFigures registration={r} />
                  <td className="small">
                    {r.reviewed_at ? (
                      <>
                        {nameOf(r.reviewed_by ?? '')}
                        <div className="muted mono">{formatTime(r.reviewed_at)}</div>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      {([true, false] as const)
                        .filter((approved) => r.status !== (approved ? 'approved' : 'revoked'))
                        .map((approved) => (
                          <button
                            key={String(approved)}
                            type="button"
                            className={`btn btn-xs ${reviewLook(approved)}`}
                            onClick={() => setReview({ registration: r, approved })}
                          >
                            {approved ? 'Approve' : 'Revoke'}
                          </button>
                        ))}
                    </div>
                  </td>
                </tr>
              ))}
            </CompactTable>
          </div>
        )}
      </Card>
      {review ? (
        <ReviewDialog
          review={review}
          onClose={() => setReview(null)}
          onReviewed={(text) => {
            setReview(null);
            setDone(text);
          }}
        />
      ) : null}
    </section>
  );
}

/** Asks for the reason of an approval or revocation, then sends it. */
function ReviewDialog({
  review,
  onClose,
  onReviewed,
}: {
  review: Review;
  onClose(): void;
  onReviewed(text: string): void;
}) {
  const client = useClient();
  const [reason, setReason] = useState('');
  const { errors, failure, busy, invalid, run } = useSubmission<'reason' | 'approved'>(rejectionText);
  const { registration: r, approved } = review;
  const verb = approved ? 'Approve' : 'Revoke';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // What the operator saw: if the supplier declared another capacity meanwhile, the exchange refuses.
    const parsed = ReviewBody.safeParse({ approved, reason, tokens_per_second: r.tokens_per_second });
    if (!parsed.success) {
      invalid(fieldErrors(parsed.error));
      return;
    }
    await run(async () => {
      const updated = await client.call('supply.review', {
        ...parsed.data,
        participant_id: r.participant_id,
        instrument_id: r.instrument_id,
      });
      onReviewed(
        `${updated.participant_name} ${updated.symbol}: ${updated.status}` +
          (updated.status === 'approved'
            ? `, ${formatInteger(updated.issuable_units)} Units issuable.`
            : '.'),
      );
    });
  };

  return (
    <ModalDialog labelledBy="review-heading" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <h3 id="review-heading">{verb} supply</h3>
        <p className="muted">
          {r.participant_name} declared {formatInteger(r.tokens_per_second)} tokens/s in {r.symbol}: a cap of{' '}
          {formatInteger(r.cap_tokens)} tokens.{' '}
          {approved
            ? 'Approving lets it issue Units up to that cap.'
            : 'Revoking stops further issuance; Units already issued stay.'}
        </p>
        <Field label="Reason" hint="The supplier sees it beside its capacity" error={errors.reason}>
          <TextInput value={reason} maxLength={500} onValue={setReason} />
        </Field>
        <ErrorAlert>{failure}</ErrorAlert>
        <div className="form-actions">
          <button type="submit" className={`btn ${reviewLook(approved)}`} disabled={busy}>
            {verb}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
