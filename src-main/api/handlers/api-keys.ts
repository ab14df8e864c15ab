import type { apiKeyRequests } from '../../../src-preload/contract-api-keys';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the API-key requests. */
export function apiKeyHandlers(ops: Operations): HandlersFor<keyof typeof apiKeyRequests> {
  const keys = ops.keys;
  return {
    'keys.register': ({ participant_id, ...body }, { actor }) => keys.register(participant_id, body, actor),
    'keys.list': ({ participant_id }) => keys.list(participant_id),
    'keys.revoke': ({ participant_id, fingerprint }, { actor }) =>
      keys.revoke(participant_id, fingerprint, actor),
  };
}
