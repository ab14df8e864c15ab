/**
 * Exposes the contract's transport and the shell's side channel, and nothing else: one invoke channel
 * whose request names and arguments main validates, one event channel, one shell request channel (also
 * validated in main) and one command channel. No Node or Electron object reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from './channels';
import type { PushedEvent, Reply, RequestName, Transport } from './contract';
import { SHELL_COMMAND, SHELL_INVOKE } from './shell';
import type { ShellBridge, ShellCommand, ShellReply } from './shell';

const transport: Transport = {
  invoke: (name: RequestName, args: unknown) => ipcRenderer.invoke(IPC_INVOKE, name, args) as Promise<Reply>,
  subscribe(listener: (event: PushedEvent) => void) {
    const handler = (_event: IpcRendererEvent, pushed: PushedEvent) => listener(pushed);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
};

const shellBridge: ShellBridge = {
  request: (request) => ipcRenderer.invoke(SHELL_INVOKE, request) as Promise<ShellReply<never>>,
  onCommand(listener) {
    const handler = (_event: IpcRendererEvent, command: ShellCommand) => listener(command);
    ipcRenderer.on(SHELL_COMMAND, handler);
    return () => ipcRenderer.off(SHELL_COMMAND, handler);
  },
};

contextBridge.exposeInMainWorld('gridDesk', transport);
contextBridge.exposeInMainWorld('gridDeskShell', shellBridge);
