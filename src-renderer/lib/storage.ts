/** localStorage that never throws (private modes, disabled storage): preferences are a convenience. */
export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the choice lasts for this session only.
  }
}

export const storageKeys = {
  token: 'grid-desk.token',
  workspace: 'grid-desk.workspace',
  theme: 'grid-desk.theme',
  operatorSection: 'grid-desk.operator-section',
  supplier: 'grid-desk.supplier',
  consumer: 'grid-desk.consumer',
  market: 'grid-desk.market',
  participantSection: 'grid-desk.participant-section',
  marketView: 'grid-desk.market-view',
  resolution: 'grid-desk.chart-resolution',
  deskLayout: 'grid-desk.desk-layout',
} as const;
