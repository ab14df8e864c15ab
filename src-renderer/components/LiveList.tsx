import type { ReactNode } from 'react';
import type { Live } from '../stores/live';
import { ErrorAlert } from './ui';

/** A live list in its states: its error, loading, nothing yet, or its rows. */
export function LiveList<T>({
  live,
  loading,
  empty,
  children,
}: {
  live: Live<readonly T[]>;
  loading: string;
  empty: ReactNode;
  children: (rows: readonly T[]) => ReactNode;
}) {
  return (
    <>
      <ErrorAlert>{live.error}</ErrorAlert>
      {live.data === null ? (
        <p className="muted">{loading}</p>
      ) : live.data.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        children(live.data)
      )}
    </>
  );
}
