import { useId, useMemo, useState } from 'react';
import type { Dispatch, FormEvent, SetStateAction } from 'react';
import type { BookView, InstrumentView, ParticipantView } from '../../../src-preload/contract';
import { Field, NumberInput } from '../../components/Field';
import { Toggle } from '../../components/Toggle';
import { Card, ErrorAlert, Notice } from '../../components/ui';
import { isNetworkFailure, rejectionText } from '../../lib/errors';
import { formatPrice } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient } from '../../stores/exchange';
import { placedOrderText, useAmendments } from './amendments';
import {
  atMarket,
  describeOrder,
  isStop,
  placementTone,
  postOnlyAllowed,
  previewOrder,
  quantityForShare,
  selfTradeModes,
  triggerText,
  validateDraft,
  withType,
} from './ticket';
import type { OrderPreview, SelfTradePrevention, TicketDraft, TicketField, TimeInForce } from './ticket';

function CostPreview({ preview, warn }: { preview: OrderPreview; warn: boolean }) {
  return (
    <div className="preview" aria-label="Cost preview" role="group" data-testid="cost-preview">
      {preview.prompt ? <p className="muted small">{preview.prompt}</p> : null}
      <dl className="preview-lines">
        {preview.lines.map((line) => (
          <div key={line.label} className={line.strong ? 'strong' : undefined}>
            <dt>{line.label}</dt>
            <dd className="num">{line.value}</dd>
          </div>
        ))}
      </dl>
      {(warn ? preview.warnings : []).map((warning) => (
        <p key={warning} className="preview-warning">
          {warning}
        </p>
      ))}
    </div>
  );
}

const shares = [
  { label: '25%', fraction: 0.25 },
  { label: '50%', fraction: 0.5 },
  { label: '75%', fraction: 0.75 },
  { label: 'Max', fraction: 1 },
] as const;

const sides = [
  { value: 'buy', label: 'Buy' },
  { value: 'sell', label: 'Sell' },
] as const;
const types = [
  { value: 'limit', label: 'Limit' },
  { value: 'market', label: 'Market' },
  { value: 'stop', label: 'Stop' },
  { value: 'stop_limit', label: 'Stop-limit' },
] as const;

/**
 * Order entry for one market, acting as `participant`. The draft lives with the desk (so a click on the
 * book can fill the price); validation, the cost preview and the outcome live here.
 */
export function OrderTicket({
  participant,
  instrument,
  book,
  draft,
  onDraft,
}: {
  participant: ParticipantView;
  instrument: InstrumentView;
  book: BookView | null;
  draft: TicketDraft;
  onDraft: Dispatch<SetStateAction<TicketDraft>>;
}) {
  const client = useClient();
  const {
    errors,
    failure,
    done: outcome,
    busy,
    invalid,
    run,
  } = useSubmission<TicketField, { text: string; tone: 'ok' | 'warn' }>((error) =>
    isNetworkFailure(error)
      ? `${rejectionText(error)}. The order may or may not have reached the exchange: check Open orders before sending it again.`
      : rejectionText(error),
  );
  const postOnlyId = useId();
  // The draft last sent: until the user changes it, the outcome describes it, and the preview's
  // warnings (which are about sending it again) would only contradict that outcome.
  const [sent, setSent] = useState<TicketDraft | null>(null);
  // The order the outcome is about: once the desk amends it, the message describes it as amended.
  const [placedId, setPlacedId] = useState<string | null>(null);
  const lastAmended = useAmendments((state) => state.last);
  const shown = placedOrderText(outcome, placedId, lastAmended, describeOrder);
  const preview = useMemo(
    () => previewOrder(draft, instrument, participant, book),
    [draft, instrument, participant, book],
  );
  // A suspended participant cannot trade (the banner above says why): no order to send.
  const suspended = participant.status === 'suspended';
  const update = (patch: Partial<TicketDraft>) => onDraft((current) => ({ ...current, ...patch }));
  const isMarket = atMarket(draft.type);
  const stop = isStop(draft.type);
  const trigger = stop ? triggerText(draft.side, draft.stopPrice) : null;
  const slippageNeeded = draft.type === 'stop' && draft.side === 'buy';
  const { tick_size } = instrument.trading_parameters;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = validateDraft(draft, instrument);
    if (!checked.ok) {
      invalid(checked.errors);
      return;
    }
    await run(async (report) => {
      const placed = await client.call('orders.place', {
        ...checked.body,
        participant_id: participant.participant_id,
      });
      setSent(draft);
      setPlacedId(placed.order.order_id);
      report({ text: describeOrder(placed.order), tone: placementTone(placed) });
    });
  };

  return (
    <Card
      title="Order ticket"
      className="ticket"
      actions={<span className="mono strong">{instrument.symbol}</span>}
    >
      <form className="form ticket-form" onSubmit={submit} noValidate aria-label="Order ticket">
        <div className="ticket-toggles">
          <Toggle
            label="Side"
            className="toggle-side"
            options={[...sides]}
            value={draft.side}
            onChange={(side) => update({ side })}
          />
          <Toggle
            label="Order type"
            className="toggle-type"
            options={[...types]}
            value={draft.type}
            onChange={(type) => onDraft((current) => withType(current, type))}
          />
        </div>
        <div className="form-pair">
          <Field label="Quantity" hint="1 Unit = 1M tokens" error={errors.quantity}>
            <NumberInput value={draft.quantity} onValue={(value) => update({ quantity: value })} />
          </Field>
          <Field
            label="Price"
            hint={
              isMarket
                ? stop
                  ? 'At market once triggered'
                  : 'Takes the book'
                : `USD/Unit, tick ${formatPrice(tick_size)}`
            }
            error={errors.price}
          >
            <NumberInput
              value={isMarket ? '' : draft.price}
              placeholder={isMarket ? 'At market' : '0.000'}
              disabled={isMarket}
              decimal
              onValue={(value) => update({ price: value })}
            />
          </Field>
        </div>
        {stop ? (
          <div className="form-pair">
            <Field
              label="Stop price"
              hint={`USD/Unit, tick ${formatPrice(tick_size)}`}
              error={errors.stop_price}
            >
              <NumberInput
                value={draft.stopPrice}
                placeholder="0.000"
                decimal
                onValue={(value) => update({ stopPrice: value })}
              />
            </Field>
            <p className="muted small ticket-trigger" data-testid="stop-trigger">
              {trigger ?? 'Waits off the book until the last trade price reaches the stop price.'}
            </p>
          </div>
        ) : null}
        <div className="share-buttons" role="group" aria-label="Quantity from balance">
          {shares.map(({ label, fraction }) => (
            <button
              key={label}
              type="button"
              className="btn btn-xs"
              title={
                draft.side === 'sell'
                  ? `${label} of your available ${instrument.symbol} Units`
                  : `As many Units as ${label} of your available USD buys at ${isMarket ? 'the best ask' : 'this price'}, fees included`
              }
              disabled={quantityForShare(fraction, draft, instrument, participant, book) === null}
              onClick={() => {
                const quantity = quantityForShare(fraction, draft, instrument, participant, book);
                if (quantity !== null) update({ quantity: String(quantity) });
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="form-pair">
          <Field label="Time in force" error={errors.time_in_force}>
            <select
              value={draft.timeInForce}
              onChange={(event) => update({ timeInForce: event.target.value as TimeInForce })}
            >
              <option value="gtc" disabled={isMarket}>
                GTC (rests)
              </option>
              <option value="ioc">IOC</option>
              <option value="fok">FOK</option>
            </select>
          </Field>
          <Field
            label="Max slippage (ticks)"
            hint={slippageNeeded ? 'Required: ticks above the stop price' : 'Optional'}
            error={errors.max_slippage_ticks}
          >
            <NumberInput
              value={draft.maxSlippage}
              placeholder="none"
              onValue={(value) => update({ maxSlippage: value })}
            />
          </Field>
        </div>
        <Field label="Self-trade prevention" error={errors.self_trade_prevention}>
          <select
            value={draft.selfTrade}
            onChange={(event) => update({ selfTrade: event.target.value as SelfTradePrevention })}
          >
            {selfTradeModes.map((mode) => (
              <option key={mode.value} value={mode.value}>
                {mode.label}
              </option>
            ))}
          </select>
        </Field>
        <div className="check">
          <input
            id={postOnlyId}
            type="checkbox"
            checked={draft.postOnly && postOnlyAllowed(draft)}
            disabled={!postOnlyAllowed(draft)}
            onChange={(event) => update({ postOnly: event.target.checked })}
          />
          <label htmlFor={postOnlyId}>Post-only</label>
          <span className="muted small">
            {postOnlyAllowed(draft) ? 'Rejected rather than take liquidity' : 'Limit GTC orders only'}
          </span>
        </div>
        {errors.post_only ? <div className="field-error">{errors.post_only}</div> : null}
        <CostPreview preview={preview} warn={draft !== sent} />
        {book?.halted ? (
          <p className="preview-warning">
            {instrument.symbol} is halted: the exchange refuses new orders until the operator resumes it.
          </p>
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            className={`btn btn-${draft.side}`}
            disabled={busy || suspended}
            title={
              suspended
                ? 'Suspended: the exchange refuses new orders until the operator resumes you'
                : undefined
            }
          >
            Place order
          </button>
          <span className="muted small ticket-summary">
            {draft.side === 'buy' ? 'Buy' : 'Sell'} {draft.quantity.trim() || '…'} {instrument.symbol}{' '}
            {isMarket ? 'at market' : `@ ${draft.price.trim() ? formatPrice(draft.price.trim()) : '…'}`}
            {stop ? `, stop ${draft.stopPrice.trim() ? formatPrice(draft.stopPrice.trim()) : '…'}` : ''}
          </span>
        </div>
        <ErrorAlert>{failure}</ErrorAlert>
        {draft === sent ? <Notice tone={shown?.tone}>{shown?.text}</Notice> : null}
        {errors.market_id || errors.side || errors.type ? (
          <ErrorAlert>{errors.market_id ?? errors.side ?? errors.type}</ErrorAlert>
        ) : null}
      </form>
    </Card>
  );
}
