import type { consumptionRequests } from '../../../src-preload/contract-consumption';
import { ExchangeError } from '../../service/errors';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/**
 * The main side of the Consumption API's requests: keys and endpoints act as the participant named
 * (recorded as theirs); the exchange-wide lists of endpoints and calls are the operator's.
 */
export function consumptionHandlers(ops: Operations): HandlersFor<keyof typeof consumptionRequests> {
  const { consumptionKeys: keys, endpoints, calls, usage } = ops;
  const operatorOnly = (actor: string, what: string) => {
    if (ops.service.engine.state.participants.get(actor)?.role !== 'operator')
      throw new ExchangeError(403, `only the exchange operator sees ${what} across the exchange`);
  };
  return {
    'consumption.keys': ({ participant_id }) => keys.list(participant_id),
    'consumption.createKey': ({ participant_id, ...body }) =>
      keys.create(participant_id, body, participant_id),
    'consumption.updateKey': ({ participant_id, key_id, ...body }) =>
      keys.update(participant_id, key_id, body, participant_id),
    'consumption.revokeKey': ({ participant_id, key_id }) =>
      keys.revoke(participant_id, key_id, participant_id),
    'endpoints.list': ({ participant_id }, { actor }) => {
      if (participant_id === undefined) operatorOnly(actor, 'model endpoints');
      return endpoints.list(participant_id);
    },
    'endpoints.register': ({ participant_id, ...body }) =>
      endpoints.register(participant_id, body, participant_id),
    'endpoints.update': ({ participant_id, endpoint_id, ...body }) =>
      endpoints.update(participant_id, endpoint_id, body, participant_id),
    'endpoints.delete': ({ participant_id, endpoint_id }) =>
      endpoints.remove(participant_id, endpoint_id, participant_id),
    'endpoints.test': ({ participant_id, endpoint_id, prompt }) =>
      calls.test(endpoints.owned(participant_id, endpoint_id), prompt ?? DEFAULT_TEST_PROMPT),
    'usage.list': (query, { actor }) => {
      if (query.participant_id === undefined && query.supplier_id === undefined) operatorOnly(actor, 'calls');
      return usage.page(query);
    },
  };
}

export const DEFAULT_TEST_PROMPT = 'In two sentences, what is a spot market for AI inference?';
