/**
 * Runs `load` again whenever the exchange commits past what was loaded (the scheduling behind
 * `useLive`). Two sources say so, and they differ: the pushed `exchange.committed` event comes after the
 * batch is durable, so a load started after it reads it; `system.info`'s `last_sequence` is the stored
 * sequence on this build, but nodes of earlier builds counted commands still committing, so a load
 * started on it may read the state before them. A reported sequence therefore triggers a load (it is how
 * a view catches up after a dropped connection) but never stands in for the commit event: that event
 * still loads again.
 */
export interface CommitFollower {
  /** A committed batch's sequence, from the exchange's pushed event. */
  committed(sequence: number): void;
  /** The sequence the store last read from `system.info` (possibly not yet durable). */
  reported(sequence: number): void;
  /** Loads again now. */
  reload(): void;
  stop(): void;
}

/**
 * Starts loading at once. Triggers that arrive while a load runs merge into one follow-up load, so a
 * burst of commits costs at most two loads. A failed load (`load` rejects) waits for the next trigger.
 */
export function followCommits(load: () => Promise<void>, reportedAtStart: number): CommitFollower {
  let stopped = false;
  let running = false;
  let dirty = true;
  let committedSeen = 0;
  let reportedSeen = reportedAtStart;

  const run = async () => {
    if (running || stopped) return;
    running = true;
    while (!stopped && dirty) {
      dirty = false;
      try {
        await load();
      } catch {
        break;
      }
    }
    running = false;
  };
  const again = () => {
    dirty = true;
    void run();
  };
  void run();
  return {
    committed(sequence) {
      // Equal reloads too: after a reconnect the transport announces system.info's sequence as committed,
      // and the real event for that sequence may follow once it is durable.
      if (sequence < committedSeen) return;
      committedSeen = sequence;
      again();
    },
    reported(sequence) {
      // Usually the store reports a commit whose event already loaded: nothing new to read.
      if (sequence <= Math.max(committedSeen, reportedSeen)) return;
      reportedSeen = sequence;
      again();
    },
    reload: again,
    stop() {
      stopped = true;
    },
  };
}
