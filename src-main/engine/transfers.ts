import { ChangeLog, done } from './change-log';
import type { Command, CommandContext, Outcome } from './commands';
import { isCount } from './counts';
import type { Ledger } from './ledger';
import type { Lot, TransferRecord, UnitChunk } from './lifecycle-types';
import { activeTrader } from './participants';
import { formLot, leaveInventory, provenanceOf, takeChunks } from './provenance';
import { reject } from './rejections';
import type { ExchangeState } from './state';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/**
 * A participant's voluntary transfer of Units from trading to consumption, forming one Lot. There is
 * deliberately no command that moves Units from consumption back to trading (one-way).
 */
export class Transfers {
  constructor(
    private readonly state: ExchangeState,
    private readonly ledger: Ledger,
  ) {}

  toConsumption(
    command: Cmd<'transfer_to_consumption'>,
    ctx: CommandContext,
  ): Outcome<{ lot: Lot; transfer: TransferRecord }> {
    const trader = activeTrader(this.state, command.participant_id);
    if ('ok' in trader) return trader;
    if (!this.state.instruments.has(command.instrument_id))
      return reject('instrument_not_found', `instrument ${command.instrument_id} not found`);
    if (!isCount(command.quantity, 1_000_000))
      return reject('quantity_out_of_range', 'quantity must be a whole number from 1 to 1000000');
    const available = this.ledger.availableUnits(command.participant_id, command.instrument_id);
    if (available < command.quantity)
      return reject(
        'insufficient_balance',
        `not enough available Units to transfer (${available} available; Units held by open sell orders are not)`,
      );
    const log = new ChangeLog();
    const { lot, transfer } = transferIntoLot(
      this.state,
      this.ledger,
      log,
      ctx,
      command.participant_id,
      command.instrument_id,
      command.quantity,
    );
    return done({ lot: { ...lot }, transfer }, log);
  }
}

/**
 * Moves `quantity` available Units of a Trading account into consumption as one new Lot, funded by the
 * account's oldest Units (a supplier's own among them count as consumed by it), and records the transfer.
 * Also what an Auto Mode top-up does with what it bought.
 */
export function transferIntoLot(
  state: ExchangeState,
  ledger: Ledger,
  log: ChangeLog,
  ctx: CommandContext,
  participantId: string,
  instrumentId: string,
  quantity: number,
): { lot: Lot; taken: UnitChunk[]; transfer: TransferRecord } {
  ledger.moveToConsumption(participantId, instrumentId, quantity, log);
  const taken = takeChunks(provenanceOf(state, participantId, instrumentId), quantity);
  const lot = formLot(state, log, ctx, participantId, instrumentId, taken, 'transfer');
  log.provenanceTouched(participantId, instrumentId);
  // A supplier's own unsold Units funding its own Lot leave its inventory as its own consumption.
  leaveInventory(state, log, instrumentId, taken, 'own_consumption');
  const transfer: TransferRecord = {
    seq: ctx.seq,
    participant_id: participantId,
    instrument_id: instrumentId,
    kind: 'trading_to_consumption',
    quantity,
    lot_id: lot.lot_id,
    created_at: ctx.time,
  };
  log.add({ kind: 'transfer', transfer });
  return { lot, taken, transfer };
}
