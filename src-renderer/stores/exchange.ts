import { create } from 'zustand';
import type { AuditEntryView, InstrumentView, ParticipantView, SystemInfo } from '../../src-preload/contract';
import type { ExchangeClient } from '../transport/client';
import type { Via } from '../connection/connection';
import type { Identity } from '../transport/websocket-transport';
import { errorText } from '../lib/errors';

/** Entries per audit page (the contract's default and a comfortable screenful). */
export const AUDIT_PAGE = 50;
const WATCHDOG_MS = 4000;
const WATCHDOG_TIMEOUT_MS = 8000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => {
        window.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        window.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

interface AuditState {
  /** Newest first. */
  entries: AuditEntryView[] | null;
  /** False once a page came back short: nothing older exists. */
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: string | null;
}

interface ExchangeState {
  client: ExchangeClient | null;
  via: Via | null;
  info: SystemInfo | null;
  instruments: InstrumentView[] | null;
  participants: ParticipantView[] | null;
  audit: AuditState;
  refreshing: boolean;
  refreshError: string | null;
  refreshedAt: Date | null;
  /**
   * Binds the store to a client and keeps it fresh on every committed batch. Returns an unbind. A
   * participant signed in on a remote node (`self`) sees itself only, and no audit log.
   */
  connect(client: ExchangeClient, via: Via, self?: Identity | null): () => void;
  refresh(): Promise<void>;
  loadOlderAudit(): Promise<void>;
}

const initialAudit: AuditState = { entries: null, hasOlder: true, loadingOlder: false, olderError: null };

/** Merges a fresh newest page into what is shown, keeping older pages the user loaded when they connect. */
function mergeNewest(
  current: AuditEntryView[] | null,
  page: AuditEntryView[],
): { entries: AuditEntryView[]; reset: boolean } {
  if (!current || current.length === 0) return { entries: page, reset: true };
  const oldestOfPage = page.at(-1)?.sequence;
  const newestShown = current[0]?.sequence ?? 0;
  // A full page that does not reach back to what is shown leaves a gap: start over from the fresh page.
  if (page.length >= AUDIT_PAGE && oldestOfPage !== undefined && oldestOfPage > newestShown) {
    return { entries: page, reset: true };
  }
  const bySequence = new Map<number, AuditEntryView>();
  for (const entry of current) bySequence.set(entry.sequence, entry);
  for (const entry of page) bySequence.set(entry.sequence, entry);
  return { entries: [...bySequence.values()].sort((a, b) => b.sequence - a.sequence), reset: false };
}

/** The participant a connection may act as only (a remote node's participant sign-in), else null. */
export const confinedTo = (self: Identity | null | undefined): Identity | null =>
  self && !self.may_act_as_anyone ? self : null;

let inFlight: Promise<void> | null = null;
let again = false;

export const useExchangeStore = create<ExchangeState>()((set, get) => {
  /** Who the connection may read about: everyone (the operator, the embedded desk) or itself only. */
  let onlySelf: string | null = null;
  const loadAll = async (client: ExchangeClient) => {
    set({ refreshing: true });
    try {
      const self = onlySelf;
      const [info, instruments, participants, newest] = await Promise.all([
        client.call('system.info', {}),
        client.call('instruments.list', {}),
        self === null
          ? client.call('participants.list', {})
          : client.call('participants.get', { participant_id: self }).then((me) => [me]),
        self === null ? client.call('audit.list', { limit: AUDIT_PAGE }) : Promise.resolve([]),
      ]);
      if (get().client !== client) return;
      const audit = get().audit;
      const merged = mergeNewest(audit.entries, newest);
      set({
        info,
        instruments,
        participants,
        audit: {
          ...audit,
          entries: merged.entries,
          // Starting over from the newest page: older pages exist if that page came back full.
          hasOlder: merged.reset ? newest.length >= AUDIT_PAGE : audit.hasOlder,
        },
        refreshError: null,
        refreshedAt: new Date(),
      });
    } catch (error) {
      if (get().client === client) set({ refreshError: errorText(error) });
    } finally {
      if (get().client === client) set({ refreshing: false });
    }
  };

  return {
    client: null,
    via: null,
    info: null,
    instruments: null,
    participants: null,
    audit: initialAudit,
    refreshing: false,
    refreshError: null,
    refreshedAt: null,

    connect(client, via, self) {
      onlySelf = confinedTo(self)?.participant_id ?? null;
      // A new connection may be another exchange: nothing from the previous one stays on screen.
      set({
        client,
        via,
        info: null,
        instruments: null,
        participants: null,
        audit: initialAudit,
        refreshError: null,
        refreshedAt: null,
      });
      void get().refresh();
      const off = client.on('exchange.committed', () => void get().refresh());
      // Watchdog: a dropped socket reconnects silently and misses the events sent meanwhile, so check
      // the exchange's sequence now and then, show a lost connection, and catch up when it is back.
      let checking = false;
      const timer = window.setInterval(() => {
        if (get().client !== client || inFlight || checking) return;
        checking = true;
        withTimeout(client.call('system.info', {}), WATCHDOG_TIMEOUT_MS, 'the exchange is not answering')
          .then(
            (info) => {
              if (get().client !== client) return;
              if (get().refreshError || info.last_sequence !== get().info?.last_sequence)
                void get().refresh();
            },
            (error: unknown) => {
              if (get().client === client) set({ refreshError: errorText(error) });
            },
          )
          .finally(() => {
            checking = false;
          });
      }, WATCHDOG_MS);
      return () => {
        off();
        window.clearInterval(timer);
        if (get().client === client) set({ client: null, via: null });
      };
    },

    /** Reloads everything in view; calls made while one runs coalesce into a single follow-up. */
    refresh() {
      const client = get().client;
      if (!client) return Promise.resolve();
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        try {
          do {
            again = false;
            await loadAll(client);
          } while (again);
        } finally {
          inFlight = null;
        }
      })();
      return inFlight;
    },

    async loadOlderAudit() {
      const { client, audit } = get();
      const oldest = audit.entries?.at(-1)?.sequence;
      if (!client || audit.loadingOlder || oldest === undefined) return;
      set({ audit: { ...audit, loadingOlder: true, olderError: null } });
      try {
        const page = await client.call('audit.list', { limit: AUDIT_PAGE, before: oldest });
        const current = get().audit;
        const shown = new Set((current.entries ?? []).map((entry) => entry.sequence));
        set({
          audit: {
            ...current,
            entries: [...(current.entries ?? []), ...page.filter((entry) => !shown.has(entry.sequence))],
            hasOlder: page.length >= AUDIT_PAGE,
            loadingOlder: false,
          },
        });
      } catch (error) {
        set({ audit: { ...get().audit, loadingOlder: false, olderError: errorText(error) } });
      }
    },
  };
});

/** The connected client; only used below the connection gate, where one always exists. */
export function useClient(): ExchangeClient {
  const client = useExchangeStore((state) => state.client);
  if (!client) throw new Error('no exchange connection');
  return client;
}
