import type { ShellCommand } from './shell';

/**
 * The app's keyboard shortcuts, one table for the native menu's accelerators (desktop), the page's own key
 * handler (browser) and the help sheet. `CmdOrCtrl` is Cmd on macOS and Ctrl elsewhere.
 */
export interface Shortcut {
  id: string;
  label: string;
  accelerator: string;
  command: ShellCommand;
  group: 'Workspaces' | 'Trading' | 'App';
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'workspace-operator',
    label: 'Operator workspace',
    accelerator: 'CmdOrCtrl+1',
    command: { kind: 'navigate', route: { workspace: 'operator' } },
    group: 'Workspaces',
  },
  {
    id: 'workspace-supplier',
    label: 'Supplier workspace',
    accelerator: 'CmdOrCtrl+2',
    command: { kind: 'navigate', route: { workspace: 'supplier' } },
    group: 'Workspaces',
  },
  {
    id: 'workspace-consumer',
    label: 'Consumer workspace',
    accelerator: 'CmdOrCtrl+3',
    command: { kind: 'navigate', route: { workspace: 'consumer' } },
    group: 'Workspaces',
  },
  {
    id: 'new-order',
    label: 'New order',
    accelerator: 'CmdOrCtrl+Shift+N',
    command: { kind: 'new-order' },
    group: 'Trading',
  },
  {
    id: 'cancel-all',
    label: 'Cancel all orders in this market',
    accelerator: 'CmdOrCtrl+Shift+X',
    command: { kind: 'cancel-all' },
    group: 'Trading',
  },
  {
    id: 'palette',
    label: 'Command palette',
    accelerator: 'CmdOrCtrl+K',
    command: { kind: 'palette' },
    group: 'App',
  },
  {
    id: 'shortcuts',
    label: 'Keyboard shortcuts',
    accelerator: 'CmdOrCtrl+/',
    command: { kind: 'shortcuts' },
    group: 'App',
  },
  {
    id: 'connections',
    label: 'Connections',
    accelerator: 'CmdOrCtrl+Shift+O',
    command: { kind: 'connections' },
    group: 'App',
  },
];

export function shortcut(id: string): Shortcut {
  const found = SHORTCUTS.find((entry) => entry.id === id);
  if (!found) throw new Error(`unknown shortcut ${id}`);
  return found;
}
