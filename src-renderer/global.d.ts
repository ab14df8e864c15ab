import type { Transport } from '../src-preload/contract';
import type { ShellBridge } from '../src-preload/shell';

declare global {
  interface Window {
    /** The Electron preload's transport; absent in a browser, which uses a WebSocket instead. */
    gridDesk?: Transport;
    /** The desktop shell's side channel (menus, connections, logs); absent in a browser. */
    gridDeskShell?: ShellBridge;
  }
  /** package.json's version, built in (electron.vite.config.ts). */
  const __APP_VERSION__: string;
}

export {};
