import { useEffect, useState } from 'react';
import { formatTime } from '../lib/format';

/** The current time, updated every second while the component is mounted. */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), periodMs);
    return () => window.clearInterval(timer);
  }, [periodMs]);
  return now;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Milliseconds left as "3h 59m 58s", "4m 05s", "12s"; "expired" at or after zero. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${hours}h ${pad(minutes)}m`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/**
 * A live countdown to `to` (an ISO time), ticking every second on the client; the exact time is in the
 * tooltip. Shows "expired" once it has passed (the exchange's expiry job removes what is left).
 */
export function Countdown({ to, testId }: { to: string; testId?: string }) {
  const now = useNow();
  const left = new Date(to).getTime() - now;
  const soon = left > 0 && left < 5 * 60_000;
  return (
    <time
      dateTime={to}
      title={`Expires ${formatTime(to)}`}
      className={`countdown mono${left <= 0 ? ' countdown-over' : soon ? ' countdown-soon' : ''}`}
      data-testid={testId}
    >
      {formatCountdown(left)}
    </time>
  );
}
