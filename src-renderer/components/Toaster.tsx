import { useEffect, useRef } from 'react';
import { TOAST_MS, useToasts } from '../stores/toasts';
import type { Toast } from '../stores/toasts';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToasts((state) => state.dismiss);
  const timer = useRef<number | null>(null);
  const start = () => {
    timer.current = window.setTimeout(() => dismiss(toast.id), TOAST_MS);
  };
  const hold = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };
  useEffect(() => {
    start();
    return hold;
    // Started once per toast; hover and focus pause and restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div
      className={`toast toast-${toast.tone}`}
      onMouseEnter={hold}
      onMouseLeave={start}
      onFocus={hold}
      onBlur={start}
    >
      <span className="toast-text" role="status">
        {toast.text}
      </span>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

/** The corner where toasts appear, newest at the bottom. */
export function Toaster() {
  const toasts = useToasts((state) => state.toasts);
  return (
    <div className="toaster" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
