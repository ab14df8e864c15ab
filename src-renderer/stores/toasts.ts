import { create } from 'zustand';

export type ToastTone = 'ok' | 'warn' | 'info';

export interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
}

/** How long a toast stays unless the pointer or focus rests on it. */
export const TOAST_MS = 8000;
/** Older toasts give way: a burst of actions never covers the screen. */
const MAX_TOASTS = 4;

interface ToastState {
  toasts: Toast[];
  push(text: string, tone?: ToastTone): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short-lived confirmations (a market halted, an order filled), shown in a corner and gone by themselves. */
export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  push(text, tone = 'ok') {
    const toast = { id: nextId++, text, tone };
    set((state) => ({ toasts: [...state.toasts, toast].slice(-MAX_TOASTS) }));
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
}));

export const toast = (text: string, tone?: ToastTone) => useToasts.getState().push(text, tone);
