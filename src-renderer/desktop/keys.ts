import type { Shortcut } from '../../src-preload/shortcuts';

export const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/** An accelerator as the user's keyboard labels it: ⌘K on a Mac, Ctrl+K elsewhere. */
export function keyLabel(accelerator: string, mac: boolean): string {
  const parts = accelerator.split('+').map((part) => {
    if (part === 'CmdOrCtrl') return mac ? '⌘' : 'Ctrl';
    if (part === 'Shift') return mac ? '⇧' : 'Shift';
    return part.toUpperCase();
  });
  return parts.join(mac ? '' : '+');
}

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a key press is this accelerator (the browser's own handling; the desktop's menu does it there). */
export function matches(accelerator: string, event: KeyPress, mac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.at(-1)!.toLowerCase();
  const wantsShift = parts.includes('Shift');
  const modifier = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return modifier && event.shiftKey === wantsShift && !event.altKey && event.key.toLowerCase() === key;
}

export function shortcutFor(event: KeyPress, shortcuts: readonly Shortcut[], mac: boolean): Shortcut | null {
  return shortcuts.find((shortcut) => matches(shortcut.accelerator, event, mac)) ?? null;
}

/** Palette search: every word of the query appears in the label, in any order. */
export function paletteMatch(label: string, query: string): boolean {
  const text = label.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}
