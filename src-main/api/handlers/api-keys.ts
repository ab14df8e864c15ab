import type { apiKeyRequests } from '../../../src-preload/contract-api-keys';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the API-key requests. */
export function apiKeyHandlers(_ops: Operations): HandlersFor<keyof typeof apiKeyRequests> {
  return {};
}
