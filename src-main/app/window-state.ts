import { z } from 'zod';

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };
export const MIN_WIDTH = 1024;
export const MIN_HEIGHT = 640;
/** How much of the title bar must lie on a display for a saved position to be kept. */
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 32;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The saved window fitted to the displays present now (a monitor may have been unplugged): no larger than
 * the work area it lands on, and placed where its title bar can be grabbed, else centred on the primary.
 */
export function clampToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const { x, y } = state;
  const placed =
    x === undefined || y === undefined
      ? undefined
      : workAreas.find((area) => {
          const titleBar = overlap({ x, y, width: state.width, height: GRAB_HEIGHT }, area);
          return titleBar.width >= Math.min(GRAB_WIDTH, state.width) && titleBar.height >= GRAB_HEIGHT / 2;
        });
  const area = placed ?? primary;
  const width = Math.max(Math.min(state.width, area.width), Math.min(MIN_WIDTH, area.width));
  const height = Math.max(Math.min(state.height, area.height), Math.min(MIN_HEIGHT, area.height));
  if (placed && x !== undefined && y !== undefined) {
    // Kept on its display, pulled in so no edge hangs off it.
    return {
      x: Math.min(Math.max(x, area.x), area.x + area.width - width),
      y: Math.min(Math.max(y, area.y), area.y + area.height - height),
      width,
      height,
      maximized: state.maximized,
    };
  }
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
    maximized: state.maximized,
  };
}

/** The parts of a BrowserWindow whose geometry is remembered. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): void;
}

/**
 * Saves the window's normal (unmaximized) bounds and maximized state as they change, debounced, and once
 * more on close. Returns a flush for tests and shutdown.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: WindowState) => void,
  schedule: (run: () => void) => () => void,
): () => void {
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    const bounds = window.getNormalBounds();
    save({ ...bounds, maximized: window.isMaximized() || window.isFullScreen() });
  };
  const later = () => {
    cancel?.();
    cancel = schedule(flush);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', flush);
  return flush;
}
