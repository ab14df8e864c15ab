import { join } from 'node:path';
import { BrowserWindow, screen } from 'electron';
import { SHELL_COMMAND } from '../../src-preload/shell';
import type { ShellCommand } from '../../src-preload/shell';
import { clampToDisplays, DEFAULT_WINDOW, MIN_HEIGHT, MIN_WIDTH, trackWindowState } from './window-state';
import type { WindowState } from './window-state';

/** The window's background before the page paints, per theme (theme.css's --bg), so nothing flashes white. */
export const BACKGROUND = { light: '#eef0f3', dark: '#0e1115' } as const;

export interface MainWindowOptions {
  saved: WindowState | null;
  theme: 'light' | 'dark';
  rendererIndex: string;
  saveState(state: WindowState): void;
}

/** The single app window: hardened web preferences, remembered geometry, and a command channel to the page. */
export function createMainWindow(options: MainWindowOptions): {
  window: BrowserWindow;
  send(command: ShellCommand): void;
} {
  const state = clampToDisplays(
    options.saved ?? DEFAULT_WINDOW,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined && { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Grid Desk',
    show: false,
    backgroundColor: BACKGROUND[options.theme],
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, options.saveState, (run) => {
    const timer = setTimeout(run, 500);
    return () => clearTimeout(timer);
  });

  // Commands sent before the page listens (a link that launched the app) wait for it to load.
  let loaded = false;
  const queued: ShellCommand[] = [];
  window.webContents.on('did-start-loading', () => {
    loaded = false;
  });
  window.webContents.on('did-finish-load', () => {
    loaded = true;
    for (const command of queued.splice(0)) window.webContents.send(SHELL_COMMAND, command);
  });
  const send = (command: ShellCommand) => {
    if (window.isDestroyed()) return;
    if (loaded) window.webContents.send(SHELL_COMMAND, command);
    else queued.push(command);
  };
  void window.loadFile(options.rendererIndex);
  return { window, send };
}
