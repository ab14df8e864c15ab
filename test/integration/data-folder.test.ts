import { chmodSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeExchange } from '../../src-main/service/compose';
import { BackupRefusedError, restoreBackup, takeBackup } from '../../src-main/service/backups';
import { ExchangeService, StorageDamagedError } from '../../src-main/service/exchange-service';
import { DataFolderInUseError } from '../../src-main/store/data-lock';
import { startTestExchange } from '../helpers/exchange-node';
import { tempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const mode = (path: string) => statSync(path).mode & 0o777;
const deposit = (service: ExchangeService, participant: string, key: string) =>
  service.submit(
    {
      type: 'adjust_usd',
      participant_id: participant,
      adjustment_id: `adj-${key}`,
      amount: 1,
      idempotency_key: key,
      reason: 'test',
    },
    'op',
  );

/** An exchange in `path` with one consumer and `count` acknowledged deposits; left open. */
async function withDeposits(path: string, count: number) {
  const service = await ExchangeService.open({ dataDir: path });
  await service.submit(
    { type: 'create_participant', participant_id: 'participant_a', name: 'a', role: 'consumer' },
    'op',
  );
  await Promise.all(Array.from({ length: count }, (_, i) => deposit(service, 'participant_a', `k${i}`)));
  return service;
}

describe('the data folder', () => {
  it('is held by one exchange at a time, and free again once it closes', async () => {
    const first = await ExchangeService.open({ dataDir: dir.path });
    await expect(ExchangeService.open({ dataDir: dir.path })).rejects.toThrow(DataFolderInUseError);
    await expect(ExchangeService.open({ dataDir: dir.path })).rejects.toThrow(
      `data folder in use by this process (${process.pid})`,
    );
    first.close();
    const second = await ExchangeService.open({ dataDir: dir.path });
    second.close();
  });

  it('starts over a lock file left by a process that is gone', async () => {
    writeFileSync(join(dir.path, 'exchange.pid'), '999999999\n');
    writeFileSync(join(dir.path, 'exchange.lock'), '');
    const service = await ExchangeService.open({ dataDir: dir.path });
    expect(readFileSync(join(dir.path, 'exchange.pid'), 'utf8').trim()).toBe(String(process.pid));
    service.close();
  });

  it('and every file in it are readable by their owner only, and old too-open ones are tightened', async () => {
    chmodSync(dir.path, 0o755);
    writeFileSync(join(dir.path, 'operator-token'), 'short\n', { mode: 0o644 });
    const exchange = await composeExchange({ dataDir: dir.path });
    await exchange.service.submit(
      { type: 'create_participant', participant_id: 'participant_a', name: 'a', role: 'consumer' },
      'op',
    );
    expect(mode(dir.path)).toBe(0o700);
    for (const file of [
      'exchange.db',
      'exchange.db-wal',
      'exchange.db-shm',
      'monitoring.db',
      'secrets.key',
    ]) {
      expect([file, mode(join(dir.path, file))]).toEqual([file, 0o600]);
    }
    // The short token was rewritten, and no longer readable by others.
    expect(readFileSync(join(dir.path, 'operator-token'), 'utf8')).not.toBe('short\n');
    expect(mode(join(dir.path, 'operator-token'))).toBe(0o600);
    exchange.close();
  });
});

describe('a damaged database', () => {
  it('truncated to nothing: refuses to start, naming the newest backup to restore', async () => {
    const service = await withDeposits(dir.path, 20);
    const backup = await takeBackup(service.store.db, dir.path, Date.now());
    service.close();
    truncateSync(join(dir.path, 'exchange.db'), 0);
    const start = ExchangeService.open({ dataDir: dir.path });
    await expect(start).rejects.toThrow(StorageDamagedError);
    await expect(ExchangeService.open({ dataDir: dir.path })).rejects.toThrow(
      new RegExp(`is empty, but it held \\d+ acknowledged commands.*--restore ${backup.path}`),
    );
    // Nothing was created in its place: the next start refuses the same way.
    expect(statSync(join(dir.path, 'exchange.db')).size).toBe(0);
  });

  it('missing while acknowledged commands were kept: refuses to start', async () => {
    const service = await withDeposits(dir.path, 5);
    service.close();
    rmSync(join(dir.path, 'exchange.db'));
    await expect(ExchangeService.open({ dataDir: dir.path })).rejects.toThrow(
      /exchange\.db is missing.*no backup in/,
    );
  });

  it('whose journal ends before the last acknowledged command (a lost WAL): refuses to start', async () => {
    const service = await withDeposits(dir.path, 5);
    const before = service.lastSeq;
    // The database as it was at `before`, as a lost WAL leaves it; then more is acknowledged.
    const snapshot = join(dir.path, 'snapshot.db');
    await service.store.db.backup(snapshot);
    await Promise.all(Array.from({ length: 15 }, (_, i) => deposit(service, 'participant_a', `more${i}`)));
    const last = service.lastSeq;
    service.close();
    rmSync(join(dir.path, 'exchange.db'));
    writeFileSync(join(dir.path, 'exchange.db'), readFileSync(snapshot));
    await expect(ExchangeService.open({ dataDir: dir.path })).rejects.toThrow(
      `the journal in ${join(dir.path, 'exchange.db')} ends at sequence ${before}, but ${last} acknowledged commands (through ${last}) were stored`,
    );
  });

  it('that is not a database at all: refuses to start with a message', async () => {
    const service = await withDeposits(dir.path, 1);
    service.close();
    writeFileSync(join(dir.path, 'exchange.db'), Buffer.alloc(8192, 0x5a));
    await expect(ExchangeService.open({ dataDir: dir.path })).rejects.toThrow(/exchange\.db is damaged/);
  });
});

describe('backups', () => {
  it('are taken while the exchange keeps committing, restore, and verify', async () => {
    const exchange = await composeExchange({ dataDir: dir.path, backups: { intervalMs: 0, keep: 2 } });
    const { service, ops } = exchange;
    await service.submit(
      { type: 'create_participant', participant_id: 'participant_a', name: 'a', role: 'consumer' },
      'op',
    );
    // Commands keep arriving while the backup is copied.
    const load = Array.from({ length: 2000 }, (_, i) => deposit(service, 'participant_a', `load${i}`));
    const taken = await ops.backups.create();
    await Promise.all(load);
    expect(taken.sequence).toBeGreaterThan(0);
    expect(mode(taken.path)).toBe(0o600);
    // Retention: the newest two stay.
    await ops.backups.create();
    await ops.backups.create();
    const listed = ops.backups.list();
    expect(listed.backups).toHaveLength(2);
    expect(existsSync(taken.path)).toBe(false);
    const newest = listed.backups[0]!;
    const balance = service.engine.usdBalance('participant_a').total;
    exchange.close();

    const other = tempDir();
    try {
      const restored = restoreBackup(other.path, newest.path, Date.now());
      expect(restored.seq).toBe(newest.sequence);
      const reopened = await ExchangeService.open({ dataDir: other.path });
      expect(reopened.verify()).toMatchObject({ ok: true });
      expect(reopened.engine.usdBalance('participant_a').total).toBe(balance);
      reopened.close();
    } finally {
      other.remove();
    }
  });

  it('are taken and listed by the operator over the admin API, and by no one else', async () => {
    const exchange = await startTestExchange();
    try {
      const taken = await exchange.api('/v1/admin/backups', { method: 'POST' });
      expect(taken.status).toBe(201);
      const { data } = (await taken.json()) as { data: { file: string; sequence: number } };
      expect(data.sequence).toBe(exchange.node.service.lastSeq);
      const listed = (await (await exchange.api('/v1/admin/backups')).json()) as {
        data: { backups: { file: string }[] };
      };
      expect(listed.data.backups.map((backup) => backup.file)).toEqual([data.file]);
      expect((await exchange.api('/v1/admin/backups', { method: 'POST', token: null })).status).toBe(401);
    } finally {
      await exchange.stop();
    }
  });

  it('are taken on schedule, one interval after the newest', async () => {
    let now = Date.parse('2026-12-06T08:00:00Z');
    const armed: { callback: () => void; ms: number }[] = [];
    const exchange = await composeExchange({
      dataDir: dir.path,
      clock: () => now,
      timers: {
        setTimeout: (callback, ms) => armed.push({ callback, ms }),
        clearTimeout: () => undefined,
      },
      backups: { intervalMs: 3_600_000, keep: 3 },
    });
    await exchange.start();
    const backupTimer = armed.find((timer) => timer.ms === 3_600_000)!;
    expect(exchange.ops.backups.list().backups).toHaveLength(0);
    now += 3_600_000;
    backupTimer.callback();
    await expect.poll(() => exchange.ops.backups.list().backups.length).toBe(1);
    expect(exchange.ops.backups.list().backups[0]!.created_at).toBe('2026-12-06T09:00:00.000Z');
    exchange.close();
  });

  it('a backup that does not verify is refused, and the data folder is left as it was', async () => {
    const service = await withDeposits(dir.path, 3);
    const backup = await takeBackup(service.store.db, dir.path, Date.now());
    const last = service.lastSeq;
    service.close();
    // Tamper with the copy's state tables: its journal no longer replays to them.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(backup.path);
    db.exec("UPDATE usd_balances SET total = total + 1000000 WHERE participant_id = 'participant_a'");
    db.close();
    expect(() => restoreBackup(dir.path, backup.path, Date.now())).toThrow(BackupRefusedError);
    expect(() => restoreBackup(dir.path, backup.path, Date.now())).toThrow(/does not verify/);
    const garbage = join(dir.path, 'garbage.db');
    writeFileSync(garbage, 'not a database at all'.repeat(500));
    expect(() => restoreBackup(dir.path, garbage, Date.now())).toThrow(/cannot be restored/);
    const reopened = await ExchangeService.open({ dataDir: dir.path });
    expect(reopened.store.lastSeq()).toBe(last);
    reopened.close();
  });

  it('are not restored over a running exchange', async () => {
    const service = await withDeposits(dir.path, 1);
    const backup = await takeBackup(service.store.db, dir.path, Date.now());
    expect(() => restoreBackup(dir.path, backup.path, Date.now())).toThrow(DataFolderInUseError);
    service.close();
  });
});
