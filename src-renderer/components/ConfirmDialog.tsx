import { useId } from 'react';
import type { ReactNode } from 'react';
import { ModalDialog } from './ModalDialog';

/**
 * Asks before an action that is hard to take back (halting a market, running a sweep). Cancel has the
 * focus, so Enter or Escape does nothing harmful; the action's own button says what it does.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const headingId = useId();
  return (
    <ModalDialog labelledBy={headingId} onClose={onCancel}>
      <div className="form">
        <h3 id={headingId}>{title}</h3>
        <div className="small">{children}</div>
        <div className="form-actions">
          <button type="button" className="btn" autoFocus onClick={onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
