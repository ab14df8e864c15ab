/** Rosters, probes, delivered-call samples and specification revisions in view, following the exchange. */
import { useEffect, useState } from 'react';
import type { AuditEntryView, InstrumentView } from '../../../src-preload/contract';
import type { ProbeView, RevisionView, RosterEntryView } from '../../../src-preload/contract-rosters';
import { errorText } from '../../lib/errors';
import { useClient } from '../../stores/exchange';
import { useLive } from '../../stores/live';
import type { Live } from '../../stores/live';

/** Calls `reload` every `ms` while `active` (what the exchange does not push: probes, measurements). */
export function usePoll(reload: () => void, ms: number, active = true): void {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, ms);
    return () => window.clearInterval(timer);
  }, [reload, ms, active]);
}

const running = (entries: readonly RosterEntryView[] | null) =>
  !!entries?.some((entry) => entry.latest_probe?.status === 'running');

/**
 * Every instrument's roster (pending first in each), keyed by instrument id: the operator's board and the
 * count of pending applications on its tab. Polled while a probe runs (probes are not journaled) and
 * now and then for the monitors' windows.
 */
export function useAllRosters(
  instruments: readonly InstrumentView[] | null,
): Live<Map<string, RosterEntryView[]>> {
  const ids = instruments?.map((instrument) => instrument.instrument_id) ?? null;
  const live = useLive(ids ? `rosters:${ids.join(',')}` : null, async (client) => {
    const lists = await Promise.all(
      ids!.map((id) => client.call('roster.list', { instrument_id: id }).then((list) => [id, list] as const)),
    );
    return new Map(lists);
  });
  const anyRunning = !!live.data && [...live.data.values()].some((entries) => running(entries));
  usePoll(live.reload, anyRunning ? 1000 : 5000, live.data !== null);
  return live;
}

/** A supplier's own roster entries, polled like the board. */
export function useMyRoster(participantId: string): Live<RosterEntryView[]> {
  const live = useLive(`roster-mine:${participantId}`, (client) =>
    client.call('roster.mine', { participant_id: participantId }),
  );
  usePoll(live.reload, running(live.data) ? 1000 : 5000, live.data !== null);
  return live;
}

/** An entry's probe reports, newest first; polled every second while one runs. */
export function useProbes(entryId: string | null): Live<ProbeView[]> {
  const live = useLive(entryId ? `probes:${entryId}` : null, (client) =>
    client.call('roster.probes', { entry_id: entryId!, limit: 10 }),
  );
  const anyRunning = !!live.data?.some((probe) => probe.status === 'running');
  usePoll(live.reload, anyRunning ? 1000 : 10_000, live.data !== null);
  return live;
}

/** An entry's recent delivered calls and its instrument's lines, refreshed on commits and every 5 s. */
export function useSamples(entryId: string) {
  const live = useLive(`samples:${entryId}`, (client) =>
    client.call('roster.samples', { entry_id: entryId }),
  );
  usePoll(live.reload, 5000);
  return live;
}

export function useRevisions(instrumentId: string | null): Live<RevisionView[]> {
  return useLive(instrumentId ? `revisions:${instrumentId}` : null, (client) =>
    client.call('specs.revisions', { instrument_id: instrumentId! }),
  );
}

/** Audit pages searched for an entry's history (the contract has no filter by entry). */
const HISTORY_PAGES = 5;

export interface HistoryStep {
  sequence: number;
  time: string;
  actor: string;
  status: string;
  reason: string;
}

/**
 * An entry's history from the audit log: its application and every change of status, with who made it,
 * when and why, newest first. Searches the newest few audit pages; follows the exchange.
 */
export function useEntryHistory(entryId: string | null): Live<HistoryStep[]> {
  return useLive(entryId ? `roster-history:${entryId}` : null, async (client) => {
    const steps: HistoryStep[] = [];
    let before: number | undefined;
    for (let page = 0; page < HISTORY_PAGES; page += 1) {
      const entries: AuditEntryView[] = await client.call(
        'audit.list',
        before === undefined ? { limit: 100 } : { limit: 100, before },
      );
      for (const entry of entries) {
        if (entry.details.entry_id !== entryId) continue;
        if (entry.action === 'apply_to_roster')
          steps.push({ ...stepOf(entry), status: 'applied', reason: 'application' });
        else if (entry.action === 'set_roster_status') steps.push(stepOf(entry));
      }
      if (steps.some((step) => step.status === 'applied') || entries.length < 100) break;
      before = entries.at(-1)?.sequence;
    }
    return steps;
  });
}

function stepOf(entry: AuditEntryView): HistoryStep {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    sequence: entry.sequence,
    time: entry.time,
    actor: entry.actor === 'system' ? 'Grid Desk (monitor)' : entry.actor_name,
    status: text(entry.details.status),
    reason: text(entry.details.reason),
  };
}

/** A one-off call whose answer is shown until the key changes (the impact preview of a draft). */
export function useAnswer<T>(key: string | null, load: () => Promise<T>, delayMs = 250) {
  const client = useClient();
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({
    key: null,
    data: null,
    error: null,
  });
  useEffect(() => {
    if (key === null) return;
    let stopped = false;
    const timer = window.setTimeout(() => {
      load().then(
        (data) => !stopped && setState({ key, data, error: null }),
        (error: unknown) => !stopped && setState({ key, data: null, error: errorText(error) }),
      );
    }, delayMs);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // `load` is a fresh closure each render; the key names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, delayMs]);
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: !current };
}
