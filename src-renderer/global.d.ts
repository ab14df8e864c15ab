import type { Transport } from '../src-preload/contract';

declare global {
  interface Window {
    /** The Electron preload's transport; absent in a browser, which uses a WebSocket instead. */
    gridDesk?: Transport;
  }
}

export {};
