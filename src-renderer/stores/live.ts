import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExchangeClient } from '../transport/client';
import { errorText } from '../lib/errors';
import { followCommits } from './commit-follower';
import { useClient, useExchangeStore } from './exchange';

export interface Live<T> {
  /** The latest answer for the current key, or null until the first one arrives. */
  data: T | null;
  /** Why the latest load failed (the data shown is then the last good one). */
  error: string | null;
  /** Loads again now (after an action whose result should show at once). */
  reload(): void;
}

interface Loaded<T> {
  key: string | null;
  data: T | null;
  error: string | null;
}

/**
 * Data in view that follows the exchange. It loads when `key` is set and again whenever the exchange
 * commits past what was loaded: on the pushed `exchange.committed` event, and on the store's catch-up
 * after a dropped connection (`followCommits` schedules the loads). `key` names what `load` fetches; a
 * new key starts over.
 */
export function useLive<T>(key: string | null, load: (client: ExchangeClient) => Promise<T>): Live<T> {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded<T>>({ key: null, data: null, error: null });
  const loadRef = useRef(load);
  const reloadRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    let stopped = false;
    const follower = followCommits(async () => {
      try {
        const data = await loadRef.current(client);
        if (!stopped) setLoaded({ key, data, error: null });
      } catch (error) {
        if (!stopped)
          setLoaded((previous) => ({
            key,
            data: previous.key === key ? previous.data : null,
            error: errorText(error),
          }));
        throw error;
      }
    }, useExchangeStore.getState().info?.last_sequence ?? 0);
    reloadRef.current = follower.reload;
    const off = client.on('exchange.committed', ({ sequence }) => follower.committed(sequence));
    const unsubscribe = useExchangeStore.subscribe((state) =>
      follower.reported(state.info?.last_sequence ?? 0),
    );
    return () => {
      stopped = true;
      follower.stop();
      reloadRef.current = () => undefined;
      off();
      unsubscribe();
    };
  }, [client, key]);

  const reload = useCallback(() => reloadRef.current(), []);
  const current = loaded.key === key && key !== null;
  return { data: current ? loaded.data : null, error: current ? loaded.error : null, reload };
}
