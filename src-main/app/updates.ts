/**
 * Updates through electron-updater, never silent: a check (at start when automatic checks are on, or
 * Help › Check for Updates) asks before downloading and again before restarting. Written against a small
 * interface so the prompts are unit-tested without Electron.
 */

/** The part of electron-updater's AppUpdater this uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

/** A message box: the index of the button chosen. */
export type Ask = (message: string, detail: string, buttons: string[]) => Promise<number>;

export type UpdateOutcome =
  'no-feed' | 'up-to-date' | 'declined' | 'install-on-quit' | 'restarting' | 'failed';

export interface UpdateFlowOptions {
  /** Null where the build has no update feed (built without GRID_DESK_UPDATE_URL, or not packaged). */
  updater: Updater | null;
  ask: Ask;
  currentVersion: string;
  log(message: string): void;
}

const NO_FEED = 'This build of Grid Desk has no update feed: install new versions by hand.';

export function updateFlow({ updater, ask, currentVersion, log }: UpdateFlowOptions) {
  if (updater) {
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
  }
  let running: Promise<UpdateOutcome> | null = null;

  const check = async (manual: boolean): Promise<UpdateOutcome> => {
    if (!updater) {
      if (manual) await ask('No updates here', NO_FEED, ['OK']);
      return 'no-feed';
    }
    let result;
    try {
      result = await updater.checkForUpdates();
    } catch (error) {
      log(`update check failed: ${String(error)}`);
      if (manual) await ask('Could not check for updates', String(error), ['OK']);
      return 'failed';
    }
    if (!result?.isUpdateAvailable) {
      if (manual) await ask('Grid Desk is up to date', `Version ${currentVersion} is the newest.`, ['OK']);
      return 'up-to-date';
    }
    const version = result.updateInfo.version;
    const download = await ask(
      `Grid Desk ${version} is available`,
      `You have ${currentVersion}. Download it now? The embedded exchange keeps running meanwhile.`,
      ['Download', 'Later'],
    );
    if (download !== 0) return 'declined';
    try {
      await updater.downloadUpdate();
    } catch (error) {
      log(`update download failed: ${String(error)}`);
      await ask('The update could not be downloaded', String(error), ['OK']);
      return 'failed';
    }
    const restart = await ask(
      `Grid Desk ${version} is ready`,
      'Restart now to install it, or it installs when you next quit.',
      ['Restart now', 'When I quit'],
    );
    if (restart !== 0) return 'install-on-quit';
    log(`restarting to install ${version}`);
    updater.quitAndInstall();
    return 'restarting';
  };

  return {
    /** One check at a time: a second request while one runs joins it. */
    check(manual: boolean): Promise<UpdateOutcome> {
      running ??= check(manual).finally(() => {
        running = null;
      });
      return running;
    },
  };
}
