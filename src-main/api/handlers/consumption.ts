import type { consumptionRequests } from '../../../src-preload/contract-consumption';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/**
 * The main side of the Consumption API's requests: consumers' keys, suppliers' endpoints, and the usage
 * record (the exchange-wide lists are the operator's, by their declarations).
 */
export function consumptionHandlers(ops: Operations): HandlersFor<keyof typeof consumptionRequests> {
  const { consumptionKeys: keys, endpoints, calls, usage } = ops;
  return {
    'consumption.keys': ({ participant_id }) => keys.list(participant_id),
    'consumption.createKey': ({ participant_id, ...body }, { actor }) =>
      keys.create(participant_id, body, actor),
    'consumption.updateKey': ({ participant_id, key_id, ...body }, { actor }) =>
      keys.update(participant_id, key_id, body, actor),
    'consumption.revokeKey': ({ participant_id, key_id }, { actor }) =>
      keys.revoke(participant_id, key_id, actor),
    'endpoints.list': ({ participant_id }) => endpoints.list(participant_id),
    'endpoints.register': ({ participant_id, ...body }, { actor }) =>
      endpoints.register(participant_id, body, actor),
    'endpoints.update': ({ participant_id, endpoint_id, ...body }, { actor }) =>
      endpoints.update(participant_id, endpoint_id, body, actor),
    'endpoints.delete': ({ participant_id, endpoint_id }, { actor }) =>
      endpoints.remove(participant_id, endpoint_id, actor),
    'endpoints.test': ({ participant_id, endpoint_id, prompt }) =>
      calls.test(endpoints.owned(participant_id, endpoint_id), prompt ?? DEFAULT_TEST_PROMPT),
    'usage.list': (query) => usage.page(query),
  };
}

export const DEFAULT_TEST_PROMPT = 'In two sentences, what is a spot market for AI inference?';
