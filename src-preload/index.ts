/**
 * Exposes the contract's transport, and nothing else: one invoke channel whose request names and
 * arguments main validates, and one event channel. No Node or Electron object reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from './channels';
import type { PushedEvent, RequestName, Transport } from './contract';

type Reply = { ok: true; result: unknown } | { ok: false; error: { status: number; detail: string } };

const transport: Transport = {
  async invoke(name: RequestName, args: unknown) {
    const reply = (await ipcRenderer.invoke(IPC_INVOKE, name, args)) as Reply;
    if (reply.ok) return reply.result;
    throw Object.assign(new Error(reply.error.detail), reply.error);
  },
  subscribe(listener: (event: PushedEvent) => void) {
    const handler = (_event: IpcRendererEvent, pushed: PushedEvent) => listener(pushed);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('gridDesk', transport);
