// "Restore from a backup…" on the desktop's connection screen, through the shell module's injected
// seams (the file dialog, stopping and starting the embedded exchange) on real exchange folders.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ShellError } from '../../../src-main/app/connections';
import { BackupRestorer } from '../../../src-main/app/restore';
import { shellDispatcher } from '../../../src-main/app/shell-ipc';
import type { ShellHandlers } from '../../../src-main/app/shell-ipc';
import { takeBackup } from '../../../src-main/service/backups';
import { ExchangeService } from '../../../src-main/service/exchange-service';
import { tempDir } from '../../helpers/temp-dir';

const dirs: { remove(): void }[] = [];
function folder(): string {
  const dir = tempDir('grid-desk-restore-');
  dirs.push(dir);
  return dir.path;
}

/** An exchange in `path` with one consumer and `count` deposits; left open. */
async function exchangeWith(path: string, count: number): Promise<ExchangeService> {
  const service = await ExchangeService.open({ dataDir: path });
  await service.submit(
    { type: 'create_participant', participant_id: 'participant_a', name: 'a', role: 'consumer' },
    'op',
  );
  for (let i = 0; i < count; i++)
    await service.submit(
      {
        type: 'adjust_usd',
        participant_id: 'participant_a',
        adjustment_id: `adj-${i}`,
        amount: 1,
        idempotency_key: `k${i}`,
        reason: 'test',
      },
      'op',
    );
  return service;
}

/** A verified backup of an exchange with `count` deposits, taken in a folder of its own. */
async function backupWith(count: number): Promise<{ path: string; seq: number }> {
  const service = await exchangeWith(folder(), count);
  try {
    const backup = await takeBackup(service.store.db, service.dataDir, Date.now());
    return { path: backup.path, seq: backup.seq };
  } finally {
    service.close();
  }
}

/**
 * The desktop's embedded exchange in a data folder, running, and a restorer whose seams stop, start and
 * reopen it as main.ts does; `events` records what the shell was asked to do, in order.
 */
async function desktop(options: { deposits: number; picks: (string | null)[]; startFails?: boolean }) {
  const dataDir = folder();
  const events: string[] = [];
  const desk = { service: (await exchangeWith(dataDir, options.deposits)) as ExchangeService | null };
  const restorer = new BackupRestorer({
    dataDir,
    pickFile: () => Promise.resolve(options.picks.shift() ?? null),
    stopEmbedded: () => {
      events.push('stop');
      desk.service?.close();
      desk.service = null;
      return Promise.resolve();
    },
    startEmbedded: async () => {
      events.push('start');
      if (options.startFails) throw new Error('port 7420 is taken');
      desk.service = await ExchangeService.open({ dataDir });
    },
    resume: async () => {
      events.push('resume');
      desk.service = await ExchangeService.open({ dataDir });
    },
    now: () => Date.parse('2026-12-06T10:30:00.000Z'),
  });
  dirs.push({ remove: () => desk.service?.close() });
  return { dataDir, events, desk, restorer };
}

afterEach(() => {
  for (const dir of dirs.splice(0).reverse()) dir.remove();
});

/** Breaks a backup's state so its journal no longer replays to it. */
function tamper(path: string): void {
  const db = new Database(path);
  db.exec("UPDATE usd_balances SET total = total + 1000000 WHERE participant_id = 'participant_a'");
  db.close();
}

async function refusal(promise: Promise<unknown>): Promise<ShellError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ShellError);
  return error as ShellError;
}

describe('restoring the embedded exchange from a backup', () => {
  it('shows what a picked backup holds, once checked, with the exchange still running', async () => {
    const backup = await backupWith(4);
    const { restorer, events, desk, dataDir } = await desktop({ deposits: 9, picks: [backup.path] });
    const current = desk.service!.lastSeq;
    const candidate = await restorer.pick();
    expect(candidate).toMatchObject({
      file: backup.path.split('/').pop(),
      path: backup.path,
      sequence: backup.seq,
      commands: backup.seq,
      data_dir: dataDir,
      current: { sequence: current },
    });
    expect(candidate!.bytes).toBeGreaterThan(0);
    expect(Date.parse(candidate!.last_command_at!)).not.toBeNaN();
    // Checking it stopped nothing and left nothing behind in the data folder.
    expect(events).toEqual([]);
    expect(desk.service!.lastSeq).toBe(current);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.inspecting'))).toEqual([]);
  });

  it('on confirmation stops the exchange, puts the backup in place, keeps the old data aside and starts on it', async () => {
    const backup = await backupWith(2);
    const { restorer, events, desk, dataDir } = await desktop({
      deposits: 7,
      picks: [backup.path, backup.path],
    });
    const before = desk.service!.lastSeq;
    const candidate = (await restorer.pick())!;
    const restored = await restorer.restore(candidate.id);
    expect(events).toEqual(['stop', 'start']);
    expect(restored).toEqual({
      sequence: backup.seq,
      commands: backup.seq,
      kept_in: join(dataDir, 'replaced-20261206T103000000Z'),
    });
    // The exchange now runs on the backup; the data it replaced is whole in its folder.
    expect(desk.service!.lastSeq).toBe(backup.seq);
    const kept = new Database(join(restored.kept_in!, 'exchange.db'), { readonly: true });
    expect(kept.prepare('SELECT max(seq) AS seq FROM journal').get()).toEqual({ seq: before });
    kept.close();
    // A pick is restored once.
    expect((await refusal(restorer.restore(candidate.id))).status).toBe(404);
    // Restored again (the same clock time here), the data it replaces goes to a folder of its own.
    const again = await restorer.restore((await restorer.pick())!.id);
    expect(again.kept_in).toBe(join(dataDir, 'replaced-20261206T103000000Z-2'));
    const first = new Database(join(restored.kept_in!, 'exchange.db'), { readonly: true });
    expect(first.prepare('SELECT max(seq) AS seq FROM journal').get()).toEqual({ seq: before });
    first.close();
  });

  it('refuses a backup that does not verify, with the reason, and changes nothing', async () => {
    const backup = await backupWith(3);
    tamper(backup.path);
    const stranger = join(folder(), 'other-app.sqlite');
    const db = new Database(stranger);
    db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
    db.close();
    const garbage = join(folder(), 'garbage.db');
    writeFileSync(garbage, 'not a database'.repeat(100));
    const { restorer, events, desk, dataDir } = await desktop({
      deposits: 5,
      picks: [backup.path, stranger, garbage],
    });
    const before = desk.service!.lastSeq;
    const tampered = await refusal(restorer.pick());
    expect(tampered.status).toBe(422);
    expect(tampered.message).toMatch(/does not verify.*nothing was changed/);
    expect((await refusal(restorer.pick())).message).toMatch(/not a Grid Desk exchange database/);
    expect((await refusal(restorer.pick())).message).toMatch(/cannot be restored/);
    expect(events).toEqual([]);
    expect(desk.service!.lastSeq).toBe(before);
    expect(readdirSync(dataDir).filter((name) => /^replaced-|inspecting|restoring/.test(name))).toEqual([]);
  });

  it('refuses a file changed since it was checked, and reopens the exchange as it was', async () => {
    const backup = await backupWith(3);
    const { restorer, events, desk, dataDir } = await desktop({ deposits: 6, picks: [backup.path] });
    const before = desk.service!.lastSeq;
    const candidate = (await restorer.pick())!;
    tamper(backup.path);
    const error = await refusal(restorer.restore(candidate.id));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/does not verify/);
    expect(events).toEqual(['stop', 'resume']);
    expect(desk.service!.lastSeq).toBe(before);
    expect(existsSync(join(dataDir, 'exchange.db.restoring'))).toBe(false);
  });

  it('says the backup is in place when the exchange then fails to start, rather than that nothing changed', async () => {
    const backup = await backupWith(2);
    const { restorer, events, dataDir } = await desktop({
      deposits: 3,
      picks: [backup.path],
      startFails: true,
    });
    const candidate = (await restorer.pick())!;
    const error = await refusal(restorer.restore(candidate.id));
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      `the backup was restored (through sequence ${backup.seq}; the data it replaced is in ${join(dataDir, 'replaced-20261206T103000000Z')}), but the embedded exchange did not start: port 7420 is taken`,
    );
    expect(events).toEqual(['stop', 'start']);
  });

  it('does nothing when the dialog is cancelled, and restores only the file picked', async () => {
    const { restorer, events } = await desktop({ deposits: 1, picks: [null] });
    expect(await restorer.pick()).toBeNull();
    expect((await refusal(restorer.restore('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect(events).toEqual([]);
  });

  it('is asked for by the page with a pick id only: a file path in the request is refused', async () => {
    const handlers = { 'pick-backup': () => null, 'restore-backup': () => null } as unknown as ShellHandlers;
    const dispatch = shellDispatcher(handlers, () => undefined);
    expect(await dispatch({ kind: 'restore-backup', path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { status: 400, detail: 'unknown or malformed shell request' },
    });
    expect(await dispatch({ kind: 'restore-backup', id: '' })).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
    expect(await dispatch({ kind: 'pick-backup' })).toEqual({ ok: true, result: null });
  });
});
