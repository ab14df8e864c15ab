import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user folder the exchange keeps its database and operator token in, by platform convention. */
export function defaultDataDir(): string {
  if (process.env.GRID_DESK_DATA) return process.env.GRID_DESK_DATA;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Grid Desk');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Grid Desk');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'grid-desk');
}
