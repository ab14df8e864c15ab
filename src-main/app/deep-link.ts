/**
 * `grid-desk://` links: `grid-desk://operator/rosters`, `grid-desk://consumer/trading`. The OS hands one to
 * a fresh launch in argv (Windows, Linux) or as `open-url` (macOS); a second launch passes it on.
 */
import type { Route, ShellCommand, WorkspaceName } from '../../src-preload/shell';

export const PROTOCOL = 'grid-desk';
const workspaces: readonly WorkspaceName[] = ['operator', 'supplier', 'consumer'];

/** The first `grid-desk://` argument of a command line, if any. */
export function findDeepLink(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${PROTOCOL}://`)) ?? null;
}

/** The command a link asks for; null for anything malformed or unknown (links come from outside). */
export function commandForLink(link: string): ShellCommand | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${PROTOCOL}:`) return null;
  // `grid-desk://operator/rosters`: the host is the workspace, the first path segment the section.
  const workspace = url.hostname.toLowerCase() as WorkspaceName;
  if (!workspaces.includes(workspace)) return null;
  const section = url.pathname.split('/').filter(Boolean)[0];
  if (section !== undefined && !/^[a-z-]{1,32}$/.test(section)) return null;
  const route: Route = section ? { workspace, section } : { workspace };
  return { kind: 'navigate', route };
}
