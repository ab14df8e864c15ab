/**
 * Accounts, transfers and issuance in the public exchange's shapes (see public-shapes.ts): Grid Desk's
 * fields plus what the official spec and clients require, with the spec's types.
 */
import { z } from 'zod';
import { Decimal, Iso } from '../../../src-preload/contract-kit';
import { InstrumentId } from '../../../src-preload/contract';
import {
  IdempotencyKey,
  type IssuanceAccountView,
  type TransferResult,
} from '../../../src-preload/contract-lifecycle';
import type { IssuanceView } from '../../../src-preload/contract-supply';
import {
  type ConsumptionAccount,
  ConsumptionAccountSchema,
  IssuanceAccountSchema,
  IssuanceSchema,
  type TradingAccount,
  TradingAccountSchema,
  TransferResultSchema,
} from './schemas';

/** A transfer or issuance request; `trading_account_id`, which one client sends, is accepted and unused. */
export const PublicTransferBody = z
  .object({
    instrument_id: InstrumentId,
    quantity: z.number().int('quantity must be a whole number of Units').min(1).max(1_000_000),
    trading_account_id: z.string().optional().describe('Ignored: each participant has one per instrument'),
    idempotency_key: IdempotencyKey.optional().describe(
      'A retry with the same key and body answers the first result; another body with it is a 409',
    ),
  })
  .strict();
export const transferRequest = (body: z.output<typeof PublicTransferBody>) => ({
  instrument_id: body.instrument_id,
  quantity: body.quantity,
  ...(body.idempotency_key !== undefined && { idempotency_key: body.idempotency_key }),
});

export const PublicTradingAccountSchema = TradingAccountSchema.extend({
  id: z.string(),
  user_id: z.string(),
  instrument_symbol: z.string(),
  instrument_name: z.string(),
  market_name: z.string(),
  total_balance: Decimal.describe('Units, as a decimal string (the spec’s type)'),
  available_balance: Decimal.describe('Units'),
  locked_balance: Decimal.describe('Units held by open sell orders'),
  reserved_balance: Decimal.describe('The same as locked_balance'),
  status: z.literal('active'),
  updated_at: Iso.describe('The time the balance was read'),
});
export type PublicTradingAccount = z.output<typeof PublicTradingAccountSchema>;

export function publicTradingAccount(
  account: TradingAccount,
  participantId: string,
  instrumentName: string,
  now: string,
): PublicTradingAccount {
  return {
    ...account,
    id: account.account_id,
    user_id: participantId,
    instrument_symbol: account.symbol,
    instrument_name: instrumentName,
    market_name: `${account.symbol}/USD`,
    total_balance: String(account.total_balance),
    available_balance: String(account.available_balance),
    locked_balance: String(account.locked_balance),
    reserved_balance: String(account.locked_balance),
    status: 'active',
    updated_at: now,
  };
}

export const PublicConsumptionAccountSchema = ConsumptionAccountSchema.extend({
  id: z.string(),
  user_id: z.string(),
  instrument_symbol: z.string(),
  status: z.literal('active'),
  committed_balance: z.number().describe('Units committed to requests in flight (none in Grid Desk)'),
  total_deposits: z.number(),
  total_withdrawals: z.number(),
  total_commitments: z.number().describe('Units delivered from the live Lots'),
  total_transfers_in: z.number().describe('Units that formed the live Lots'),
  total_transfers_out: z.number(),
  updated_at: Iso.describe('The time the balance was read'),
});
export type PublicConsumptionAccount = z.output<typeof PublicConsumptionAccountSchema>;

export function publicConsumptionAccount(
  account: ConsumptionAccount,
  participantId: string,
  now: string,
): PublicConsumptionAccount {
  const units = (tokens: number) => tokens / 1_000_000;
  const sum = (pick: (lot: ConsumptionAccount['lots'][number]) => number) =>
    units(account.lots.reduce((total, lot) => total + pick(lot), 0));
  return {
    ...account,
    id: account.account_id,
    user_id: participantId,
    instrument_symbol: account.symbol,
    status: 'active',
    committed_balance: 0,
    total_deposits: 0,
    total_withdrawals: 0,
    total_commitments: sum((lot) => lot.tokens_delivered),
    total_transfers_in: sum((lot) => lot.tokens_total),
    total_transfers_out: 0,
    updated_at: now,
  };
}

export const PublicIssuanceAccountSchema = IssuanceAccountSchema.extend({
  account_id: z.string(),
  id: z.string(),
  instrument_symbol: z.string(),
  total_issued: Decimal.describe('Units ever issued in this instrument'),
  total_transferred: Decimal.describe('Units moved to the Trading account'),
  available_balance: Decimal.describe('Units still in the Issuance account (the same as units)'),
  updated_at: Iso.describe('The time the balance was read'),
});
export type PublicIssuanceAccount = z.output<typeof PublicIssuanceAccountSchema>;

export function publicIssuanceAccount(
  account: IssuanceAccountView,
  accountId: string,
  totalIssued: number,
  now: string,
): PublicIssuanceAccount {
  return {
    ...account,
    account_id: accountId,
    id: accountId,
    instrument_symbol: account.symbol,
    total_issued: String(totalIssued),
    total_transferred: String(Math.max(0, totalIssued - account.units)),
    available_balance: String(account.units),
    updated_at: now,
  };
}

export const PublicIssuanceSchema = IssuanceSchema.extend({
  id: z.string().describe('issuance_<sequence>'),
  instrument_symbol: z.string(),
  status: z.literal('completed'),
});
export type PublicIssuance = z.output<typeof PublicIssuanceSchema>;

export function publicIssuance(issuance: IssuanceView): PublicIssuance {
  return {
    ...issuance,
    id: `issuance_${issuance.sequence}`,
    instrument_symbol: issuance.symbol,
    status: 'completed',
  };
}

export const PublicTransferResultSchema = TransferResultSchema.extend({
  id: z.string().describe('transfer_<sequence>'),
  status: z.literal('completed'),
  instrument_id: z.string(),
  quantity: z.number().describe('Units'),
});
export type PublicTransferResult = z.output<typeof PublicTransferResultSchema>;

export function publicTransferResult(result: TransferResult): PublicTransferResult {
  return {
    ...result,
    id: `transfer_${result.transfer.sequence}`,
    status: 'completed',
    instrument_id: result.transfer.instrument_id,
    quantity: result.transfer.quantity,
  };
}
