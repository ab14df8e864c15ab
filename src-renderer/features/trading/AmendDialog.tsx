import { useState } from 'react';
import type { FormEvent } from 'react';
import { AmendOrderBody } from '../../../src-preload/contract';
import type { OrderView, PlaceOrderResult } from '../../../src-preload/contract';
import { Field, NumberInput } from '../../components/Field';
import { ModalDialog } from '../../components/ModalDialog';
import { ErrorAlert } from '../../components/ui';
import { rejectionText } from '../../lib/errors';
import { formatInteger, formatPrice } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { useSubmission } from '../../lib/use-submission';
import { toMicros } from '../../lib/money';
import { useClient } from '../../stores/exchange';

type AmendField = 'price' | 'quantity' | '';

/**
 * A modal to amend one open order: a new price and/or a new total quantity. Only what changed is sent.
 * A smaller quantity keeps the order's place in the queue; a new price or a larger quantity re-queues it.
 */
export function AmendDialog({
  order,
  participantId,
  onClose,
  onAmended,
}: {
  order: OrderView;
  participantId: string;
  onClose(): void;
  onAmended(result: PlaceOrderResult): void;
}) {
  const client = useClient();
  const [price, setPrice] = useState(order.price ?? '');
  const [quantity, setQuantity] = useState(String(order.quantity));
  const { errors, failure, busy, invalid, run } = useSubmission<AmendField>(rejectionText);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const newPrice = price.trim();
    const newQuantity = quantity.trim();
    if (newQuantity !== '' && !/^\d+$/.test(newQuantity)) {
      invalid({ quantity: 'quantity must be a whole number of Units' });
      return;
    }
    const changes = {
      ...(newPrice !== '' && toMicros(newPrice) !== toMicros(order.price) && { price: newPrice }),
      ...(newQuantity !== '' && Number(newQuantity) !== order.quantity && { quantity: Number(newQuantity) }),
    };
    const parsed = AmendOrderBody.safeParse(changes);
    if (!parsed.success) {
      invalid(fieldErrors<AmendField>(parsed.error));
      return;
    }
    await run(async () => {
      const result = await client.call('orders.amend', {
        ...parsed.data,
        participant_id: participantId,
        order_id: order.order_id,
      });
      onAmended(result);
    });
  };

  const filled = order.filled_quantity;
  return (
    <ModalDialog labelledBy="amend-heading" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <h3 id="amend-heading">Amend order</h3>
        <p className="muted">
          {order.side === 'buy' ? 'Buy' : 'Sell'} {order.symbol}: {formatInteger(order.remaining_quantity)} of{' '}
          {formatInteger(order.quantity)} open @ {formatPrice(order.price)}
          {filled > 0 ? `, ${formatInteger(filled)} filled` : ''}.
        </p>
        <Field label="New price" hint="USD per Unit; a new price re-queues the order" error={errors.price}>
          <NumberInput value={price} decimal onValue={setPrice} />
        </Field>
        <Field
          label="New quantity"
          hint={`Total Units${filled > 0 ? `, including the ${formatInteger(filled)} filled (must be more)` : ''}; less keeps the queue place, more re-queues`}
          error={errors.quantity}
        >
          <NumberInput value={quantity} onValue={setQuantity} />
        </Field>
        <ErrorAlert>{errors[''] ?? failure}</ErrorAlert>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Apply amendment
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
