import { useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ModalDialog } from '../components/ModalDialog';
import { keyLabel, paletteMatch } from './keys';

export interface PaletteEntry {
  id: string;
  label: string;
  group: string;
  accelerator?: string;
  run(): void;
}

/** Ctrl/Cmd+K: every command by name, filtered as you type, run with Enter. */
export function CommandPalette({
  entries,
  mac,
  onClose,
}: {
  entries: PaletteEntry[];
  mac: boolean;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = useMemo(
    () => entries.filter((entry) => paletteMatch(`${entry.group} ${entry.label}`, query)),
    [entries, query],
  );
  const current = Math.min(active, Math.max(0, shown.length - 1));

  const run = (entry: PaletteEntry | undefined) => {
    if (!entry) return;
    onClose();
    entry.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + shown.length) % Math.max(1, shown.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(shown[current]);
    }
  };

  return (
    <ModalDialog labelledBy="palette-title" onClose={onClose} className="palette">
      <h2 id="palette-title" className="sr-only">
        Command palette
      </h2>
      <input
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown[current] ? `palette-${shown[current].id}` : undefined}
        aria-label="Type a command"
        placeholder="Type a command…"
        value={query}
        autoFocus
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="palette-list" className="palette-list" role="listbox" aria-label="Commands">
        {shown.length === 0 ? <li className="muted palette-empty">No command matches “{query}”.</li> : null}
        {shown.map((entry, index) => (
          <li
            key={entry.id}
            id={`palette-${entry.id}`}
            role="option"
            aria-selected={index === current}
            className="palette-item"
            onMouseEnter={() => setActive(index)}
            onClick={() => run(entry)}
          >
            <span className="palette-group">{entry.group}</span>
            <span className="palette-label">{entry.label}</span>
            {entry.accelerator ? <kbd>{keyLabel(entry.accelerator, mac)}</kbd> : null}
          </li>
        ))}
      </ul>
    </ModalDialog>
  );
}
