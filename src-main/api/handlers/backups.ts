import type { backupRequests } from '../../../src-preload/contract-backups';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the operator's backup requests. */
export function backupHandlers(ops: Operations): HandlersFor<keyof typeof backupRequests> {
  return {
    'backups.create': () => ops.backups.create(),
    'backups.list': () => ops.backups.list(),
  };
}
