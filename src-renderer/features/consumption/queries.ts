/** The Consumption API's data in view: keys, endpoints and call records, each following the exchange. */
import { useState } from 'react';
import type {
  CallView,
  ConsumptionKeyView,
  ModelEndpointView,
  UsagePage,
} from '../../../src-preload/contract-consumption';
import { errorText } from '../../lib/errors';
import { useClient } from '../../stores/exchange';
import { useLive } from '../../stores/live';
import type { Live } from '../../stores/live';
import { mergeCalls } from './usage-data';

/** Calls per page of the usage blotter. */
export const USAGE_PAGE = 100;

export function useConsumptionKeys(participantId: string): Live<ConsumptionKeyView[]> {
  return useLive(`consumption-keys:${participantId}`, (client) =>
    client.call('consumption.keys', { participant_id: participantId }),
  );
}

/** A supplier's endpoints, or every endpoint on the exchange when `participantId` is null. */
export function useEndpoints(participantId: string | null): Live<ModelEndpointView[]> {
  return useLive(`endpoints:${participantId ?? '*'}`, (client) =>
    client.call('endpoints.list', participantId ? { participant_id: participantId } : {}),
  );
}

export interface UsageFilter {
  /** Whose calls: a consumer's, the calls a supplier served, or every call (operator). */
  scope: { participant_id: string } | { supplier_id: string } | Record<string, never>;
  instrument_id?: string | undefined;
  outcome?: CallView['outcome'] | undefined;
  key_id?: string | undefined;
}

export interface UsageRows {
  /** Newest first: the live newest page, then the older pages loaded. */
  calls: CallView[] | null;
  error: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
  reload(): void;
}

/**
 * Call records matching `filter`, newest first: the newest page follows the exchange; older pages are
 * loaded on demand with `before` and kept while the filter stays the same.
 */
export function useUsage(filter: UsageFilter): UsageRows {
  const client = useClient();
  const query = {
    ...filter.scope,
    ...(filter.instrument_id && { instrument_id: filter.instrument_id }),
    ...(filter.outcome && { outcome: filter.outcome }),
    ...(filter.key_id && { key_id: filter.key_id }),
  };
  const key = `usage:${JSON.stringify(query)}`;
  const newest = useLive<UsagePage>(key, (c) => c.call('usage.list', { ...query, limit: USAGE_PAGE }));
  const [older, setOlder] = useState<{
    key: string;
    calls: CallView[];
    next: number | null;
    loading: boolean;
    error: string | null;
  } | null>(null);
  const mine = older?.key === key ? older : null;

  const calls = newest.data ? mergeCalls(newest.data.calls, mine?.calls ?? []) : null;
  const next = mine ? mine.next : (newest.data?.next_before ?? null);

  const loadOlder = () => {
    if (next === null || mine?.loading) return;
    const base = { key, calls: mine?.calls ?? [], next, error: null };
    setOlder({ ...base, loading: true });
    client.call('usage.list', { ...query, limit: USAGE_PAGE, before: next }).then(
      (page) =>
        setOlder((current) =>
          current?.key === key
            ? {
                key,
                calls: mergeCalls(current.calls, page.calls),
                next: page.next_before,
                loading: false,
                error: null,
              }
            : current,
        ),
      (error: unknown) =>
        setOlder((current) =>
          current?.key === key ? { ...current, loading: false, error: errorText(error) } : current,
        ),
    );
  };

  return {
    calls,
    error: newest.error ?? mine?.error ?? null,
    hasOlder: next !== null,
    loadingOlder: mine?.loading ?? false,
    loadOlder,
    reload: newest.reload,
  };
}
