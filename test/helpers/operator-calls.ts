import { contractDispatcher } from '../../src-main/api/contract-handlers';
import type { Operations } from '../../src-main/service/operations';
import type { ContractCall } from './supply';

/** The in-process contract dispatcher, acting as the exchange operator. */
export function operatorCalls(ops: Operations): ContractCall {
  const dispatch = contractDispatcher(ops);
  const operator = ops.service.operator()!.participant_id;
  return (name, args) => dispatch(name, args, { actor: operator });
}
