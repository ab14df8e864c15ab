/**
 * The trading desk's panel sizes: the ticket and book columns in pixels, the orders row as a share of
 * the desk's height. Kept in localStorage so the desk opens as the user left it; anything stored that
 * does not parse (an older shape, a hand edit) falls back to the defaults.
 */
import { z } from 'zod';
import { readStored, storageKeys, writeStored } from '../../lib/storage';

export interface DeskLayout {
  /** Width of the order-entry column (ticket, reference price, issuance), px. */
  entry: number;
  /** Width of the book column, px. */
  book: number;
  /** Height of the orders-and-fills row, as a fraction of the desk's height. */
  activity: number;
}

export type DeskPanel = keyof DeskLayout;

/** Each size's bounds: below them a panel's content no longer fits; above them the others would not. */
export const deskBounds: Record<DeskPanel, { min: number; max: number; step: number }> = {
  entry: { min: 270, max: 440, step: 10 },
  book: { min: 220, max: 420, step: 10 },
  activity: { min: 0.22, max: 0.65, step: 0.02 },
};

export const defaultDeskLayout: DeskLayout = { entry: 300, book: 290, activity: 0.4 };

const Stored = z.object({ entry: z.number(), book: z.number(), activity: z.number() });

export function clampSize(panel: DeskPanel, value: number): number {
  const { min, max } = deskBounds[panel];
  return Math.min(max, Math.max(min, value));
}

export function withSize(layout: DeskLayout, panel: DeskPanel, value: number): DeskLayout {
  return { ...layout, [panel]: clampSize(panel, value) };
}

/** The stored layout, each size clamped into its bounds; the defaults when nothing usable is stored. */
export function parseDeskLayout(text: string | null): DeskLayout {
  if (text === null) return defaultDeskLayout;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return defaultDeskLayout;
  }
  const parsed = Stored.safeParse(json);
  if (!parsed.success) return defaultDeskLayout;
  return (Object.keys(deskBounds) as DeskPanel[]).reduce(
    (layout, panel) => withSize(layout, panel, parsed.data[panel]),
    defaultDeskLayout,
  );
}

export const loadDeskLayout = () => parseDeskLayout(readStored(storageKeys.deskLayout));
export const saveDeskLayout = (layout: DeskLayout) =>
  writeStored(storageKeys.deskLayout, JSON.stringify(layout));
