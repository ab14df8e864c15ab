import type { ShellCommand } from '../../src-preload/shell';
import { commandForLink, findDeepLink } from './deep-link';

/** The parts of a BrowserWindow a hand-off touches. */
export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * A second launch of the app: bring the first window forward and pass on the `grid-desk://` link it was
 * opened with. Returns the command passed on, for the log.
 */
export function handOff(
  argv: readonly string[],
  window: FocusableWindow | null,
  send: (command: ShellCommand) => void,
): ShellCommand | null {
  if (window) {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
  const link = findDeepLink(argv);
  const command = link ? commandForLink(link) : null;
  if (command) send(command);
  return command;
}
