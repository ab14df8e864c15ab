import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../../src-preload/shell';
import { shortcut } from '../../src-preload/shortcuts';

export interface MenuActions {
  send(command: ShellCommand): void;
  openLogs(): void;
  copyDiagnostics(): void;
  about(): void;
  checkForUpdates(): void;
  setAutomaticUpdates(on: boolean): void;
}

export interface MenuState {
  automaticUpdates: boolean;
}

/** A menu item that sends one of the shared shortcuts' commands to the page. */
function commandItem(id: string, actions: MenuActions): MenuItemConstructorOptions {
  const { label, accelerator, command } = shortcut(id);
  return { id, label, accelerator, click: () => actions.send(command) };
}

/**
 * The native menu: File, Edit, View, Workspace, Window, Help (with the app menu first on macOS). Anything
 * about the exchange is a command the page carries out, so the menu and the page's palette act alike.
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  state: MenuState,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { id: 'about', label: 'About Grid Desk', click: actions.about };
  const logs: MenuItemConstructorOptions = {
    id: 'open-logs',
    label: 'Open Logs Folder',
    click: actions.openLogs,
  };
  const diagnostics: MenuItemConstructorOptions = {
    id: 'copy-diagnostics',
    label: 'Copy Diagnostics',
    click: actions.copyDiagnostics,
  };
  const updates: MenuItemConstructorOptions[] = [
    { id: 'check-updates', label: 'Check for Updates…', click: actions.checkForUpdates },
    {
      id: 'automatic-updates',
      label: 'Check for Updates Automatically',
      type: 'checkbox',
      checked: state.automaticUpdates,
      click: (item) => actions.setAutomaticUpdates(item.checked),
    },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Grid Desk',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        commandItem('connections', actions),
        { type: 'separator' },
        logs,
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        commandItem('palette', actions),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Workspace',
      submenu: [
        commandItem('workspace-operator', actions),
        commandItem('workspace-supplier', actions),
        commandItem('workspace-consumer', actions),
        { type: 'separator' },
        commandItem('new-order', actions),
        commandItem('cancel-all', actions),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        commandItem('shortcuts', actions),
        diagnostics,
        logs,
        { type: 'separator' },
        ...updates,
        ...(mac ? [] : [{ type: 'separator' } as const, about]),
      ],
    },
  );
  return template;
}
