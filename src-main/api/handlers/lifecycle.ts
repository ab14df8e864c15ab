import type { lifecycleRequests } from '../../../src-preload/contract-lifecycle';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/** The main side of the lifecycle requests. */
export function lifecycleHandlers(ops: Operations): HandlersFor<keyof typeof lifecycleRequests> {
  const life = ops.lifecycle;
  return {
    'sweeps.getSchedule': () => life.sweepSchedule(),
    'sweeps.setSchedule': (body, { actor }) => life.setSweepSchedule(body, actor),
    'sweeps.runNow': (_args, { actor }) => life.runSweepNow(actor),
    'sweeps.list': (query) => life.sweeps(query),
    'lots.live': () => life.liveLots(),
    'lots.expiries': ({ participant_id, limit }) => life.expiries(participant_id, limit),
    'transfers.toConsumption': ({ participant_id, ...body }, { actor }) =>
      life.transferToConsumption(participant_id, body, actor),
    'transfers.list': ({ participant_id, limit }) => life.transfers(participant_id, limit),
    'consumption.accounts': ({ participant_id, include_finished }) =>
      life.consumptionAccounts(participant_id, include_finished),
    'issuance.toTrading': ({ participant_id, ...body }, { actor }) =>
      life.issuanceToTrading(participant_id, body, actor),
    'issuance.accounts': ({ participant_id }) => life.issuanceAccounts(participant_id),
    'suppliers.liability': ({ participant_id }) => life.supplierLiability(participant_id),
    'autoMode.get': ({ participant_id }) => life.autoMode(participant_id),
    'autoMode.set': ({ participant_id, ...body }, { actor }) => life.setAutoMode(participant_id, body, actor),
    'suppliers.liabilityHistory': ({ participant_id, limit }) => life.liabilityHistory(participant_id, limit),
    'suppliers.fundedLots': ({ participant_id }) => life.fundedLots(participant_id),
    'autoMode.topUps': ({ participant_id, limit }) => life.topUps(participant_id, limit),
  };
}
