// The desktop app's page in Chromium, with a stand-in for the preload's shell bridge (the Electron main
// process is unit-tested in test/unit/app): the first-run choice, restoring from a backup, and a saved
// remote node whose first message the "main process" makes, so no credential reaches the page.
import { expect, test, type Page } from '@playwright/test';
import { DESK_VIEWPORT, SHOTS, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-desktop-shell-');

interface FakeShell {
  active: unknown;
  saved: unknown[];
  token: string;
  /** The shell's replies to `pick-backup` and to `restore-backup`, each in turn. */
  picks?: unknown[];
  restores?: unknown[];
}

/** Installs `window.gridDeskShell` before the page's scripts run; requests are recorded in `window.shellRequests`. */
async function withShell(page: Page, shell: FakeShell) {
  await page.addInitScript((config: FakeShell) => {
    const requests: unknown[] = [];
    Object.assign(globalThis, {
      shellRequests: requests,
      gridDeskShell: {
        request(request: { kind: string }) {
          requests.push(request);
          const ok = (result: unknown) => Promise.resolve({ ok: true, result });
          switch (request.kind) {
            case 'connections':
              return ok({ active: config.active, saved: config.saved, keychain: true });
            case 'remote-auth':
              return ok({ op: 'auth', token: config.token });
            case 'pick-backup':
              return Promise.resolve(config.picks?.shift());
            case 'restore-backup':
              return Promise.resolve(config.restores?.shift());
            default:
              return ok(null);
          }
        },
        onCommand: () => () => undefined,
      },
    });
  }, shell);
}

test('first run asks which exchange to work on', async ({ browser }) => {
  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  try {
    await withShell(page, { active: null, saved: [], token: '' });
    await page.goto(web.exchange.baseUrl);
    await expect(page.getByRole('heading', { name: 'Welcome to Grid Desk' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Embedded sandbox/ })).toContainText('You act as anyone');
    await page.getByRole('button', { name: /^Embedded sandbox/ }).click();
    expect(await page.evaluate('window.shellRequests')).toContainEqual({
      kind: 'choose-connection',
      choice: { kind: 'embedded', sandbox: true },
    });
  } finally {
    await context.close();
  }
});

test('a saved remote node opens with the first message the main process makes', async ({ browser }) => {
  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  try {
    await withShell(page, {
      active: { kind: 'remote', id: 'c1' },
      saved: [
        { id: 'c1', name: 'Shared node', url: web.exchange.baseUrl, credential: 'token', fingerprint: null },
      ],
      token: web.token,
    });
    // The page is a stand-in for the app's own file:// page; the node it reaches is the saved one.
    await page.goto(`${web.exchange.baseUrl}/`);
    await expect(page.getByTestId('connection-indicator')).toContainText('Shared node');
    await expect(page.getByTestId('connection-indicator')).toContainText('Operator: may act for anyone');
    expect(await page.evaluate('window.shellRequests')).toContainEqual({ kind: 'remote-auth', id: 'c1' });
    for (const url of sockets) expect(url).not.toContain(web.token);
    // Its token was never stored by the page.
    expect(await page.evaluate("localStorage.getItem('grid-desk.token')")).toBeNull();
  } finally {
    await context.close();
  }
});

const CANDIDATE = {
  id: 'pick-1',
  file: 'exchange-20261206T080000000Z-seq1234.db',
  path: '/home/ada/.config/Grid Desk/backups/exchange-20261206T080000000Z-seq1234.db',
  bytes: 3_250_000,
  sequence: 1234,
  commands: 1234,
  last_command_at: '2026-12-06T07:59:58.000Z',
  data_dir: '/home/ada/.config/Grid Desk',
  current: { sequence: 5678 },
};

test('first run restores the embedded exchange from a backup, after showing what it holds', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  try {
    await withShell(page, {
      active: null,
      saved: [],
      token: '',
      picks: [
        { ok: true, result: null },
        {
          ok: false,
          error: {
            status: 422,
            detail: 'exchange-old.db does not verify (pages: ok; ...); nothing was changed',
          },
        },
        { ok: true, result: CANDIDATE },
        { ok: true, result: CANDIDATE },
        { ok: true, result: CANDIDATE },
      ],
      restores: [
        {
          ok: false,
          error: {
            status: 500,
            detail:
              'the backup was restored (through sequence 1234), but the embedded exchange did not start: port 7420 is taken',
          },
        },
        {
          ok: true,
          result: {
            sequence: 1234,
            commands: 1234,
            kept_in: '/home/ada/.config/Grid Desk/replaced-20261206T103000000Z',
          },
        },
      ],
    });
    await page.goto(web.exchange.baseUrl);
    const restore = page.getByRole('button', { name: /^Restore from a backup/ });
    await expect(restore).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/desktop-first-run-light.png` });
    // The dialog closed without a file: nothing happens.
    await restore.click();
    await expect(page.getByRole('heading', { name: 'Welcome to Grid Desk' })).toBeVisible();
    // A file that does not verify is refused with the shell's reason.
    await restore.click();
    await expect(page.getByRole('alert')).toContainText('refused and nothing was changed');
    await expect(page.getByRole('alert')).toContainText('does not verify');
    // A good one: what it holds and what it replaces, then a choice.
    await restore.click();
    const confirm = page.getByRole('region', { name: 'Restore this backup?' });
    await expect(confirm).toContainText('exchange-20261206T080000000Z-seq1234.db');
    await expect(confirm).toContainText('1,234 commands, through sequence 1,234 (verified)');
    await expect(confirm).toContainText('3.1 MB');
    await expect(confirm).toContainText('its last command');
    await expect(confirm).toContainText('commands through sequence 5,678');
    await expect(confirm).toContainText('not deleted: it is moved to a replaced-<time> folder');
    await page.screenshot({ path: `${SHOTS}/desktop-restore-confirm-light.png` });
    // The other choices step aside while it is on screen; cancelling brings them back.
    await expect(page.getByRole('button', { name: /^Embedded sandbox/ })).toHaveCount(0);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: /^Embedded sandbox/ })).toBeVisible();
    expect(await page.evaluate('window.shellRequests')).not.toContainEqual(
      expect.objectContaining({ kind: 'restore-backup' }),
    );
    // Restored, but the exchange did not start: said as it is, not as a refusal.
    await restore.click();
    await page.getByRole('button', { name: 'Replace and restore' }).click();
    await expect(page.getByRole('alert')).toContainText('the backup was restored (through sequence 1234)');
    await expect(page.getByRole('alert')).not.toContainText('nothing was changed');
    await restore.click();
    await page.getByRole('button', { name: 'Replace and restore' }).click();
    const done = page.getByRole('region', { name: 'Backup restored' });
    await expect(done).toContainText('through sequence 1,234');
    await expect(done).toContainText('replaced-20261206T103000000Z');
    expect(await page.evaluate('window.shellRequests')).toContainEqual({
      kind: 'restore-backup',
      id: 'pick-1',
    });
    await expect(done.getByRole('button', { name: 'Open the restored exchange' })).toBeVisible();
  } finally {
    await context.close();
  }
});
