import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test('the desktop window is hardened and shows the operator workspace', async () => {
  test.skip(
    !binary,
    'No Electron binary is installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1); the desktop window cannot be tested.',
  );
  const userData = mkdtempSync(join(tmpdir(), 'grid-desk-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', `--user-data-dir=${userData}`, '--no-sandbox'],
    env: { ...process.env, GRID_DESK_PORT: '0' },
  });
  try {
    const window = await app.firstWindow();
    // First run: the choice of exchange; the empty embedded one opens the operator's desk.
    await expect(window.getByRole('heading', { name: 'Welcome to Grid Desk' })).toBeVisible();
    await window.getByRole('button', { name: /Embedded exchange, empty/ }).click();
    await expect(window.getByRole('heading', { name: 'Instruments' })).toBeVisible();
    await expect(window.getByTestId('connection-indicator')).toContainText('Your exchange: acts as anyone');
    // The page gets the contract's transport and nothing of Node.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
    expect(
      await window.evaluate(() => Object.keys((window as unknown as { gridDesk: object }).gridDesk).sort()),
    ).toEqual(['invoke', 'subscribe']);
    expect(
      await window.evaluate(() =>
        Object.keys((window as unknown as { gridDeskShell: object }).gridDeskShell).sort(),
      ),
    ).toEqual(['onCommand', 'request']);
    // The shell refuses anything outside its requests.
    expect(
      await window.evaluate(() =>
        (
          window as unknown as { gridDeskShell: { request(r: unknown): Promise<unknown> } }
        ).gridDeskShell.request({
          kind: 'exec',
        }),
      ),
    ).toEqual({ ok: false, error: { status: 400, detail: 'unknown or malformed shell request' } });
    // Navigation away from the app and new windows are refused.
    await window.evaluate("window.open('https://example.com/')");
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
