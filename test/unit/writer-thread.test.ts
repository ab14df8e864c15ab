import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { openDatabase } from '../../src-main/store/database';
import { WriteStatements } from '../../src-main/store/write-statements';
import { tempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const deposit = (service: ExchangeService, amount: number, key: string) =>
  service.submit(
    {
      type: 'adjust_usd',
      participant_id: 'participant_a',
      adjustment_id: `adj-${key}`,
      amount,
      idempotency_key: key,
      reason: 'test',
    },
    'op',
  );
const open = async (writer: 'thread' | 'inline' = 'thread') => {
  const service = await ExchangeService.open({ dataDir: dir.path, writer });
  if (!service.engine.state.participants.has('participant_a'))
    await service.submit(
      { type: 'create_participant', participant_id: 'participant_a', name: 'a', role: 'consumer' },
      'op',
    );
  return service;
};
const journalSeqs = (service: ExchangeService) =>
  (service.store.db.prepare('SELECT seq FROM journal ORDER BY seq').all() as { seq: number }[]).map(
    (row) => row.seq,
  );

describe('group commit on the writer thread', () => {
  it('whenDurable waits for every command executed so far, across several batches', async () => {
    const service = await open();
    const acks = Array.from({ length: 1000 }, (_, i) => deposit(service, 1, `w${i}`));
    const last = service.lastSeq;
    await service.whenDurable();
    // Readable from the store now, not merely executed: what an idempotent retry reads back.
    expect(journalSeqs(service).at(-1)).toBe(last);
    await Promise.all(acks);
    service.close();
  });

  it('commits many batches in execution order and acknowledges each only once it is on disk', async () => {
    const service = await open();
    const before = service.lastSeq;
    let commits = 0;
    let durableAtAck = true;
    service.onCommit(() => commits++);
    const acks = Array.from({ length: 1000 }, (_, i) =>
      deposit(service, 1, `k${i}`).then(() => {
        // Read on the main thread's own connection: the commit is visible there before the ack.
        const seq = before + i + 1;
        if (!service.store.db.prepare('SELECT 1 FROM journal WHERE seq = ?').get(seq)) durableAtAck = false;
      }),
    );
    await Promise.all(acks);
    expect(durableAtAck).toBe(true);
    expect(commits).toBeGreaterThan(1);
    const seqs = journalSeqs(service);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    service.close();
    const reopened = await open();
    expect(reopened.engine.usdBalance('participant_a').total).toBe(1000);
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });

  it('stops at the first failed batch: it and everything after it is refused, nothing after it written', async () => {
    const service = await open();
    const before = service.lastSeq;
    const failAt = before + 300; // in the second batch
    service.store.db.exec(
      `CREATE TRIGGER fail_one BEFORE INSERT ON journal WHEN NEW.seq = ${failAt} BEGIN SELECT RAISE(ABORT, 'disk says no'); END`,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 700 }, (_, i) => deposit(service, 1, `k${i}`)),
    );
    const acknowledged = results.filter((r) => r.status === 'fulfilled').length;
    // Acknowledged: a prefix of the commands, all of it before the failed one, and all of it on disk.
    expect(acknowledged).toBeLessThan(failAt - before);
    expect(results.slice(0, acknowledged).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(service.store.lastSeq()).toBeGreaterThanOrEqual(before + acknowledged);
    expect(service.store.lastSeq()).toBeLessThan(failAt);
    await expect(deposit(service, 1, 'after')).rejects.toMatchObject({ status: 503 });
    service.close();
    const reopened = await open();
    expect(reopened.engine.usdBalance('participant_a').total).toBe(reopened.lastSeq - before);
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });

  it('answers an idempotent retry only once the first attempt is durable', async () => {
    for (const writer of ['thread', 'inline'] as const) {
      const service = await open(writer);
      const order: string[] = [];
      const first = deposit(service, 5, `retry-${writer}`).then(() => order.push('first'));
      const retry = deposit(service, 5, `retry-${writer}`).then(() => order.push('retry'));
      await Promise.all([first, retry]);
      expect(order).toEqual(['first', 'retry']);
      service.close();
    }
  });

  it('close() waits for the batches in flight and commits what is pending', async () => {
    const service = await open();
    const acks = Array.from({ length: 600 }, (_, i) => deposit(service, 1, `k${i}`));
    service.close();
    await Promise.all(acks);
    const reopened = await open();
    expect(reopened.engine.usdBalance('participant_a').total).toBe(600);
    reopened.close();
  });
});

describe('recorded write statements', () => {
  it('bind @name parameters by position, and run at once outside a recording', () => {
    const db = openDatabase(join(dir.path, 'x.db'));
    db.exec(`CREATE TABLE t (a INTEGER, b TEXT, c TEXT) STRICT`);
    const writes = new WriteStatements(db);
    const insert = writes.prepare(`INSERT INTO t (a, b, c) VALUES (@a, '@not_a_name', @c)`);
    const positional = writes.prepare('INSERT INTO t (a, b, c) VALUES (?, ?, ?)');
    expect(writes.sql[0]).toBe(`INSERT INTO t (a, b, c) VALUES (?, '@not_a_name', ?)`);
    const ops = writes.record(() => {
      insert.run({ c: 'x', a: 1, extra: true });
      positional.run(2, 'y', null);
    });
    expect(ops).toEqual([0, 2, 1, 'x', 1, 3, 2, 'y', null]);
    expect(() => writes.record(() => insert.run({ a: 1 }))).toThrow(/Missing named parameter "c"/);
    insert.run({ a: 3, c: 'z' });
    expect(db.prepare('SELECT * FROM t').all()).toEqual([{ a: 3, b: '@not_a_name', c: 'z' }]);
    expect(() => writes.prepare('INSERT INTO t (a, b) VALUES (?, @b)')).toThrow(/mixes/);
    writes.recordOnly = true;
    expect(() => insert.run({ a: 4, c: 'w' })).toThrow(/writer thread/);
    db.close();
  });
});
