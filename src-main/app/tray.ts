import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../../src-preload/shell';
import { shortcut } from '../../src-preload/shortcuts';

export interface TrayState {
  /** "Embedded sandbox", "Embedded exchange" or a remote connection's name. */
  connection: string;
  /** Null for a remote connection (its state is in the window's banner). */
  exchange: { running: boolean; lastSequence: number } | null;
}

export interface TrayActions {
  show(): void;
  send(command: ShellCommand): void;
  quit(): void;
}

export function trayTooltip(state: TrayState): string {
  if (!state.exchange) return `Grid Desk: ${state.connection}`;
  return `Grid Desk: ${state.connection}, ${state.exchange.running ? 'running' : 'stopped'}`;
}

/** The tray's menu: the exchange's state, then quick actions. */
export function trayTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const status = state.exchange
    ? state.exchange.running
      ? `Exchange running, sequence ${state.exchange.lastSequence}`
      : 'Exchange stopped (storage failure)'
    : 'Remote exchange';
  const quick = (id: string): MenuItemConstructorOptions => {
    const { label, command } = shortcut(id);
    return {
      label,
      click: () => {
        actions.show();
        actions.send(command);
      },
    };
  };
  return [
    { label: state.connection, enabled: false },
    { label: status, enabled: false },
    { type: 'separator' },
    { label: 'Show Grid Desk', click: actions.show },
    quick('new-order'),
    quick('palette'),
    quick('workspace-operator'),
    quick('workspace-supplier'),
    quick('workspace-consumer'),
    { type: 'separator' },
    { label: 'Quit Grid Desk', click: actions.quit },
  ];
}
