import type { apiKeyRequests } from '../../../src-preload/contract-api-keys';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the API-key requests. A participant's key changes are recorded as theirs. */
export function apiKeyHandlers(ops: Operations): HandlersFor<keyof typeof apiKeyRequests> {
  const keys = ops.keys;
  return {
    'keys.register': ({ participant_id, ...body }) => keys.register(participant_id, body, participant_id),
    'keys.list': ({ participant_id }) => keys.list(participant_id),
    'keys.revoke': ({ participant_id, fingerprint }) =>
      keys.revoke(participant_id, fingerprint, participant_id),
  };
}
