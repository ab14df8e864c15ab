/**
 * The Electron shell's entry: wires the app's pieces (each in its own module, unit-tested through small
 * interfaces) to Electron. It opens the embedded exchange the user chose (or none, for a remote node or
 * before the first-run choice), one hardened window, the menu, tray, notifications, logs and IPC.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../src-preload/channels';
import type { PushedEvent } from '../../src-preload/contract';
import { SHELL_INVOKE } from '../../src-preload/shell';
import type { ConnectionChoice, ShellCommand } from '../../src-preload/shell';
import electronUpdater from 'electron-updater';
import { contractDispatcher, operatorPrincipal, type Dispatch } from '../api/contract-handlers';
import type { ExchangeNode } from '../server';
import { Connections } from './connections';
import { commandForLink, findDeepLink, PROTOCOL } from './deep-link';
import { diagnosticsText } from './diagnostics';
import { embeddedRunning, openEmbedded, watchEmbedded } from './embedded';
import { captureUnhandled, describeError, RotatingLog } from './logs';
import { menuTemplate } from './menu';
import type { Notice } from './notifications';
import { BackupRestorer } from './restore';
import { SecretStore } from './secrets';
import { appUrlTest, denyPermissions, FORBIDDEN, hardenContents, trustedSender } from './security';
import { SettingsFile } from './settings';
import { shellDispatcher } from './shell-ipc';
import { handOff } from './single-instance';
import { trayIcon } from './tray-icon';
import { trayTemplate, trayTooltip } from './tray';
import { updateFlow } from './updates';
import { createMainWindow } from './window';

/** A sandbox build (GRID_DESK_SANDBOX_BUILD=1 at build time) does not look for updates unless asked. */
declare const __SANDBOX_BUILD__: boolean | undefined;
const SANDBOX_BUILD = typeof __SANDBOX_BUILD__ === 'boolean' && __SANDBOX_BUILD__;

// Every renderer sandboxed, whatever its web preferences say.
app.enableSandbox();
const rendererDir = join(import.meta.dirname, '../renderer');
const rendererIndex = join(rendererDir, 'index.html');
const isAppUrl = appUrlTest(pathToFileURL(rendererIndex).href);
const userData = app.getPath('userData');
const logsDir = join(userData, 'logs');
const log = new RotatingLog(logsDir, 'main');
const rendererLog = new RotatingLog(logsDir, 'renderer');
captureUnhandled(process, log);
const settings = new SettingsFile(join(userData, 'settings.json'));

let node: ExchangeNode | null = null;
let stopWatching: (() => void) | null = null;
let main: ReturnType<typeof createMainWindow> | null = null;
let tray: Tray | null = null;
/** A link that launched the app before its window existed. */
let launchCommand: ShellCommand | null = (() => {
  const link = findDeepLink(process.argv);
  return link ? commandForLink(link) : null;
})();

function send(command: ShellCommand): void {
  if (main) main.send(command);
  else launchCommand = command;
}

function showWindow(): void {
  const window = main?.window;
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function connectionLabel(choice: ConnectionChoice | null): string {
  if (!choice) return 'Not connected';
  if (choice.kind === 'embedded') return choice.sandbox ? 'Embedded sandbox' : 'Embedded exchange';
  return settings.get().connections.find((saved) => saved.id === choice.id)?.name ?? 'Remote exchange';
}

function notify(notice: Notice): void {
  log.write(notice.kind === 'storage' ? 'error' : 'info', `${notice.title}: ${notice.body}`);
  // In the window the user sees fills and suspensions already; notify when they are elsewhere.
  const away = !main || main.window.isDestroyed() || !main.window.isFocused();
  if (!Notification.isSupported() || (!away && notice.kind !== 'storage')) return;
  const shown = new Notification({ title: notice.title, body: notice.body });
  shown.on('click', () => {
    showWindow();
    send({ kind: 'navigate', route: notice.route });
  });
  shown.show();
}

let trayPending = false;
/** Rebuilds the tray at most once a second: a busy exchange commits far more often. */
function refreshTray(): void {
  if (!tray || trayPending) return;
  trayPending = true;
  setTimeout(() => {
    trayPending = false;
    void (async () => {
      if (!tray) return;
      const choice = settings.get().connection;
      const state = {
        connection: connectionLabel(choice),
        exchange: node ? { running: await embeddedRunning(node), lastSequence: node.service.lastSeq } : null,
      };
      tray.setToolTip(trayTooltip(state));
      tray.setContextMenu(
        Menu.buildFromTemplate(trayTemplate(state, { show: showWindow, send, quit: () => app.quit() })),
      );
    })();
  }, 1000);
}

async function useConnection(choice: ConnectionChoice | null): Promise<void> {
  stopWatching?.();
  stopWatching = null;
  const previous = node;
  node = null;
  await previous?.close();
  if (choice?.kind === 'embedded') {
    node = await openEmbedded(userData, rendererDir, choice);
    log.write('info', `embedded exchange at ${node.url} (database ${node.service.databasePath})`);
    const opened = node;
    stopWatching = watchEmbedded(opened, notify, refreshTray);
    opened.service.onCommit((sequence) => {
      const event: PushedEvent = { event: 'exchange.committed', payload: { sequence } };
      const window = main?.window;
      if (node === opened && window && !window.isDestroyed()) window.webContents.send(IPC_EVENT, event);
    });
  }
  refreshTray();
}

function diagnostics(): string {
  return diagnosticsText({
    appVersion: app.getVersion(),
    versions: process.versions,
    platform: process.platform,
    arch: process.arch,
    userData,
    connection: connectionLabel(settings.get().connection),
    keychain: secrets?.persistent ?? false,
    mainLog: log.tail(40),
    rendererLog: rendererLog.tail(20),
  });
}

let secrets: SecretStore | null = null;

/** Restores the embedded exchange (not the sandbox) from a backup file the user picks. */
function backupRestorer(connections: Connections): BackupRestorer {
  return new BackupRestorer({
    dataDir: userData,
    pickFile: async () => {
      const options: Electron.OpenDialogOptions = {
        title: 'Restore from a backup',
        defaultPath: join(userData, 'backups'),
        properties: ['openFile'],
        filters: [
          { name: 'Grid Desk backups', extensions: ['db'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const window = main && !main.window.isDestroyed() ? main.window : null;
      const answer = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
    stopEmbedded: () => useConnection(null),
    startEmbedded: async () => {
      const choice: ConnectionChoice = { kind: 'embedded', sandbox: false };
      connections.choose(choice);
      await useConnection(choice);
    },
    resume: () => useConnection(settings.get().connection),
    now: Date.now,
  });
}

function serveIpc(connections: Connections): void {
  const restorer = backupRestorer(connections);
  const handle = shellDispatcher(
    {
      log: ({ level, message }) => {
        rendererLog.write(level, message);
        return null;
      },
      'copy-diagnostics': () => {
        clipboard.writeText(diagnostics());
        return null;
      },
      'open-logs': () => {
        void shell.openPath(logsDir);
        return null;
      },
      'set-theme': ({ theme }) => {
        settings.update((current) => ({ ...current, theme }));
        return null;
      },
      connections: () => connections.view(),
      'choose-connection': async ({ choice }) => {
        connections.choose(choice);
        await useConnection(choice);
        // The page starts over on the new connection: nothing of the previous exchange stays on screen.
        main?.window.webContents.reload();
        return null;
      },
      'save-connection': ({ connection }) => connections.save(connection),
      'remove-connection': ({ id }) => {
        connections.remove(id);
        return null;
      },
      'remote-auth': ({ id }) => connections.authMessage(id),
      'pick-backup': () => restorer.pick(),
      'restore-backup': async ({ id }) => {
        const restored = await restorer.restore(id).catch((error: Error) => {
          log.write('error', `restore from a backup: ${error.message}`);
          throw error;
        });
        log.write(
          'info',
          `restored a backup through sequence ${restored.sequence}${restored.kept_in ? `; the data it replaced is in ${restored.kept_in}` : ''}`,
        );
        return restored;
      },
    },
    (error) => log.write('error', error),
  );
  ipcMain.handle(SHELL_INVOKE, (event, request: unknown) =>
    trustedSender(event, isAppUrl) ? handle(request) : { ok: false, error: FORBIDDEN },
  );
  ipcMain.handle(IPC_INVOKE, (event, name: unknown, args: unknown) => {
    if (!trustedSender(event, isAppUrl)) return { ok: false, error: FORBIDDEN };
    if (!node)
      return { ok: false, error: { status: 503, detail: 'no embedded exchange is open in this window' } };
    // The embedded exchange is the user's own: the desk acts as the operator, for anyone.
    return dispatcherOf(node)(name, args, { principal: operatorPrincipal(node.ops) });
  });
}

/** One contract dispatcher per embedded exchange (the user may switch exchanges without restarting). */
const dispatchers = new WeakMap<ExchangeNode, Dispatch>();
function dispatcherOf(exchange: ExchangeNode): Dispatch {
  let dispatch = dispatchers.get(exchange);
  if (!dispatch) dispatchers.set(exchange, (dispatch = contractDispatcher(exchange.ops)));
  return dispatch;
}

function openWindow(): void {
  const theme = settings.get().theme ?? (nativeTheme.shouldUseDarkColors ? 'dark' : 'light');
  main = createMainWindow({
    saved: settings.get().window,
    theme,
    rendererIndex,
    saveState: (state) => settings.update((current) => ({ ...current, window: state })),
  });
  const { window } = main;
  window.webContents.on('render-process-gone', (_event, details) =>
    log.write('error', `renderer gone: ${details.reason} (exit code ${details.exitCode})`),
  );
  window.webContents.on('console-message', ({ level, message }) => {
    if (level === 'warning' || level === 'error')
      rendererLog.write(level === 'error' ? 'error' : 'warn', message);
  });
  window.on('closed', () => {
    if (main?.window === window) main = null;
  });
  if (launchCommand) {
    main.send(launchCommand);
    launchCommand = null;
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  if (!app.isDefaultProtocolClient(PROTOCOL)) app.setAsDefaultProtocolClient(PROTOCOL);
  app.on('second-instance', (_event, argv) => {
    const command = handOff(argv, main && !main.window.isDestroyed() ? main.window : null, send);
    log.write('info', `second launch handed off${command ? `: ${JSON.stringify(command)}` : ''}`);
  });
  // macOS delivers links to the running app (or the one starting) as open-url.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const command = commandForLink(url);
    if (command) send(command);
    showWindow();
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenContents(contents, isAppUrl, (url) => void shell.openExternal(url)),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (!node) return;
    event.preventDefault();
    stopWatching?.();
    const closing = node;
    node = null;
    void closing.close().then(() => app.quit());
  });

  void app.whenReady().then(async () => {
    denyPermissions(session.defaultSession);
    secrets = new SecretStore(join(userData, 'secrets.json'), safeStorage);
    const connections = new Connections(settings, secrets);
    app.setAboutPanelOptions({ applicationName: 'Grid Desk', applicationVersion: app.getVersion() });
    // electron-builder writes app-update.yml into a packaged app built with a publish feed.
    const feed = app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml'));
    const updates = updateFlow({
      updater: feed ? electronUpdater.autoUpdater : null,
      ask: async (message, detail, buttons) => {
        const options = { message, detail, buttons, defaultId: 0, cancelId: buttons.length - 1 };
        const window = main && !main.window.isDestroyed() ? main.window : null;
        const answer = window
          ? await dialog.showMessageBox(window, options)
          : await dialog.showMessageBox(options);
        return answer.response;
      },
      currentVersion: app.getVersion(),
      log: (message) => log.write('info', message),
    });
    const automaticUpdates = () => settings.get().automaticUpdates ?? !SANDBOX_BUILD;
    const buildMenu = () =>
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate(
            process.platform,
            {
              send,
              openLogs: () => void shell.openPath(logsDir),
              copyDiagnostics: () => clipboard.writeText(diagnostics()),
              about: () => app.showAboutPanel(),
              checkForUpdates: () => void updates.check(true),
              setAutomaticUpdates: (on) => {
                settings.update((current) => ({ ...current, automaticUpdates: on }));
                buildMenu();
              },
            },
            { automaticUpdates: automaticUpdates() },
          ),
        ),
      );
    buildMenu();
    serveIpc(connections);
    // An exchange from before the first-run choice existed keeps opening as it did.
    if (!settings.get().connection && existsSync(join(userData, 'exchange.db')))
      connections.choose({ kind: 'embedded', sandbox: false });
    try {
      await useConnection(settings.get().connection);
    } catch (error) {
      log.write('error', `the embedded exchange did not open: ${describeError(error)}`);
    }
    openWindow();
    try {
      tray = new Tray(trayIcon(nativeImage));
      tray.on('click', showWindow);
      refreshTray();
    } catch (error) {
      log.write('warn', `no tray on this desktop: ${describeError(error)}`);
    }
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    if (feed && automaticUpdates()) void updates.check(false);
  });
}
