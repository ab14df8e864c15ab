/**
 * Electron hardening that is not a BrowserWindow option: navigation and new windows locked to the app,
 * webviews refused, every permission request denied, and IPC accepted only from the app's own main frame.
 * Written against small interfaces so each rule is unit-tested without an Electron binary.
 */

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of `webContents` hardening touches. */
export interface HardenedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
}

/** Whether a URL is the app's own page: the built renderer on disk, or the dev server in development. */
export type AppUrlTest = (url: string) => boolean;

export function appUrlTest(rendererIndexUrl: string): AppUrlTest {
  const base = new URL(rendererIndexUrl);
  return (url) => {
    try {
      const parsed = new URL(url);
      return base.protocol === 'file:'
        ? parsed.protocol === 'file:' && parsed.pathname === base.pathname
        : parsed.origin === base.origin;
    } catch {
      return false;
    }
  };
}

/** Only web links leave the app, and only to the OS browser. */
function openOutside(url: string, openExternal: (url: string) => void): void {
  if (/^https?:\/\//i.test(url)) openExternal(url);
}

export function hardenContents(
  contents: HardenedContents,
  isAppUrl: AppUrlTest,
  openExternal: (url: string) => void,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, openExternal);
    return { action: 'deny' };
  });
  const stayHome = (event: PreventableEvent, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url, openExternal);
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The parts of a `session` the permission lock uses. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** The app needs no camera, microphone, geolocation, notifications from the page, HID or MIDI: deny all. */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** An IPC event as far as the sender check reads it. */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null;
}

export const FORBIDDEN = {
  status: 403,
  detail: 'requests are accepted from the Grid Desk window only',
} as const;

/** A request counts only if it comes from the app's page in the top frame (not an iframe, not a stray page). */
export function trustedSender(event: IpcSender, isAppUrl: AppUrlTest): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}
