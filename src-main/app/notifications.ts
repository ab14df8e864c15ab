import type { Change } from '../engine/commands';
import type { Route } from '../../src-preload/shell';

/** An OS notification and the screen a click on it opens. */
export interface Notice {
  /** Notices of one kind in one batch are merged into one ("3 orders filled"). */
  kind: 'fill' | 'participant-suspended' | 'market-halted' | 'roster-suspended' | 'top-up-failed' | 'storage';
  title: string;
  body: string;
  route: Route;
}

export interface NoticeContext {
  nameOf(participantId: string): string;
  symbolOf(instrumentId: string): string;
  roleOf(participantId: string): 'operator' | 'supplier' | 'consumer' | null;
}

const FAILED_TOP_UPS = new Set(['no_fill', 'daily_ceiling', 'rejected']);

function noticeFor(change: Change, context: NoticeContext): Notice | null {
  switch (change.kind) {
    case 'trade': {
      const { trade } = change;
      const buyer = trade.taker_side === 'buy' ? trade.taker_participant_id : trade.maker_participant_id;
      const role = context.roleOf(buyer) === 'supplier' ? 'supplier' : 'consumer';
      return {
        kind: 'fill',
        title: 'Order filled',
        body: `${context.nameOf(buyer)} bought ${trade.quantity} ${trade.quantity === 1 ? 'Unit' : 'Units'} of ${context.symbolOf(trade.instrument_id)}`,
        route: { workspace: role, section: 'trading' },
      };
    }
    case 'participant':
      return change.participant.status === 'suspended'
        ? {
            kind: 'participant-suspended',
            title: 'Participant suspended',
            body: `${change.participant.name} can no longer trade`,
            route: { workspace: 'operator', section: 'participants' },
          }
        : null;
    case 'market_halt':
      return change.halted
        ? {
            kind: 'market-halted',
            title: 'Market halted',
            body: `Trading in ${change.market_id} is suspended`,
            route: { workspace: 'operator', section: 'markets' },
          }
        : null;
    case 'roster_entry':
      return change.entry.status === 'suspended'
        ? {
            kind: 'roster-suspended',
            title: 'Supplier suspended from a roster',
            body: `${context.nameOf(change.entry.participant_id)} on ${context.symbolOf(change.entry.instrument_id)}: ${change.entry.reason}`,
            route: { workspace: 'operator', section: 'rosters' },
          }
        : null;
    case 'top_up':
      return FAILED_TOP_UPS.has(change.top_up.outcome)
        ? {
            kind: 'top-up-failed',
            title: 'Auto Mode top-up failed',
            body: `${context.nameOf(change.top_up.participant_id)} on ${context.symbolOf(change.top_up.instrument_id)}: ${change.top_up.message ?? change.top_up.outcome.replace('_', ' ')}`,
            route: { workspace: 'consumer', section: 'consumption' },
          }
        : null;
    default:
      return null;
  }
}

const plural: Record<Notice['kind'], (count: number) => string> = {
  fill: (n) => `${n} orders filled`,
  'participant-suspended': (n) => `${n} participants suspended`,
  'market-halted': (n) => `${n} markets halted`,
  'roster-suspended': (n) => `${n} roster entries suspended`,
  'top-up-failed': (n) => `${n} Auto Mode top-ups failed`,
  storage: (n) => `${n} storage problems`,
};

/** The notices one committed batch deserves, one per kind (a burst of fills is one notification). */
export function noticesFor(changes: Iterable<Change>, context: NoticeContext): Notice[] {
  const byKind = new Map<Notice['kind'], Notice[]>();
  for (const change of changes) {
    const notice = noticeFor(change, context);
    if (notice) byKind.set(notice.kind, [...(byKind.get(notice.kind) ?? []), notice]);
  }
  return [...byKind.values()].map((notices) => {
    const first = notices[0]!;
    return notices.length === 1
      ? first
      : { ...first, title: plural[first.kind](notices.length), body: first.body };
  });
}

/** Below this much free space in the data folder the exchange may soon fail to commit. */
export const LOW_DISK_BYTES = 500 * 1024 * 1024;

export function storageNotice(
  problem: { kind: 'stopped'; detail: string } | { kind: 'low-disk'; freeBytes: number },
): Notice {
  return problem.kind === 'stopped'
    ? {
        kind: 'storage',
        title: 'The exchange stopped',
        body: `A commit failed (${problem.detail}); nothing more is accepted. Copy diagnostics from the Help menu.`,
        route: { workspace: 'operator', section: 'audit' },
      }
    : {
        kind: 'storage',
        title: 'Disk almost full',
        body: `${Math.floor(problem.freeBytes / (1024 * 1024))} MB left for the exchange's database`,
        route: { workspace: 'operator', section: 'audit' },
      };
}
