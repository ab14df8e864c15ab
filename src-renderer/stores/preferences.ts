import { create } from 'zustand';
import { CANDLE_RESOLUTIONS } from '../../src-preload/contract-market-data';
import type { CandleResolution } from '../../src-preload/contract-market-data';
import { readStored, storageKeys, writeStored } from '../lib/storage';

export type Workspace = 'operator' | 'supplier' | 'consumer';
export type ThemeName = 'light' | 'dark';
export type OperatorSection =
  'instruments' | 'participants' | 'markets' | 'rosters' | 'sweeps' | 'calls' | 'endpoints' | 'audit';
/**
 * What a supplier's or consumer's workspace shows: the trading desk, a consumer's consumption account,
 * a supplier's inventory, the Consumption API (keys, playground, usage), a supplier's model endpoints and
 * its delivery monitor, or the participant's API keys.
 */
export type ParticipantSection =
  'trading' | 'consumption' | 'consumption-api' | 'inventory' | 'endpoints' | 'delivery' | 'keys';
/** The desk's market view beside the book (or every instrument's specification). */
export type MarketView = 'chart' | 'depth' | 'trades' | 'instruments';

const workspaces: readonly Workspace[] = ['operator', 'supplier', 'consumer'];
const sections: readonly OperatorSection[] = [
  'instruments',
  'participants',
  'markets',
  'rosters',
  'sweeps',
  'calls',
  'endpoints',
  'audit',
];
const participantSections: readonly ParticipantSection[] = [
  'trading',
  'consumption',
  'consumption-api',
  'inventory',
  'endpoints',
  'delivery',
  'keys',
];
const marketViews: readonly MarketView[] = ['chart', 'depth', 'trades', 'instruments'];

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
  participantSection: ParticipantSection;
  /** The participant each role workspace acts as. */
  picked: { supplier: string | null; consumer: string | null };
  /**
   * The one workspace and participant a connection signed in as a participant may use (a remote node
   * lets it act only as itself), or null where the desk may act as anyone. While set, the choices it
   * forces are not saved: they belong to that connection, not to the user's own preferences.
   */
  only: Workspace | null;
  /** The market the trading views and the operator's Markets tab show, or null for the default one. */
  market: string | null;
  marketView: MarketView;
  /** The price chart's candle size. */
  resolution: CandleResolution;
  setWorkspace(workspace: Workspace): void;
  /** Confines the desk to a participant's own workspace (see `only`), or lifts that (null). */
  restrictTo(self: { role: Workspace; participant_id: string } | null): void;
  toggleTheme(): void;
  setOperatorSection(section: OperatorSection): void;
  setParticipantSection(section: ParticipantSection): void;
  pick(role: 'supplier' | 'consumer', participantId: string | null): void;
  setMarket(marketId: string | null): void;
  setMarketView(view: MarketView): void;
  setResolution(resolution: CandleResolution): void;
}

/** The workspace and participants the user last chose, as saved. */
const storedChoices = () => ({
  workspace: oneOf(readStored(storageKeys.workspace), workspaces) ?? 'operator',
  picked: { supplier: readStored(storageKeys.supplier), consumer: readStored(storageKeys.consumer) },
});

/** The workspaces the header offers: one's own only when the connection is confined to it. */
export const offeredWorkspaces = (only: PreferencesState['only']): readonly Workspace[] =>
  only ? [only] : workspaces;

export const usePreferences = create<PreferencesState>()((set, get) => ({
  ...storedChoices(),
  only: null,
  themeChoice: oneOf(readStored(storageKeys.theme), ['light', 'dark'] as const),
  systemTheme: darkQuery.matches ? 'dark' : 'light',
  operatorSection:
    oneOf(readStored(storageKeys.operatorSection)?.replace(/^supply$/, 'rosters') ?? null, sections) ??
    'instruments',
  participantSection: oneOf(readStored(storageKeys.participantSection), participantSections) ?? 'trading',
  market: readStored(storageKeys.market),
  marketView: oneOf(readStored(storageKeys.marketView), marketViews) ?? 'chart',
  resolution: oneOf(readStored(storageKeys.resolution), CANDLE_RESOLUTIONS) ?? '5m',
  setWorkspace(workspace) {
    if (get().only) return; // the one workspace it has is already open
    writeStored(storageKeys.workspace, workspace);
    set({ workspace });
  },
  restrictTo(self) {
    if (self === null) {
      if (get().only) set({ only: null, ...storedChoices() });
      return;
    }
    set({
      only: self.role,
      workspace: self.role,
      ...(self.role !== 'operator' && { picked: { ...get().picked, [self.role]: self.participant_id } }),
    });
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
  setParticipantSection(participantSection) {
    writeStored(storageKeys.participantSection, participantSection);
    set({ participantSection });
  },
  pick(role, participantId) {
    if (get().only) return;
    writeStored(storageKeys[role], participantId);
    set({ picked: { ...get().picked, [role]: participantId } });
  },
  setMarket(market) {
    writeStored(storageKeys.market, market);
    set({ market });
  },
  setMarketView(marketView) {
    writeStored(storageKeys.marketView, marketView);
    set({ marketView });
  },
  setResolution(resolution) {
    writeStored(storageKeys.resolution, resolution);
    set({ resolution });
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
