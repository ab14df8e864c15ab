import { AutoModeBody } from '../../../../src-preload/contract-lifecycle';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { paginateList } from '../pagination';
import {
  AutoModeSchema,
  IssuanceAccountsQuery,
  TopUpSchema,
  TopUpsQuery,
  TransferHistoriesQuery,
  TransferSchema,
} from '../schemas';
import {
  PublicTransferBody as TransferBody,
  publicTransferResult,
  PublicTransferResultSchema as TransferResultSchema,
  transferRequest,
} from '../public-accounts';

/** Every row the lifecycle operations keep (they take a LIMIT; the API pages in memory). */
export const ALL = Number.MAX_SAFE_INTEGER;

export const forInstrument =
  (instrumentId: string | undefined) =>
  <T extends { instrument_id: string }>(row: T) =>
    instrumentId === undefined || row.instrument_id === instrumentId;

/**
 * The life of a Unit for the signed participant: transfers to consumption and Auto Mode (suppliers'
 * endpoints are in `supply.ts`). Everything is done by `LifecycleOperations`, acting as the key's
 * owner; the engine refuses what the participant's role does not allow.
 */
export function lifecycleEndpoints(api: TradingApiContext): Endpoint[] {
  const life = api.ops.lifecycle;

  return [
    // ---- transfers ----
    single({
      method: 'post',
      path: '/transfers/trading-to-consumption',
      summary: 'Move Units from the Trading account to consumption (forms a Lot)',
      description: 'One way: there is no transfer back from consumption to trading.',
      tag: 'Transfers',
      auth: 'signed',
      body: TransferBody,
      response: TransferResultSchema,
      errors: [403, 404, 409, 422],
      handle: async ({ participantId, body }) =>
        publicTransferResult(
          await life.transferToConsumption(participantId, transferRequest(body), participantId),
        ),
    }),
    list({
      method: 'get',
      path: '/transfer-histories',
      summary: "The participant's transfers (trading → consumption, issuance → trading), newest first",
      tag: 'Transfers',
      auth: 'signed',
      query: TransferHistoriesQuery,
      response: TransferSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = life.transfers(participantId, ALL).filter(forInstrument(query.instrument_id));
        const keyOf = (t: (typeof rows)[number]) => [t.sequence];
        return paginateList(query, rows, keyOf);
      },
    }),

    // ---- Auto Mode ----
    list({
      method: 'get',
      path: '/auto-mode',
      summary: 'Auto Mode settings per instrument, with the live tokens in consumption',
      tag: 'Auto Mode',
      auth: 'signed',
      query: IssuanceAccountsQuery,
      response: AutoModeSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = life.autoMode(participantId).filter(forInstrument(query.instrument_id));
        const keyOf = (r: (typeof rows)[number]) => [r[query.order_by], r.instrument_id];
        return paginateList(query, rows, keyOf);
      },
    }),
    single({
      method: 'put',
      path: '/auto-mode',
      summary: 'Save the Auto Mode settings of one instrument',
      tag: 'Auto Mode',
      auth: 'signed',
      body: AutoModeBody,
      response: AutoModeSchema,
      errors: [403, 404, 422],
      handle: ({ participantId, body }) => life.setAutoMode(participantId, body, participantId),
    }),
    list({
      method: 'get',
      path: '/auto-mode/top-ups',
      summary: 'Top-ups Auto Mode ran, newest first',
      tag: 'Auto Mode',
      auth: 'signed',
      query: TopUpsQuery,
      response: TopUpSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const rows = life.topUps(participantId, ALL).filter(forInstrument(query.instrument_id));
        const keyOf = (t: (typeof rows)[number]) => [t.sequence];
        return paginateList(query, rows, keyOf);
      },
    }),
  ];
}
