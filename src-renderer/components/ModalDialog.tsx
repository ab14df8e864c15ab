import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A modal dialog, open from the start; unmounting takes it out of the top layer (no close(), whose event
 * would report a close the user did not ask for). Escape calls `onClose`.
 */
export function ModalDialog({
  labelledBy,
  onClose,
  children,
  className,
}: {
  labelledBy: string;
  onClose(): void;
  children: ReactNode;
  /** Extra classes, e.g. a wider dialog. */
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={labelledBy}
      onClose={onClose}
    >
      {children}
    </dialog>
  );
}
