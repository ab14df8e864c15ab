import { utcDay } from '../engine/auto-mode';
import { liveTokens } from '../engine/lots';
import { unitKey } from '../engine/orders';
import { ExchangeError } from './errors';
import { type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import { newId } from './ids';

/**
 * Auto Mode: after a commit that lowered a consumer's consumption balance (a draw or an expiry) or saved
 * its settings, checks whether the balance is below the threshold and, if so, submits one `auto_top_up`.
 * A top-up that could not fill within the ceilings pauses Auto Mode for that instrument in the engine,
 * so nothing retries in a loop. `inFlight` tells the Consumption API to answer 503 meanwhile.
 */
export class AutoTopUps {
  private readonly pending = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly service: ExchangeService) {}

  start(): void {
    this.unsubscribe = this.service.onCommit((_seq, entries) => {
      for (const entry of entries) {
        if (entry.command.type === 'auto_top_up') continue;
        for (const change of entry.changes) {
          if (change.kind === 'draw') this.check(change.draw.participant_id, change.draw.instrument_id);
          if (change.kind === 'call' && change.call.billed_tokens > 0)
            this.check(change.call.participant_id, change.call.instrument_id);
          if (change.kind === 'lot_expiry')
            this.check(change.expiry.participant_id, change.expiry.instrument_id);
          if (change.kind === 'auto_settings') this.check(change.participant_id, change.instrument_id);
        }
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** True while a top-up for this consumer and instrument is queued or running. */
  inFlight(participantId: string, instrumentId: string): boolean {
    return this.pending.has(unitKey(participantId, instrumentId));
  }

  /** Resolves when every queued top-up has run. */
  idle(): Promise<void> {
    return this.running;
  }

  check(participantId: string, instrumentId: string): void {
    const key = unitKey(participantId, instrumentId);
    if (this.pending.has(key) || !this.due(participantId, instrumentId)) return;
    this.pending.add(key);
    this.running = this.running.then(async () => {
      try {
        if (this.due(participantId, instrumentId)) {
          await this.service.submit(
            {
              type: 'auto_top_up',
              participant_id: participantId,
              instrument_id: instrumentId,
              top_up_id: newId('topUp'),
              order_id: newId('order'),
            },
            SYSTEM_ACTOR,
          );
        }
      } catch (error) {
        if (!(error instanceof ExchangeError) || error.status >= 500)
          console.error('auto top-up failed', error);
      } finally {
        this.pending.delete(key);
      }
    });
  }

  /** What the engine's top-up checks before buying, so a top-up it would refuse is not submitted. */
  private due(participantId: string, instrumentId: string): boolean {
    const state = this.service.engine.state;
    const settings = state.autoSettings.get(unitKey(participantId, instrumentId));
    if (!settings || settings.mode !== 'auto') return false;
    const now = this.service.clock();
    const newDay = settings.spent_day !== utcDay(now);
    if (settings.blocked !== null && !(newDay && settings.blocked === 'daily_ceiling')) return false;
    return liveTokens(state, participantId, instrumentId, now) < settings.threshold_tokens;
  }
}
