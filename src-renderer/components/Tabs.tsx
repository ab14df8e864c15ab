import type { KeyboardEvent, ReactNode } from 'react';
import { formatInteger } from '../lib/format';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
  /** A small count beside the label (decoration: hidden from the accessible name). */
  count?: number | undefined;
  /** Items waiting for the user (pending reviews): a coloured badge, read out as "N waiting". */
  badge?: number | undefined;
}

const tabId = (base: string, id: string) => `${base}-tab-${id}`;
const panelId = (base: string) => `${base}-panel`;

/**
 * A row of tabs (WAI-ARIA tabs pattern): one tab stop, arrow keys move between tabs and select them.
 * `idBase` (from useId) ties the tabs to the TabPanel rendered with the same base.
 */
export function TabList<T extends string>({
  idBase,
  label,
  tabs,
  active,
  onSelect,
  className,
}: {
  idBase: string;
  label: string;
  tabs: readonly TabItem<T>[];
  active: T;
  onSelect(id: T): void;
  className?: string;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.id);
    document.getElementById(tabId(idBase, next.id))?.focus();
  };
  return (
    <div className={`tabs ${className ?? ''}`} role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          id={tabId(idBase, tab.id)}
          type="button"
          role="tab"
          className="tab"
          aria-selected={active === tab.id}
          aria-controls={panelId(idBase)}
          tabIndex={active === tab.id ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.count !== undefined ? (
            <span className="tab-count" aria-hidden="true">
              {formatInteger(tab.count)}
            </span>
          ) : null}
          {tab.badge ? (
            <span className="tab-badge" data-testid={`tab-badge-${tab.id}`} title={`${tab.badge} waiting`}>
              <span aria-hidden="true">{tab.badge}</span>
              <span className="sr-only">, {tab.badge} waiting</span>
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

/** The panel of the active tab of the TabList with the same `idBase`. */
export function TabPanel({
  idBase,
  active,
  className,
  children,
}: {
  idBase: string;
  active: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className} role="tabpanel" id={panelId(idBase)} aria-labelledby={tabId(idBase, active)}>
      {children}
    </div>
  );
}
