import type { rosterRequests } from '../../../src-preload/contract-rosters';
import { ExchangeError } from '../../service/errors';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/**
 * The main side of the roster requests: suppliers apply their own endpoints and probe their own entries;
 * decisions and revisions are the operator's (the engine refuses them from anyone else).
 */
export function rosterHandlers(ops: Operations): HandlersFor<keyof typeof rosterRequests> {
  const rosters = ops.rosters;
  const operatorOnly = (actor: string) => {
    if (ops.service.engine.state.participants.get(actor)?.role !== 'operator')
      throw new ExchangeError(403, 'only the exchange operator does this');
  };
  return {
    'roster.list': ({ instrument_id }) => rosters.roster(instrument_id),
    'roster.mine': ({ participant_id }) => rosters.mine(participant_id),
    'roster.apply': ({ participant_id, endpoint_id, ...body }) =>
      rosters.apply(participant_id, endpoint_id, body, participant_id),
    'roster.decide': ({ entry_id, action, reason }, { actor }) =>
      rosters.decide(entry_id, action, reason, actor),
    'roster.probe': ({ entry_id, participant_id }, { actor }) => {
      if (participant_id === undefined) operatorOnly(actor);
      const reason = participant_id === undefined ? "operator's request" : "supplier's request";
      return rosters.probe(entry_id, reason, participant_id).probe;
    },
    'roster.probes': ({ entry_id, limit }) => rosters.probeHistory(entry_id, limit),
    'roster.samples': ({ entry_id }) => rosters.samples(entry_id),
    'specs.revisions': ({ instrument_id }) => rosters.revisions(instrument_id),
    'specs.preview': ({ instrument_id, spec }) => rosters.preview(instrument_id, spec),
    'specs.publish': (body, { actor }) => {
      operatorOnly(actor);
      return rosters.publish(body, actor);
    },
  };
}
