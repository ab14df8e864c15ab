/**
 * The Electron shell: opens the embedded exchange (database, local servers), a hardened window, and the
 * contract over IPC. Everything else lives in the same main-side modules the headless exchange uses.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../src-preload/channels';
import type { PushedEvent } from '../../src-preload/contract';
import { contractDispatcher, operatorPrincipal } from '../api/contract-handlers';
import { type ExchangeNode, startExchangeNode } from '../server';

const DEFAULT_PORT = Number(process.env.GRID_DESK_PORT ?? 7420);
const rendererDir = join(import.meta.dirname, '../renderer');
let node: ExchangeNode | null = null;

async function openExchange(): Promise<ExchangeNode> {
  const options = { dataDir: app.getPath('userData'), port: DEFAULT_PORT, rendererDir };
  // Another exchange already holds the default port: take any free one rather than fail to start.
  return startExchangeNode(options).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    return startExchangeNode({ ...options, port: 0 });
  });
}

function createWindow(exchange: ExchangeNode): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Grid Desk',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  // External links open in the OS browser; the app window never navigates away from the UI.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith('file://')) {
      event.preventDefault();
      if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    }
  });
  const unsubscribe = exchange.service.onCommit((sequence) => {
    const event: PushedEvent = { event: 'exchange.committed', payload: { sequence } };
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, event);
  });
  win.on('closed', unsubscribe);
  void win.loadFile(join(rendererDir, 'index.html'));
  return win;
}

function serveContractOverIpc(exchange: ExchangeNode): void {
  const dispatch = contractDispatcher(exchange.ops);
  // The desktop's own embedded sandbox may act as any participant.
  const principal = operatorPrincipal(exchange.ops);
  ipcMain.handle(IPC_INVOKE, (event, name: unknown, args: unknown) => {
    // Only our own UI, loaded from disk, may call the exchange.
    if (!event.senderFrame?.url.startsWith('file://')) {
      return {
        ok: false,
        error: { status: 403, detail: 'requests are accepted from the Grid Desk window only' },
      };
    }
    return dispatch(name, args, { principal });
  });
}

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', (event) => {
  if (!node) return;
  event.preventDefault();
  const closing = node;
  node = null;
  void closing.close().then(() => app.quit());
});

void app.whenReady().then(async () => {
  node = await openExchange();
  console.log(`Grid Desk exchange at ${node.url} (database ${node.service.databasePath})`);
  serveContractOverIpc(node);
  const exchange = node;
  createWindow(exchange);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(exchange);
  });
});
