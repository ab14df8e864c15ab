import { create } from 'zustand';
import { readStored, storageKeys, writeStored } from '../lib/storage';

export type Workspace = 'operator' | 'supplier' | 'consumer';
export type ThemeName = 'light' | 'dark';
export type OperatorSection = 'instruments' | 'participants' | 'markets' | 'audit';

const workspaces: readonly Workspace[] = ['operator', 'supplier', 'consumer'];
const sections: readonly OperatorSection[] = ['instruments', 'participants', 'markets', 'audit'];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

interface PreferencesState {
  workspace: Workspace;
  /** The user's explicit theme, or null to follow the system. */
  themeChoice: ThemeName | null;
  systemTheme: ThemeName;
  operatorSection: OperatorSection;
  /** The participant each role workspace acts as. */
  picked: { supplier: string | null; consumer: string | null };
  /** The market the trading views and the operator's Markets tab show, or null for the default one. */
  market: string | null;
  setWorkspace(workspace: Workspace): void;
  toggleTheme(): void;
  setOperatorSection(section: OperatorSection): void;
  pick(role: 'supplier' | 'consumer', participantId: string | null): void;
  setMarket(marketId: string | null): void;
}

export const usePreferences = create<PreferencesState>()((set, get) => ({
  workspace: oneOf(readStored(storageKeys.workspace), workspaces) ?? 'operator',
  themeChoice: oneOf(readStored(storageKeys.theme), ['light', 'dark'] as const),
  systemTheme: darkQuery.matches ? 'dark' : 'light',
  operatorSection: oneOf(readStored(storageKeys.operatorSection), sections) ?? 'instruments',
  picked: { supplier: readStored(storageKeys.supplier), consumer: readStored(storageKeys.consumer) },
  market: readStored(storageKeys.market),
  setWorkspace(workspace) {
    writeStored(storageKeys.workspace, workspace);
    set({ workspace });
  },
  toggleTheme() {
    const next: ThemeName = effectiveTheme(get()) === 'dark' ? 'light' : 'dark';
    writeStored(storageKeys.theme, next);
    set({ themeChoice: next });
  },
  setOperatorSection(operatorSection) {
    writeStored(storageKeys.operatorSection, operatorSection);
    set({ operatorSection });
  },
  pick(role, participantId) {
    writeStored(storageKeys[role], participantId);
    set({ picked: { ...get().picked, [role]: participantId } });
  },
  setMarket(market) {
    writeStored(storageKeys.market, market);
    set({ market });
  },
}));

export function effectiveTheme(state: Pick<PreferencesState, 'themeChoice' | 'systemTheme'>): ThemeName {
  return state.themeChoice ?? state.systemTheme;
}

export function useTheme(): ThemeName {
  return usePreferences(effectiveTheme);
}

// Follow the system until the user chooses, and keep <html data-theme> in step for the CSS variables.
darkQuery.addEventListener('change', (event) =>
  usePreferences.setState({ systemTheme: event.matches ? 'dark' : 'light' }),
);
const applyTheme = (theme: ThemeName) => {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
};
applyTheme(effectiveTheme(usePreferences.getState()));
usePreferences.subscribe((state) => applyTheme(effectiveTheme(state)));
