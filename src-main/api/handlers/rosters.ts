import type { rosterRequests } from '../../../src-preload/contract-rosters';
import type { Operations } from '../../service/operations';
import type { HandlersFor } from '../contract-handlers';

/**
 * The main side of the roster requests: suppliers apply their own endpoints and probe their own entries;
 * decisions and revisions are the operator's (by their declarations; the engine refuses them too).
 */
export function rosterHandlers(ops: Operations): HandlersFor<keyof typeof rosterRequests> {
  const rosters = ops.rosters;
  return {
    'roster.list': ({ instrument_id }) => rosters.roster(instrument_id),
    'roster.mine': ({ participant_id }) => rosters.mine(participant_id),
    'roster.apply': ({ participant_id, endpoint_id, ...body }, { actor }) =>
      rosters.apply(participant_id, endpoint_id, body, actor),
    'roster.decide': ({ entry_id, action, reason }, { actor }) =>
      rosters.decide(entry_id, action, reason, actor),
    'roster.probe': ({ entry_id, participant_id }) => {
      const reason = participant_id === undefined ? "operator's request" : "supplier's request";
      return rosters.probe(entry_id, reason, participant_id).probe;
    },
    'roster.probes': ({ entry_id, limit }) => rosters.probeHistory(entry_id, limit),
    'roster.samples': ({ entry_id }) => rosters.samples(entry_id),
    'specs.revisions': ({ instrument_id }) => rosters.revisions(instrument_id),
    'specs.preview': ({ instrument_id, spec }) => rosters.preview(instrument_id, spec),
    'specs.publish': (body, { actor }) => rosters.publish(body, actor),
  };
}
