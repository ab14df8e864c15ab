/** Cell renderers and formatters shared by the desk's grids. */
import type { ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import {
  formatInteger,
  formatPrice,
  formatTime,
  formatTimeOfDay,
  formatUsd,
  isNegativeDecimal,
  orDash,
} from '../lib/format';
import { Badge, StatusBadge } from './ui';

export const numeric = { type: 'rightAligned', cellClass: 'num' } as const;

export function StatusCell({ value }: ICellRendererParams<unknown, string>) {
  return value ? <StatusBadge status={value} /> : null;
}

const orderTones = {
  open: 'accent',
  partially_filled: 'accent',
  filled: 'live',
  cancelled: 'neutral',
  expired: 'neutral',
  rejected: 'suspended',
  pending: 'preview',
  /** Not a status of its own: a cancelled order whose closure is the participant's suspension. */
  suspended: 'suspended',
} as const;
/** Statuses whose words are not just the status spelled out. */
const orderStatusWords: Partial<Record<keyof typeof orderTones, string>> = {
  pending: 'Waiting for trigger',
  suspended: 'cancelled, participant suspended',
};

/** An order's status, in words ("partially filled"; a pending stop: "Waiting for trigger"). */
export function OrderStatusCell({ value }: ICellRendererParams<unknown, keyof typeof orderTones>) {
  if (!value) return null;
  return (
    <Badge tone={orderTones[value] ?? 'neutral'}>{orderStatusWords[value] ?? value.replace(/_/g, ' ')}</Badge>
  );
}

/** A decimal USD amount, red when negative. */
export function MoneyCell({ value }: ICellRendererParams<unknown, string>) {
  if (value === null || value === undefined) return null;
  return <span className={isNegativeDecimal(value) ? 'neg' : undefined}>{formatUsd(value)}</span>;
}

/** Buy in green, sell in red. */
export function SideCell({ value }: ICellRendererParams<unknown, 'buy' | 'sell'>) {
  if (!value) return null;
  return <span className={`side side-${value}`}>{value}</span>;
}

export function dash<T>({ value }: ValueFormatterParams<T, string | number | null>) {
  return orDash(value);
}
export function usd<T>({ value }: ValueFormatterParams<T, string>) {
  return formatUsd(value);
}
export function price<T>({ value }: ValueFormatterParams<T, string | null>) {
  return formatPrice(value);
}
export function integer<T>({ value }: ValueFormatterParams<T, number | null>) {
  return formatInteger(value);
}
export function time<T>({ value }: ValueFormatterParams<T, string>) {
  return formatTime(value);
}
export function timeOfDay<T>({ value }: ValueFormatterParams<T, string>) {
  return formatTimeOfDay(value);
}
