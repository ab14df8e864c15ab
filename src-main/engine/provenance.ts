import type { ChangeLog } from './change-log';
import type { CommandContext } from './commands';
import {
  type Lot,
  type LotFunding,
  type LotOrigin,
  type SupplierLiability,
  TOKENS_PER_UNIT,
  type UnitChunk,
} from './lifecycle-types';
import { unitKey } from './orders';
import type { ExchangeState } from './state';

/**
 * The most chunks a Trading account's provenance keeps exactly. Every command that touches an account
 * copies its provenance into the change log, so an unbounded list (an active buyer between sweeps makes
 * one chunk per fill) would make trading slower with every trade.
 */
export const MAX_CHUNKS = 32;

/**
 * Appends a chunk to a FIFO, merging it into the last one when it has the same trade and supplier. Past
 * MAX_CHUNKS, new Units join the newest chunk of the same supplier (keeping that chunk's trade_id): the
 * liable supplier is always exact, the funding trade is exact for the first MAX_CHUNKS purchases.
 */
export function pushChunk(chunks: UnitChunk[], chunk: UnitChunk): void {
  if (chunk.units <= 0) return;
  const last = chunks[chunks.length - 1];
  if (last && last.trade_id === chunk.trade_id && last.supplier_id === chunk.supplier_id) {
    last.units += chunk.units;
    return;
  }
  if (chunks.length >= MAX_CHUNKS && chunk.trade_id !== null) {
    for (let i = chunks.length - 1; i >= 0; i--) {
      const same = chunks[i]!;
      if (same.supplier_id === chunk.supplier_id && same.trade_id !== null) {
        same.units += chunk.units;
        return;
      }
    }
  }
  chunks.push({ ...chunk });
}

/** Removes `quantity` Units from the front of a FIFO and returns them, oldest first. */
export function takeChunks(chunks: UnitChunk[], quantity: number): UnitChunk[] {
  const taken: UnitChunk[] = [];
  let left = quantity;
  while (left > 0) {
    const head = chunks[0];
    if (!head) throw new Error(`provenance short by ${left} Units`);
    const n = Math.min(head.units, left);
    pushChunk(taken, { ...head, units: n });
    head.units -= n;
    left -= n;
    if (head.units === 0) chunks.shift();
  }
  return taken;
}

export function provenanceOf(state: ExchangeState, participantId: string, instrumentId: string): UnitChunk[] {
  const key = unitKey(participantId, instrumentId);
  let chunks = state.provenance.get(key);
  if (!chunks) state.provenance.set(key, (chunks = []));
  return chunks;
}

export function liabilityOf(
  state: ExchangeState,
  supplierId: string,
  instrumentId: string,
): SupplierLiability {
  const key = unitKey(supplierId, instrumentId);
  let liability = state.liability.get(key);
  if (!liability)
    state.liability.set(
      key,
      (liability = { units_sold: 0, units_self_consumed: 0, tokens_delivered: 0, tokens_expired: 0 }),
    );
  return liability;
}

/**
 * Units leaving their issuer's own inventory (chunks with no trade: only an issuer holds those) become
 * its liability: sold to a buyer, or moved into the issuer's own consumption (not a sale).
 */
export function leaveInventory(
  state: ExchangeState,
  log: ChangeLog,
  instrumentId: string,
  taken: UnitChunk[],
  into: 'sale' | 'own_consumption',
): void {
  for (const chunk of taken) {
    if (chunk.trade_id !== null) continue;
    const liability = liabilityOf(state, chunk.supplier_id, instrumentId);
    if (into === 'sale') liability.units_sold += chunk.units;
    else liability.units_self_consumed += chunk.units;
    log.liabilityTouched(chunk.supplier_id, instrumentId);
  }
}

/** Forms a Lot in a Consumption account from Units the ledger already moved there. */
export function formLot(
  state: ExchangeState,
  log: ChangeLog,
  ctx: CommandContext,
  participantId: string,
  instrumentId: string,
  chunks: UnitChunk[],
  origin: LotOrigin,
): Lot {
  const funding: LotFunding[] = [];
  let units = 0;
  for (const chunk of chunks) {
    units += chunk.units;
    const tokens = chunk.units * TOKENS_PER_UNIT;
    const same = funding.find((f) => f.trade_id === chunk.trade_id && f.supplier_id === chunk.supplier_id);
    if (same) {
      same.tokens += tokens;
      same.tokens_remaining += tokens;
    } else {
      funding.push({
        trade_id: chunk.trade_id,
        supplier_id: chunk.supplier_id,
        tokens,
        tokens_remaining: tokens,
      });
    }
  }
  const lot: Lot = {
    lot_id: `lot_${String(ctx.seq).padStart(12, '0')}_${log.lotsFormed++}`,
    participant_id: participantId,
    instrument_id: instrumentId,
    tokens_total: units * TOKENS_PER_UNIT,
    tokens_remaining: units * TOKENS_PER_UNIT,
    tokens_delivered: 0,
    tokens_expired: 0,
    formed_at: ctx.time,
    expires_at: ctx.time + state.sweepConfig.lot_ttl_seconds * 1000,
    expired_at: null,
    origin,
    formed_seq: ctx.seq,
    funding,
  };
  state.lots.set(lot.lot_id, lot);
  log.lotTouched(lot);
  return lot;
}
