import { release } from 'node:os';

export interface DiagnosticsFacts {
  appVersion: string;
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
  platform: string;
  arch: string;
  userData: string;
  connection: string;
  keychain: boolean;
  mainLog: string;
  rendererLog: string;
}

/** What "Copy diagnostics" puts on the clipboard: versions, where things are, the newest log lines. No secrets. */
export function diagnosticsText(facts: DiagnosticsFacts): string {
  return [
    `Grid Desk ${facts.appVersion}`,
    `Electron ${facts.versions.electron ?? '?'}, Chromium ${facts.versions.chrome ?? '?'}, Node ${facts.versions.node ?? '?'}`,
    `OS ${facts.platform} ${release()} (${facts.arch})`,
    `User data ${facts.userData}`,
    `Connection ${facts.connection}`,
    `Keychain ${facts.keychain ? 'available' : 'not available (secrets kept for this run only)'}`,
    '',
    '--- main.log (newest lines)',
    facts.mainLog,
    '--- renderer.log (newest lines)',
    facts.rendererLog,
  ].join('\n');
}
