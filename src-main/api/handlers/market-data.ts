import type { marketDataRequests } from '../../../src-preload/contract-market-data';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the market-data requests. */
export function marketDataHandlers(_ops: Operations): HandlersFor<keyof typeof marketDataRequests> {
  return {};
}
