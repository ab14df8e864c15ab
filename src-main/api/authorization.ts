import type { Access, Operation, Principal } from '../../src-preload/contract';
import type { Role } from '../engine/participants';
import { ExchangeError } from '../service/errors';

/** The one authorization check: who may call an operation, and whom a call acts for. */

/** Recorded as the actor of an anonymous call made without any principal. */
export const ANONYMOUS = 'anonymous';

const DEFAULT_SUBJECT = ['participant_id'] as const;

function allows(access: Access, role: Role): boolean {
  return access === 'participant' || access === 'anonymous' || access === role;
}

function refuseRole(name: string, access: Access, role: Role): never {
  const who = access === 'operator' ? 'the exchange operator' : `${access}s`;
  throw new ExchangeError(403, `${name} is for ${who} only (you act as a ${role})`);
}

/**
 * Decides, from the operation's declaration alone, whether `principal` may make this call with these
 * (validated) arguments, before anything runs; answers the participant the call is recorded as.
 *
 * A participant acts only as itself. The operator may name another participant where the declaration
 * allows it (recorded as the operator), and act across the exchange where the declaration has no
 * participant named. A principal that may act as anyone (the desktop's own sandbox, the operator token)
 * takes the named participant's place, role and all, and the call is recorded as that participant's.
 */
export function authorize(
  name: string,
  operation: Pick<Operation, 'access' | 'actsFor'>,
  args: unknown,
  principal: Principal | null,
  roleOf: (participantId: string) => Role | undefined,
): string {
  if (operation.access === 'anonymous') return principal?.participant_id ?? ANONYMOUS;
  if (!principal) throw new ExchangeError(401, 'authenticate first: send {"op":"auth",...}');
  const self = principal.participant_id;
  const actsFor = operation.actsFor;
  const named = actsFor ? namedParticipants(actsFor.by ?? DEFAULT_SUBJECT, args) : [];
  const others = named.filter((id) => id !== self);

  if (named.length === 0 && actsFor?.exchangeWide) {
    if (principal.role !== 'operator') {
      throw new ExchangeError(403, `${name} across the whole exchange is the operator's; name yourself`);
    }
    return self;
  }
  if (others.length === 0) {
    if (!allows(operation.access, principal.role)) refuseRole(name, operation.access, principal.role);
    return self;
  }
  if (principal.role === 'operator' && actsFor?.operatorForOthers) return self;
  if (principal.may_act_as_anyone && named.length === 1) {
    const subject = named[0]!;
    // An unknown participant is left to the operation, which answers 404 as it always has.
    const role = roleOf(subject);
    if (role && !allows(operation.access, role)) refuseRole(name, operation.access, role);
    return subject;
  }
  throw new ExchangeError(403, `you act as ${self} only; ${name} may not act for ${others[0]}`);
}

/** The distinct participant ids the call names in the declaration's subject arguments. */
function namedParticipants(fields: readonly string[], args: unknown): string[] {
  const record = (args ?? {}) as Record<string, unknown>;
  const ids = fields.map((field) => record[field]).filter((id): id is string => typeof id === 'string');
  return [...new Set(ids)];
}
