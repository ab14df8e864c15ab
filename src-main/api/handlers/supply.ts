import type { supplyRequests } from '../../../src-preload/contract-supply';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the supply requests. */
export function supplyHandlers(ops: Operations): HandlersFor<keyof typeof supplyRequests> {
  const supply = ops.supply;
  return {
    'supply.registrations': (query) => supply.registrations(query),
    'supply.declare': ({ participant_id, ...body }, { actor }) => supply.declare(participant_id, body, actor),
    'supply.review': ({ participant_id, instrument_id, ...body }, { actor }) =>
      supply.review(participant_id, instrument_id, body, actor),
    'supply.issue': ({ participant_id, ...body }, { actor }) => supply.issue(participant_id, body, actor),
    'supply.issuances': ({ participant_id, limit, before }) =>
      supply.issuances(participant_id, limit, before),
  };
}
