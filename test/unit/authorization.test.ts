import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../src-main/api/authorization';
import {
  contractDispatcher,
  operatorPrincipal,
  participantPrincipal,
} from '../../src-main/api/contract-handlers';
import type { Role } from '../../src-main/engine/participants';
import { composeExchange } from '../../src-main/service/compose';
import type { ExchangeService } from '../../src-main/service/exchange-service';
import type { Operations } from '../../src-main/service/operations';
import { requests, type Access, type ActsFor, type Principal } from '../../src-preload/contract';
import { newSigningKey } from '../helpers/signing';
import { tempDir } from '../helpers/temp-dir';

const OP = 'participant_op';
const CON = 'participant_con';
const SUP = 'participant_sup';
const ROLES: Record<string, Role> = { [OP]: 'operator', [CON]: 'consumer', [SUP]: 'supplier' };
const roleOf = (id: string) => ROLES[id];
const as = (id: string, anyone = false): Principal => ({
  participant_id: id,
  role: ROLES[id]!,
  may_act_as_anyone: anyone,
});

/** The status `authorize` answers (200 when allowed) and the participant it records the call as. */
function check(access: Access, actsFor: ActsFor | undefined, args: object, principal: Principal | null) {
  try {
    return { status: 200, actor: authorize('test.op', { access, actsFor }, args, principal, roleOf) };
  } catch (error) {
    return { status: (error as { status: number }).status, actor: null };
  }
}

describe('the authorization table', () => {
  it('admits each access kind to its callers only', () => {
    const table: [Access, string, number][] = [
      ['anonymous', CON, 200],
      ['participant', CON, 200],
      ['participant', SUP, 200],
      ['participant', OP, 200],
      ['consumer', CON, 200],
      ['consumer', SUP, 403],
      ['consumer', OP, 403],
      ['supplier', SUP, 200],
      ['supplier', CON, 403],
      ['operator', OP, 200],
      ['operator', CON, 403],
      ['operator', SUP, 403],
    ];
    for (const [access, caller, status] of table) {
      expect([access, caller, check(access, undefined, {}, as(caller)).status]).toEqual([
        access,
        caller,
        status,
      ]);
    }
    expect(check('anonymous', undefined, {}, null)).toEqual({ status: 200, actor: 'anonymous' });
    for (const access of ['participant', 'consumer', 'supplier', 'operator'] as const) {
      expect(check(access, undefined, {}, null).status).toBe(401);
    }
  });

  it('lets a participant act as itself only', () => {
    expect(check('participant', {}, { participant_id: CON }, as(CON))).toEqual({ status: 200, actor: CON });
    expect(check('participant', {}, { participant_id: SUP }, as(CON)).status).toBe(403);
    expect(check('participant', { operatorForOthers: true }, { participant_id: SUP }, as(CON)).status).toBe(
      403,
    );
    // Every argument that names the subject must name the caller.
    const both = { by: ['participant_id', 'supplier_id'] };
    expect(check('participant', both, { participant_id: CON, supplier_id: CON }, as(CON)).status).toBe(200);
    expect(check('participant', both, { participant_id: CON, supplier_id: SUP }, as(CON)).status).toBe(403);
  });

  it('lets the operator act for others only where declared, recorded as the operator', () => {
    expect(check('participant', { operatorForOthers: true }, { participant_id: CON }, as(OP))).toEqual({
      status: 200,
      actor: OP,
    });
    expect(check('participant', {}, { participant_id: CON }, as(OP)).status).toBe(403);
    // Across the exchange (nobody named): the operator only.
    const wide = { exchangeWide: true, operatorForOthers: true };
    expect(check('participant', wide, {}, as(OP))).toEqual({ status: 200, actor: OP });
    expect(check('participant', wide, {}, as(CON)).status).toBe(403);
    expect(check('participant', wide, { participant_id: CON }, as(CON))).toEqual({ status: 200, actor: CON });
  });

  it('lets a principal that may act as anyone take the named participant’s place, role and all', () => {
    const sandbox = as(OP, true);
    expect(check('participant', {}, { participant_id: CON }, sandbox)).toEqual({ status: 200, actor: CON });
    expect(check('supplier', {}, { participant_id: SUP }, sandbox)).toEqual({ status: 200, actor: SUP });
    expect(check('supplier', {}, { participant_id: CON }, sandbox).status).toBe(403);
    // An unknown participant is the operation's to answer (404), not a refusal.
    expect(check('participant', {}, { participant_id: 'participant_gone' }, sandbox).status).toBe(200);
  });

  it('declares every operation consistently', () => {
    for (const [name, operation] of Object.entries(requests)) {
      const declared = operation as { access: Access; actsFor?: ActsFor; admin?: unknown[] };
      // The operator's own operations name a participant as their target, never as whom they act for.
      if (declared.access === 'operator') expect([name, declared.actsFor]).toEqual([name, undefined]);
      // The admin API is the operator token's: only operations the operator may call have routes.
      if (declared.admin)
        expect([name, check(declared.access, declared.actsFor, {}, as(OP)).status]).toEqual([name, 200]);
    }
  });
});

describe('the dispatcher authorizes before anything runs', () => {
  let dir: ReturnType<typeof tempDir>;
  let service: ExchangeService;
  let ops: Operations;
  let dispatch: ReturnType<typeof contractDispatcher>;
  let consumer: string;
  let other: string;
  let supplier: string;

  beforeAll(async () => {
    dir = tempDir();
    ({ service, ops } = await composeExchange({ dataDir: dir.path }));
    dispatch = contractDispatcher(ops);
    const operator = service.operator()!.participant_id;
    const create = async (name: string, role: 'consumer' | 'supplier') =>
      (await ops.createParticipant({ name, role }, operator)).participant_id;
    consumer = await create('Own', 'consumer');
    other = await create('Other', 'consumer');
    supplier = await create('Supplier', 'supplier');
  });
  afterAll(() => {
    service.close();
    dir.remove();
  });

  it('refuses a participant acting as another with 403, and changes nothing', async () => {
    const before = service.lastSeq;
    const principal = participantPrincipal(ops, consumer);
    const reply = await dispatch(
      'consumption.createKey',
      { participant_id: other, name: 'stolen' },
      { principal },
    );
    expect(reply).toMatchObject({ ok: false, error: { status: 403 } });
    expect(service.lastSeq).toBe(before);
    expect(ops.consumptionKeys.list(other)).toEqual([]);
    const own = await dispatch(
      'consumption.createKey',
      { participant_id: consumer, name: 'mine' },
      { principal },
    );
    expect(own).toMatchObject({ ok: true, result: { participant_id: consumer, name: 'mine' } });
  });

  it("refuses the exchange-wide lists and the operator's requests to participants", async () => {
    const principal = participantPrincipal(ops, supplier);
    for (const [name, args] of [
      ['endpoints.list', {}],
      ['usage.list', {}],
      ['roster.probe', { entry_id: `roster_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}` }],
      ['referencePrices.publish', {}],
      ['participants.list', {}],
      ['sweeps.runNow', {}],
    ] as const) {
      const reply = await dispatch(name, args, { principal });
      expect([name, reply.ok ? 200 : reply.error.status]).toEqual([name, 403]);
    }
    expect(await dispatch('endpoints.list', { participant_id: supplier }, { principal })).toMatchObject({
      ok: true,
      result: [],
    });
  });

  it('tells the desktop it is the operator acting as anyone', async () => {
    expect(await dispatch('session.principal', {}, { principal: operatorPrincipal(ops) })).toEqual({
      ok: true,
      result: {
        participant_id: service.operator()!.participant_id,
        role: 'operator',
        may_act_as_anyone: true,
      },
    });
    expect(await dispatch('session.principal', {}, { principal: null })).toMatchObject({
      ok: false,
      error: { status: 401 },
    });
  });

  it('records what the operator does for another participant as the operator', async () => {
    const operator = operatorPrincipal(ops);
    const key = newSigningKey().publicKey;
    const reply = await dispatch(
      'keys.register',
      { participant_id: other, public_key: key },
      { principal: operator },
    );
    expect(reply).toMatchObject({ ok: true, result: { participant_id: other } });
    expect(ops.audit({ limit: 1 })[0]).toMatchObject({ actor: operator.participant_id });
  });
});
