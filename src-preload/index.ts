/**
 * Exposes the contract's transport, and nothing else: one invoke channel whose request names and
 * arguments main validates, and one event channel. No Node or Electron object reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from './channels';
import type { PushedEvent, Reply, RequestName, Transport } from './contract';

const transport: Transport = {
  invoke: (name: RequestName, args: unknown) => ipcRenderer.invoke(IPC_INVOKE, name, args) as Promise<Reply>,
  subscribe(listener: (event: PushedEvent) => void) {
    const handler = (_event: IpcRendererEvent, pushed: PushedEvent) => listener(pushed);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('gridDesk', transport);
