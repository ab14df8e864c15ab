import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { unitKey } from '../../src-main/engine/orders';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const deposit = (service: ExchangeService, participantId: string, amount: number, key: string) =>
  service.submit(
    {
      type: 'adjust_usd',
      participant_id: participantId,
      adjustment_id: `adj-${key}`,
      amount,
      idempotency_key: key,
      reason: 'test',
    },
    'op',
  );
const create = (service: ExchangeService, id: string) =>
  service.submit({ type: 'create_participant', participant_id: id, name: id, role: 'consumer' }, 'op');

describe('exchange store', () => {
  it('sets up a new database with WAL, full sync, foreign keys and every migration', () => {
    const db = openDatabase(join(dir.path, 'x.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database written by a newer version of the app', () => {
    const path = join(dir.path, 'x.db');
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this app knows/);
  });

  it('upgrades a database from before gated issuance: its old issuances replay as they ran then', async () => {
    // What the previous version left: issuances with no approval, into trading by default (made here
    // with the legacy form of the command, then stripped back to the old journal and schema 4).
    const old = await ExchangeService.open({ dataDir: dir.path });
    const operator = old.operator()!.participant_id;
    const instrument = [...old.engine.state.instruments.values()][0]!.instrument_id;
    await old.submit(
      { type: 'create_participant', participant_id: 'participant_s', name: 's', role: 'supplier' },
      operator,
    );
    const issue = {
      type: 'issue_units',
      participant_id: 'participant_s',
      instrument_id: instrument,
    } as const;
    await old.submit({ ...issue, quantity: 10, legacy: true }, 'participant_s');
    await old.submit({ ...issue, quantity: 4, legacy: true, to_trading: false }, 'participant_s');
    old.store.db.exec(`
      UPDATE journal SET command = json_remove(command, '$.legacy') WHERE type = 'issue_units';
      DROP TABLE supply_registrations; DROP INDEX issuances_by_participant;
      DROP TABLE consumption_keys; DROP TABLE model_endpoints; DROP TABLE reservations; DROP TABLE calls;
      DROP TABLE roster_entries; DROP TABLE spec_revisions; DROP TABLE exchange_settings;
      DROP INDEX orders_pending; ALTER TABLE orders DROP COLUMN stop_price_ticks; DROP TABLE idempotent_results;
      ALTER TABLE orders DROP COLUMN stop_cap_ticks; ALTER TABLE orders DROP COLUMN queue_rank;
      ALTER TABLE supplier_liability DROP COLUMN units_self_consumed;
      PRAGMA user_version = 4;`);
    old.close();

    const upgraded = await ExchangeService.open({ dataDir: dir.path });
    expect(upgraded.verify().ok).toBe(true);
    const key = unitKey('participant_s', instrument);
    expect(upgraded.engine.state.units.get(key)?.total).toBe(10);
    expect(upgraded.engine.state.issuance.get(key)).toBe(4);
    // New issuances are gated.
    await expect(upgraded.submit({ ...issue, quantity: 1 }, 'participant_s')).rejects.toMatchObject({
      status: 403,
    });
    upgraded.close();
  });

  it('seeds nine instruments and an operator on first start, once', async () => {
    const first = await ExchangeService.open({ dataDir: dir.path });
    const seq = first.lastSeq;
    expect(first.engine.state.instruments.size).toBe(9);
    expect(first.operator()?.role).toBe('operator');
    first.close();
    const second = await ExchangeService.open({ dataDir: dir.path });
    expect(second.lastSeq).toBe(seq);
    second.close();
  });

  it('restores balances after a restart and replays its journal to the same state hash', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    await create(service, 'participant_a');
    await Promise.all([
      deposit(service, 'participant_a', 7_000_000, 'k1'),
      deposit(service, 'participant_a', 3_000_000, 'k2'),
    ]);
    service.close();
    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(reopened.engine.usdBalance('participant_a')).toEqual({ total: 10_000_000, locked: 0 });
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });

  it('verification notices state tables that disagree with the journal', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    await create(service, 'participant_a');
    await deposit(service, 'participant_a', 5_000_000, 'k1');
    service.store.db.prepare('UPDATE usd_balances SET total = total + 1').run();
    expect(service.verify()).toMatchObject({ ok: false });
    service.close();
  });

  it('commits commands that arrive together in one transaction, and acknowledges none before it', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    await create(service, 'participant_a');
    const before = service.lastSeq;
    let commits = 0;
    service.onCommit(() => commits++);
    const acks = Array.from({ length: 50 }, (_, i) =>
      deposit(service, 'participant_a', 1_000_000, `batch-${i}`),
    );
    const count = () =>
      (
        service.store.db.prepare('SELECT count(*) AS n FROM journal WHERE seq > ?').get(before) as {
          n: number;
        }
      ).n;
    expect(count()).toBe(0);
    await Promise.all(acks);
    expect(count()).toBe(50);
    expect(commits).toBe(1);
    service.close();
  });

  it('writes nothing of a batch whose commit fails, and stops taking commands', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    await create(service, 'participant_a');
    const before = service.lastSeq;
    // A trigger makes the second insert of the batch fail inside the transaction.
    service.store.db.exec(
      `CREATE TRIGGER fail_second BEFORE INSERT ON journal WHEN NEW.seq = ${before + 2} BEGIN SELECT RAISE(ABORT, 'disk says no'); END`,
    );
    const results = await Promise.allSettled([
      deposit(service, 'participant_a', 1, 'a'),
      deposit(service, 'participant_a', 2, 'b'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(service.store.lastSeq()).toBe(before);
    await expect(deposit(service, 'participant_a', 3, 'c')).rejects.toMatchObject({ status: 503 });
    service.close();
    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(reopened.engine.usdBalance('participant_a').total).toBe(0);
    reopened.close();
  });

  it('keeps signing keys and reference price publications across a restart, and replays to the same state', async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    await create(service, 'participant_a');
    const instrument = [...service.engine.state.instruments.keys()][0]!;
    const key = { fingerprint: 'fp1', participant_id: 'participant_a', public_key: 'pk', label: 'bot' };
    await service.submit({ type: 'register_signing_key', key }, 'op');
    await expect(service.submit({ type: 'register_signing_key', key }, 'op')).rejects.toMatchObject({
      status: 409,
    });
    await service.submit(
      { type: 'revoke_signing_key', fingerprint: 'fp1', participant_id: 'participant_a' },
      'op',
    );
    const price = {
      instrument_id: instrument,
      published_at: 5,
      price_micros: 2_500_000,
      method: 'vwap' as const,
      stale: false,
      volume: 3,
      window_start: 0,
      window_end: 5,
      average_30d_micros: 2_500_000,
    };
    await service.submit({ type: 'publish_reference_prices', prices: [price] }, 'op');
    service.close();
    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(reopened.engine.state.signingKeys.get('fp1')).toMatchObject({
      participant_id: 'participant_a',
      revoked_at: expect.any(Number),
    });
    expect(reopened.engine.state.referencePrices.get(instrument)).toEqual(price);
    expect(reopened.verify()).toMatchObject({ ok: true });
    reopened.close();
  });
});
