import { describe, expect, it, vi } from 'vitest';
import { commandForLink, findDeepLink } from '../../../src-main/app/deep-link';
import { menuTemplate } from '../../../src-main/app/menu';
import { handOff } from '../../../src-main/app/single-instance';
import { trayTemplate, trayTooltip } from '../../../src-main/app/tray';
import { clampToDisplays, trackWindowState } from '../../../src-main/app/window-state';
import type { MenuItemConstructorOptions } from 'electron';

const laptop = { x: 0, y: 0, width: 1440, height: 877 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window state', () => {
  it('keeps a window where it was when its display is still there', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: false };
    expect(clampToDisplays(saved, [laptop, external])).toEqual(saved);
  });

  it('brings a window back from an unplugged monitor, centred on the primary and no larger than it', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: true };
    expect(clampToDisplays(saved, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 877,
      maximized: true,
    });
  });

  it('pulls a window hanging off the edge back onto its display', () => {
    const saved = { x: 1000, y: -5, width: 1200, height: 800, maximized: false };
    expect(clampToDisplays(saved, [laptop])).toEqual({
      x: 240,
      y: 0,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('centres a first window, and never goes below the minimum size a display allows', () => {
    expect(clampToDisplays({ width: 300, height: 200, maximized: false }, [laptop])).toEqual({
      x: 208,
      y: 119,
      width: 1024,
      height: 640,
      maximized: false,
    });
  });

  it('saves normal bounds and the maximized state, debounced, and at once on close', () => {
    const listeners = new Map<string, () => void>();
    let maximized = false;
    const window = {
      getNormalBounds: () => ({ x: 10, y: 20, width: 1300, height: 800 }),
      isMaximized: () => maximized,
      isFullScreen: () => false,
      on: (event: string, listener: () => void) => void listeners.set(event, listener),
    };
    const save = vi.fn();
    const scheduled: (() => void)[] = [];
    trackWindowState(window, save, (run) => {
      scheduled.push(run);
      return () => scheduled.splice(scheduled.indexOf(run), 1);
    });
    listeners.get('move')!();
    listeners.get('resize')!();
    expect(scheduled).toHaveLength(1); // the second change replaced the first
    expect(save).not.toHaveBeenCalled();
    maximized = true;
    listeners.get('close')!();
    expect(save).toHaveBeenCalledExactlyOnceWith({ x: 10, y: 20, width: 1300, height: 800, maximized: true });
    expect(scheduled).toHaveLength(0);
  });
});

describe('grid-desk:// links and the second launch', () => {
  it('reads a workspace and section from a link, and refuses anything else', () => {
    expect(commandForLink('grid-desk://operator/rosters')).toEqual({
      kind: 'navigate',
      route: { workspace: 'operator', section: 'rosters' },
    });
    expect(commandForLink('grid-desk://consumer')).toEqual({
      kind: 'navigate',
      route: { workspace: 'consumer' },
    });
    expect(commandForLink('grid-desk://admin/x')).toBeNull();
    expect(commandForLink('https://operator/rosters')).toBeNull();
    expect(commandForLink('grid-desk://operator/<script>')).toBeNull();
    expect(commandForLink('not a url')).toBeNull();
  });

  it('finds the link among the arguments of a launch', () => {
    expect(findDeepLink(['/opt/Grid Desk/grid-desk', '--no-sandbox', 'GRID-DESK://supplier/delivery'])).toBe(
      'GRID-DESK://supplier/delivery',
    );
    expect(findDeepLink(['/opt/Grid Desk/grid-desk'])).toBeNull();
  });

  it('restores and focuses the first window and passes the link on', () => {
    const calls: string[] = [];
    const window = {
      isMinimized: () => true,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    };
    const send = vi.fn();
    handOff(['grid-desk', 'grid-desk://supplier/trading'], window, send);
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(send).toHaveBeenCalledExactlyOnceWith({
      kind: 'navigate',
      route: { workspace: 'supplier', section: 'trading' },
    });
  });

  it('focuses without sending anything when the second launch carries no link', () => {
    const focus = vi.fn();
    const send = vi.fn();
    handOff(['grid-desk'], { isMinimized: () => false, restore: vi.fn(), show: vi.fn(), focus }, send);
    expect(focus).toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });
});

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('native menu', () => {
  const actions = () => ({
    send: vi.fn(),
    openLogs: vi.fn(),
    copyDiagnostics: vi.fn(),
    about: vi.fn(),
    checkForUpdates: vi.fn(),
    setAutomaticUpdates: vi.fn(),
  });
  const state = { automaticUpdates: true };

  it('has File, Edit, View, Workspace, Window and Help, with the app menu first on macOS', () => {
    const labels = (platform: NodeJS.Platform) =>
      menuTemplate(platform, actions(), state).map((item) => item.label ?? item.role);
    expect(labels('linux')).toEqual(['File', 'Edit', 'View', 'Workspace', 'windowMenu', 'help']);
    expect(labels('darwin')).toEqual([
      'Grid Desk',
      'File',
      'Edit',
      'View',
      'Workspace',
      'windowMenu',
      'help',
    ]);
  });

  it('sends the page its commands with their accelerators', () => {
    const menu = actions();
    const all = items(menuTemplate('win32', menu, state));
    const click = (id: string) => (all.find((item) => item.id === id)!.click as () => void)();
    expect(all.find((item) => item.id === 'workspace-supplier')?.accelerator).toBe('CmdOrCtrl+2');
    expect(all.find((item) => item.id === 'palette')?.accelerator).toBe('CmdOrCtrl+K');
    click('workspace-supplier');
    click('new-order');
    click('cancel-all');
    expect(menu.send.mock.calls).toEqual([
      [{ kind: 'navigate', route: { workspace: 'supplier' } }],
      [{ kind: 'new-order' }],
      [{ kind: 'cancel-all' }],
    ]);
    click('open-logs');
    click('copy-diagnostics');
    click('about');
    expect(menu.openLogs).toHaveBeenCalledOnce();
    expect(menu.copyDiagnostics).toHaveBeenCalledOnce();
    expect(menu.about).toHaveBeenCalledOnce();
  });

  it('checks for updates on demand and shows whether it does so automatically', () => {
    const menu = actions();
    const all = items(menuTemplate('linux', menu, { automaticUpdates: false }));
    (all.find((item) => item.id === 'check-updates')!.click as () => void)();
    expect(menu.checkForUpdates).toHaveBeenCalledOnce();
    const automatic = all.find((item) => item.id === 'automatic-updates')!;
    expect(automatic).toMatchObject({ type: 'checkbox', checked: false });
    (automatic.click as (item: { checked: boolean }) => void)({ checked: true });
    expect(menu.setAutomaticUpdates).toHaveBeenCalledWith(true);
  });

  it('gives no two items the same accelerator', () => {
    const accelerators = items(menuTemplate('linux', actions(), state))
      .map((item) => item.accelerator)
      .filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe('tray', () => {
  it("shows the exchange's state and quick actions that bring the window forward", () => {
    const actions = { show: vi.fn(), send: vi.fn(), quit: vi.fn() };
    const state = { connection: 'Embedded sandbox', exchange: { running: true, lastSequence: 42 } };
    const template = trayTemplate(state, actions);
    expect(template.slice(0, 2).map((item) => item.label)).toEqual([
      'Embedded sandbox',
      'Exchange running, sequence 42',
    ]);
    (template.find((item) => item.label === 'New order')!.click as () => void)();
    expect(actions.show).toHaveBeenCalled();
    expect(actions.send).toHaveBeenCalledWith({ kind: 'new-order' });
    expect(trayTooltip({ ...state, exchange: { running: false, lastSequence: 42 } })).toBe(
      'Grid Desk: Embedded sandbox, stopped',
    );
    expect(trayTemplate({ connection: 'Prod', exchange: null }, actions)[1]!.label).toBe('Remote exchange');
  });
});
