import { CapacityBody } from '../../../../src-preload/contract-supply';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, Reply, single } from '../endpoint';
import { paginateList, viewPage } from '../pagination';
import {
  publicIssuance,
  PublicIssuanceAccountSchema as IssuanceAccountSchema,
  publicIssuanceAccount,
  PublicIssuanceSchema as IssuanceSchema,
  PublicTransferBody as TransferBody,
  publicTransferResult,
  PublicTransferResultSchema as TransferResultSchema,
  transferRequest,
} from '../public-accounts';
import {
  IssuanceAccountsQuery,
  IssuancesQuery,
  SupplierLiabilitySchema,
  SupplyRegistrationSchema,
} from '../schemas';
import { ALL, forInstrument } from './lifecycle';

/**
 * Suppliers' endpoints, acting as the key's owner: capacity (from admitted roster entries; declaring it is
 * refused once rosters are on), issuance within it, Issuance accounts, moving issued Units to trading, and
 * liability.
 */
export function supplyEndpoints(api: TradingApiContext): Endpoint[] {
  const life = api.ops.lifecycle;
  const supply = api.ops.supply;

  return [
    single({
      method: 'put',
      path: '/supply-capacity',
      summary: 'Declare capacity: refused (409) now that eligibility rosters decide it',
      description:
        'Capacity now comes from admitted roster entries: apply a model endpoint to the instrument ' +
        '(`POST /model-endpoints/{id}/applications`) and the operator admits it. Your capacity is the sum of your ' +
        'admitted endpoints’ tokens_per_second; issuance is capped at it × the Lot lifetime of outstanding ' +
        'liability and unsold Units. Before rosters were on, a new or raised capacity awaited the operator’s approval.',
      tag: 'Suppliers',
      auth: 'signed',
      body: CapacityBody,
      response: SupplyRegistrationSchema,
      errors: [403, 404, 409, 422],
      handle: ({ participantId, body }) => supply.declare(participantId, body, participantId),
    }),
    list({
      method: 'get',
      path: '/supply-capacity',
      summary:
        'Your capacity per instrument (the sum of your admitted roster entries), and how many Units you may still issue',
      tag: 'Suppliers',
      auth: 'signed',
      query: IssuanceAccountsQuery,
      response: SupplyRegistrationSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = supply.registrations({
          participant_id: participantId,
          instrument_id: query.instrument_id,
        });
        return paginateList(query, rows, (r) => [r[query.order_by], r.instrument_id]);
      },
    }),
    single({
      method: 'post',
      path: '/supply-issuances',
      summary: 'Issue Units into the Issuance account (approved suppliers, within declared capacity)',
      tag: 'Suppliers',
      auth: 'signed',
      body: TransferBody,
      response: IssuanceSchema,
      status: 201,
      errors: [403, 404, 409, 422],
      handle: async ({ participantId, body }) => {
        const issuance = await supply.issue(participantId, transferRequest(body), participantId);
        // A retry with an idempotency_key already used answers the first issuance, 200.
        return issuance.replayed ? new Reply(200, publicIssuance(issuance)) : publicIssuance(issuance);
      },
    }),
    list({
      method: 'get',
      path: '/supply-issuances',
      summary: 'Your issuances, newest first',
      tag: 'Suppliers',
      auth: 'signed',
      query: IssuancesQuery,
      response: IssuanceSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = supply.issuances(participantId, ALL).filter(forInstrument(query.instrument_id));
        return viewPage(
          paginateList(query, rows, (r) => [r.sequence]),
          publicIssuance,
        );
      },
    }),
    list({
      method: 'get',
      path: '/issuance-accounts',
      summary: 'Issuance accounts: issued Units per instrument, not yet in trading',
      tag: 'Suppliers',
      auth: 'signed',
      query: IssuanceAccountsQuery,
      response: IssuanceAccountSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = life.issuanceAccounts(participantId).filter(forInstrument(query.instrument_id));
        const page = paginateList(query, rows, (r) => [r[query.order_by], r.instrument_id]);
        const issued = new Map<string, number>();
        for (const issuance of supply.issuances(participantId, ALL)) {
          issued.set(issuance.instrument_id, (issued.get(issuance.instrument_id) ?? 0) + issuance.quantity);
        }
        const now = new Date(api.ops.service.clock()).toISOString();
        return viewPage(page, (row) =>
          publicIssuanceAccount(
            row,
            api.accountId('issuance', participantId, row.instrument_id),
            issued.get(row.instrument_id) ?? row.units,
            now,
          ),
        );
      },
    }),
    single({
      method: 'post',
      path: '/issuance-accounts/transfer',
      summary: 'Move issued Units from the Issuance account to the Trading account',
      tag: 'Suppliers',
      auth: 'signed',
      body: TransferBody,
      response: TransferResultSchema,
      status: 201,
      errors: [403, 404, 409, 422],
      handle: async ({ participantId, body }) =>
        publicTransferResult(
          await life.issuanceToTrading(participantId, transferRequest(body), participantId),
        ),
    }),
    list({
      method: 'get',
      path: '/supplier-liability',
      summary: 'Per instrument: Units sold, tokens delivered, expired and outstanding, revenue and fees',
      tag: 'Suppliers',
      auth: 'signed',
      query: IssuanceAccountsQuery,
      response: SupplierLiabilitySchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = life.supplierLiability(participantId).filter(forInstrument(query.instrument_id));
        return paginateList(query, rows, (r) => [r[query.order_by], r.instrument_id]);
      },
    }),
  ];
}
