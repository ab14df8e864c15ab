import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';
import { WindowState } from './window-state';

const ConnectionChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded'), sandbox: z.boolean() }),
  z.object({ kind: z.literal('remote'), id: z.string().min(1) }),
]);

export const SavedConnection = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(80),
  url: z.string().url(),
  credential: z.enum(['token', 'key']),
  fingerprint: z.string().nullable(),
});
export type SavedConnection = z.infer<typeof SavedConnection>;

/** `settings.json` in the user data folder. Unknown or invalid fields fall back to defaults, one by one. */
export const Settings = z.object({
  theme: z.enum(['light', 'dark']).nullable().catch(null),
  window: WindowState.nullable().catch(null),
  /** Null until the first-run choice. */
  connection: ConnectionChoice.nullable().catch(null),
  connections: z.array(SavedConnection).catch([]),
  /** Null: the build's default (on, except in a sandbox build). */
  automaticUpdates: z.boolean().nullable().catch(null),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  theme: null,
  window: null,
  connection: null,
  connections: [],
  automaticUpdates: null,
};

export class SettingsFile {
  private current: Settings;

  constructor(private readonly path: string) {
    this.current = readJsonFile(path, Settings, DEFAULT_SETTINGS);
  }

  get(): Settings {
    return this.current;
  }

  update(change: (settings: Settings) => Settings): Settings {
    this.current = Settings.parse(change(this.current));
    writeJsonFile(this.path, this.current);
    return this.current;
  }
}
