import { describe, expect, it, vi } from 'vitest';
import { updateFlow } from '../../../src-main/app/updates';
import type { Updater } from '../../../src-main/app/updates';

function updater(version: string | null): Updater & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    autoDownload: true,
    autoInstallOnAppQuit: false,
    checkForUpdates: () => {
      calls.push('check');
      return Promise.resolve(
        version
          ? { isUpdateAvailable: true, updateInfo: { version } }
          : { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } },
      );
    },
    downloadUpdate: () => {
      calls.push('download');
      return Promise.resolve([]);
    },
    quitAndInstall: () => void calls.push('install'),
  };
}

/** A user who answers each prompt with the button at these indexes, in turn; records the prompts. */
function user(...answers: number[]) {
  const asked: string[] = [];
  return {
    asked,
    ask: vi.fn((message: string) => {
      asked.push(message);
      return Promise.resolve(answers.shift() ?? 0);
    }),
  };
}

describe('updates', () => {
  it('never downloads without asking, and asks again before restarting', async () => {
    const feed = updater('0.2.0');
    const person = user(0, 0);
    const flow = updateFlow({ updater: feed, ask: person.ask, currentVersion: '0.1.0', log: vi.fn() });
    expect(feed.autoDownload).toBe(false);
    expect(await flow.check(false)).toBe('restarting');
    expect(person.asked).toEqual(['Grid Desk 0.2.0 is available', 'Grid Desk 0.2.0 is ready']);
    expect(feed.calls).toEqual(['check', 'download', 'install']);
  });

  it('leaves everything as it is when the user says later, or installs on quit', async () => {
    const later = updater('0.2.0');
    expect(
      await updateFlow({ updater: later, ask: user(1).ask, currentVersion: '0.1.0', log: vi.fn() }).check(
        false,
      ),
    ).toBe('declined');
    expect(later.calls).toEqual(['check']);
    const onQuit = updater('0.2.0');
    expect(
      await updateFlow({ updater: onQuit, ask: user(0, 1).ask, currentVersion: '0.1.0', log: vi.fn() }).check(
        false,
      ),
    ).toBe('install-on-quit');
    expect(onQuit.autoInstallOnAppQuit).toBe(true);
    expect(onQuit.calls).toEqual(['check', 'download']);
  });

  it('says "up to date" or "no feed" only when asked by hand', async () => {
    const quiet = user();
    expect(
      await updateFlow({
        updater: updater(null),
        ask: quiet.ask,
        currentVersion: '0.1.0',
        log: vi.fn(),
      }).check(false),
    ).toBe('up-to-date');
    expect(quiet.asked).toEqual([]);
    const manual = user();
    expect(
      await updateFlow({
        updater: updater(null),
        ask: manual.ask,
        currentVersion: '0.1.0',
        log: vi.fn(),
      }).check(true),
    ).toBe('up-to-date');
    expect(
      await updateFlow({ updater: null, ask: manual.ask, currentVersion: '0.1.0', log: vi.fn() }).check(true),
    ).toBe('no-feed');
    expect(manual.asked).toEqual(['Grid Desk is up to date', 'No updates here']);
  });

  it('reports a failed check to a user who asked, and logs it', async () => {
    const broken = { ...updater('0.2.0'), checkForUpdates: () => Promise.reject(new Error('offline')) };
    const log = vi.fn();
    const person = user();
    expect(
      await updateFlow({ updater: broken, ask: person.ask, currentVersion: '0.1.0', log }).check(true),
    ).toBe('failed');
    expect(person.asked).toEqual(['Could not check for updates']);
    expect(log.mock.calls[0]![0]).toContain('offline');
  });

  it('runs one check at a time', async () => {
    const feed = updater(null);
    const flow = updateFlow({ updater: feed, ask: user().ask, currentVersion: '0.1.0', log: vi.fn() });
    await Promise.all([flow.check(false), flow.check(true)]);
    expect(feed.calls).toEqual(['check']);
  });
});
