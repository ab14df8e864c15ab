import type { ShellBridge } from '../../src-preload/shell';

/** Sends the page's uncaught errors and unhandled rejections to the desktop's renderer.log. */
export function captureRendererErrors(shell: ShellBridge): void {
  const log = (message: string) => void shell.request({ kind: 'log', level: 'error', message });
  window.addEventListener('error', (event) =>
    log(
      `uncaught error: ${event.error instanceof Error ? (event.error.stack ?? event.message) : event.message}`,
    ),
  );
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    log(
      `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  });
}
