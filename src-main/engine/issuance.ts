import { ChangeLog, done } from './change-log';
import type { Change, Command, CommandContext, Outcome } from './commands';
import type { Ledger } from './ledger';
import type { TransferRecord } from './lifecycle-types';
import type { UnitBalance } from './orders';
import { activeTrader } from './participants';
import { provenanceOf, pushChunk } from './provenance';
import { reject, type Rejection } from './rejections';
import type { ExchangeState } from './state';
import type { Supply } from './supply';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** One issuance, as the issuances table keeps it. */
export type IssuanceRecord = Omit<Extract<Change, { kind: 'issuance' }>, 'kind'>;

/**
 * A supplier issues Units of an instrument into its Issuance account, within its approved capacity, and
 * moves them to trading (its inventory, which it is liable for) to sell them.
 */
export class Issuance {
  constructor(
    private readonly state: ExchangeState,
    private readonly supply: Supply,
    private readonly ledger: Ledger,
  ) {}

  issue(
    command: Cmd<'issue_units'>,
    ctx: CommandContext,
  ): Outcome<{ issuance: number; record: IssuanceRecord }> {
    const supplier = activeTrader(this.state, command.participant_id);
    if ('ok' in supplier) return supplier;
    if (supplier.role !== 'supplier') return reject('role_not_allowed', 'only suppliers issue Units');
    const refused = this.refuseQuantity(command);
    if (refused) return refused;
    const { participant_id, instrument_id, quantity } = command;
    if (!command.legacy) {
      const overCapacity = this.supply.refuseIssuance(participant_id, instrument_id, quantity);
      if (overCapacity) return overCapacity;
    }
    const log = new ChangeLog();
    const toTrading = command.legacy === true && command.to_trading !== false;
    this.ledger.issue(participant_id, instrument_id, quantity, toTrading ? 'trading' : 'issuance', log);
    if (toTrading) this.ownInventory(participant_id, instrument_id, quantity, log);
    const record: IssuanceRecord = { seq: ctx.seq, time: ctx.time, participant_id, instrument_id, quantity };
    log.add({ kind: 'issuance', ...record });
    return done({ issuance: this.ledger.issuance(participant_id, instrument_id), record }, log);
  }

  /** Moves Units from a supplier's Issuance account to its Trading account (its unsold inventory). */
  toTrading(
    command: Cmd<'transfer_issuance_to_trading'>,
    ctx: CommandContext,
  ): Outcome<{ balance: UnitBalance; issuance: number; transfer: TransferRecord }> {
    const supplier = activeTrader(this.state, command.participant_id);
    if ('ok' in supplier) return supplier;
    const refused = this.refuseQuantity(command);
    if (refused) return refused;
    const { participant_id, instrument_id, quantity } = command;
    const held = this.ledger.issuance(participant_id, instrument_id);
    if (held < quantity)
      return reject('insufficient_balance', `not enough Units in the Issuance account (${held} held)`);
    const log = new ChangeLog();
    this.ledger.issuanceToTrading(participant_id, instrument_id, quantity, log);
    this.ownInventory(participant_id, instrument_id, quantity, log);
    const transfer: TransferRecord = {
      seq: ctx.seq,
      participant_id,
      instrument_id,
      kind: 'issuance_to_trading',
      quantity,
      lot_id: null,
      created_at: ctx.time,
    };
    log.add({ kind: 'transfer', transfer });
    return done(
      {
        balance: { ...this.ledger.units(participant_id, instrument_id) },
        issuance: held - quantity,
        transfer,
      },
      log,
    );
  }

  private refuseQuantity(command: { instrument_id: string; quantity: number }): Rejection | undefined {
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (!Number.isInteger(command.quantity) || command.quantity < 1 || command.quantity > 1_000_000)
      return reject('quantity_out_of_range', 'quantity must be a whole number from 1 to 1000000');
    return undefined;
  }

  /** Units new to a supplier's Trading account are its own inventory: no trade funded them. */
  private ownInventory(participantId: string, instrumentId: string, quantity: number, log: ChangeLog): void {
    pushChunk(provenanceOf(this.state, participantId, instrumentId), {
      trade_id: null,
      supplier_id: participantId,
      units: quantity,
    });
    log.provenanceTouched(participantId, instrumentId);
  }
}
