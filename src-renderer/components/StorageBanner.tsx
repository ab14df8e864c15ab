import { formatClock } from '../lib/format';
import { useExchangeStore } from '../stores/exchange';

/**
 * Across every workspace, once a commit has failed: the exchange refuses every command and shows the
 * state at its last durable sequence until it is restarted (system.info's `storage_failure`, pushed by
 * one last `exchange.committed` when it happens).
 */
export function StorageBanner() {
  const failure = useExchangeStore((state) => state.info?.storage_failure ?? null);
  if (!failure) return null;
  return (
    <div className="alert alert-error storage-banner" role="alert" data-testid="storage-banner">
      <strong>Storage failure: the exchange stopped taking commands</strong> at{' '}
      {formatClock(new Date(failure.at))}. Everything shown is as stored at sequence{' '}
      {failure.durable_sequence}; nothing after it was acknowledged. Cause: {failure.message}. Free disk space
      or fix the data folder, then restart the exchange.
    </div>
  );
}
