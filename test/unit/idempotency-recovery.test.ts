import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src-main/engine/commands';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';
import { approveSupply, PRIME } from './exchange/fixtures';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('idempotent issuance and transfers across a restart', () => {
  it('a retry after a restart answers the first result; another body with the key is a 409', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    await service.submit(
      { type: 'create_participant', participant_id: 'participant_s', name: 's', role: 'supplier' },
      'test',
    );
    const operator = service.operator()!.participant_id;
    for (const command of approveSupply('participant_s', PRIME.instrument_id))
      await service.submit(command, operator);
    const issue: Command = {
      type: 'issue_units',
      participant_id: 'participant_s',
      instrument_id: PRIME.instrument_id,
      quantity: 7,
      idempotency_key: 'after-timeout',
    };
    const first = await service.submit(issue, 'participant_s');
    service.close();

    const reopened = await ExchangeService.open({ dataDir: dir.path });
    const seq = reopened.lastSeq;
    const again = await reopened.submit(issue, 'participant_s');
    expect(again).toMatchObject({ replayed: true, result: first.result });
    expect(reopened.lastSeq).toBe(seq);
    await expect(reopened.submit({ ...issue, quantity: 8 }, 'participant_s')).rejects.toMatchObject({
      status: 409,
    });
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });
});
