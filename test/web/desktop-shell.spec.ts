// The desktop app's page in Chromium, with a stand-in for the preload's shell bridge (the Electron main
// process is unit-tested in test/unit/app): the first-run choice, and a saved remote node whose first
// message the "main process" makes, so no credential reaches the page.
import { expect, test, type Page } from '@playwright/test';
import { DESK_VIEWPORT, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-desktop-shell-');

interface FakeShell {
  active: unknown;
  saved: unknown[];
  token: string;
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
