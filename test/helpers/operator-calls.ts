import {
  contractDispatcher,
  operatorPrincipal,
  participantPrincipal,
} from '../../src-main/api/contract-handlers';
import type { Operations } from '../../src-main/service/operations';
import type { ContractCall } from './supply';

/** The in-process contract dispatcher, as the desktop's sandbox calls it (the operator, acting as anyone). */
export function operatorCalls(ops: Operations): ContractCall {
  const dispatch = contractDispatcher(ops);
  const principal = operatorPrincipal(ops);
  return (name, args) => dispatch(name, args, { principal });
}

/** How a test calls as `participantId`: the operator's sandbox principal for the operator, else that participant's own. */
export function principalFor(ops: Operations, participantId: string) {
  return participantId === ops.service.operator()!.participant_id
    ? operatorPrincipal(ops)
    : participantPrincipal(ops, participantId);
}
