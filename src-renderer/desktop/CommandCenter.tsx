import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ShellCommand } from '../../src-preload/shell';
import { SHORTCUTS } from '../../src-preload/shortcuts';
import { desktopShell } from '../connection/connection';
import { useOnline } from '../connection/status';
import { useSelectedInstrument } from '../features/trading/queries';
import { errorText } from '../lib/errors';
import { useExchangeStore } from '../stores/exchange';
import { offeredWorkspaces, usePreferences, useTheme } from '../stores/preferences';
import { CommandPalette } from './CommandPalette';
import type { PaletteEntry } from './CommandPalette';
import { navigate, OPERATOR_SECTIONS, openTicket, PARTICIPANT_SECTIONS, runCommand } from './commands';
import { isMac, shortcutFor } from './keys';
import { ShortcutsHelp } from './ShortcutsHelp';
import { formatCount } from '../lib/format';

const FEEDBACK_MS = 6000;

/**
 * Carries out commands from wherever they come: the native menu, the tray, a notification or a
 * `grid-desk://` link (desktop), the keyboard (browser; the desktop's menu owns the accelerators), and the
 * palette. Hosts the palette, the shortcuts sheet and a short-lived status line for what a command did.
 */
export function CommandCenter({ onConnections }: { onConnections(): void }) {
  const shell = desktopShell();
  const mac = useMemo(() => isMac(), []);
  const [dialog, setDialog] = useState<'palette' | 'shortcuts' | null>(null);
  const [feedback, setFeedback] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null);
  const client = useExchangeStore((state) => state.client);
  const online = useOnline();
  const instrument = useSelectedInstrument();
  const toggleTheme = usePreferences((state) => state.toggleTheme);
  const only = usePreferences((state) => state.only);
  const theme = useTheme();

  useEffect(() => {
    if (!feedback) return;
    const timer = window.setTimeout(() => setFeedback(null), FEEDBACK_MS);
    return () => window.clearTimeout(timer);
  }, [feedback]);

  // The shell paints the next window in this theme before the page loads (no white flash).
  useEffect(() => {
    void shell?.request({ kind: 'set-theme', theme });
  }, [shell, theme]);

  const cancelAll = useCallback(async () => {
    const { workspace, picked } = usePreferences.getState();
    if (workspace === 'operator') {
      setFeedback({ tone: 'error', text: 'Open a supplier or consumer workspace to cancel its orders.' });
      return;
    }
    const participantId = picked[workspace];
    if (!client || !participantId || !instrument) {
      setFeedback({ tone: 'error', text: `Choose the ${workspace} first.` });
      return;
    }
    if (!online) {
      setFeedback({ tone: 'error', text: 'The exchange is away: try again when it is back.' });
      return;
    }
    const symbol = instrument.symbol.toUpperCase();
    if (!window.confirm(`Cancel every open order of this ${workspace} in ${symbol}?`)) return;
    try {
      const { cancelled } = await client.call('orders.cancelAll', {
        participant_id: participantId,
        market_id: instrument.trading_parameters.market_id,
      });
      setFeedback({
        tone: 'ok',
        text: `Cancelled ${formatCount(cancelled, 'order')} in ${symbol}.`,
      });
    } catch (error) {
      setFeedback({ tone: 'error', text: `Nothing was cancelled: ${errorText(error)}` });
    }
  }, [client, instrument, online]);

  const run = useCallback(
    (command: ShellCommand) =>
      runCommand(command, {
        'new-order': openTicket,
        'cancel-all': () => void cancelAll(),
        palette: () => setDialog('palette'),
        shortcuts: () => setDialog('shortcuts'),
        connections: onConnections,
      }),
    [cancelAll, onConnections],
  );

  useEffect(() => shell?.onCommand(run), [shell, run]);

  useEffect(() => {
    if (shell) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event, SHORTCUTS, mac);
      if (!shortcut) return;
      event.preventDefault();
      run(shortcut.command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shell, mac, run]);

  const entries = useMemo((): PaletteEntry[] => {
    // A connection confined to one participant goes only to that participant's workspace.
    const offered = offeredWorkspaces(only);
    const reachable = ({ command }: (typeof SHORTCUTS)[number]) =>
      command.kind !== 'navigate' || offered.includes(command.route.workspace);
    const list: PaletteEntry[] = SHORTCUTS.filter(
      (shortcut) => shortcut.id !== 'palette' && reachable(shortcut),
    ).map((shortcut) => ({
      id: shortcut.id,
      label: shortcut.label,
      group: shortcut.group,
      accelerator: shortcut.accelerator,
      run: () => run(shortcut.command),
    }));
    if (offered.includes('operator'))
      for (const [section, label] of Object.entries(OPERATOR_SECTIONS))
        list.push({
          id: `operator-${section}`,
          label: `Operator: ${label}`,
          group: 'Go to',
          run: () => navigate({ workspace: 'operator', section }),
        });
    for (const workspace of (['supplier', 'consumer'] as const).filter((w) => offered.includes(w)))
      for (const [section, label] of Object.entries(PARTICIPANT_SECTIONS))
        list.push({
          id: `${workspace}-${section}`,
          label: `${workspace === 'supplier' ? 'Supplier' : 'Consumer'}: ${label}`,
          group: 'Go to',
          run: () => navigate({ workspace, section }),
        });
    list.push({ id: 'theme', label: 'Switch light/dark theme', group: 'App', run: toggleTheme });
    if (shell) {
      list.push(
        {
          id: 'copy-diagnostics',
          label: 'Copy diagnostics',
          group: 'App',
          run: () =>
            void shell
              .request({ kind: 'copy-diagnostics' })
              .then((reply) =>
                setFeedback(
                  reply.ok
                    ? { tone: 'ok', text: 'Diagnostics copied to the clipboard.' }
                    : { tone: 'error', text: reply.error.detail },
                ),
              ),
        },
        {
          id: 'open-logs',
          label: 'Open logs folder',
          group: 'App',
          run: () => void shell.request({ kind: 'open-logs' }),
        },
      );
    }
    return list;
  }, [run, shell, toggleTheme, only]);

  return (
    <>
      {dialog === 'palette' ? (
        <CommandPalette entries={entries} mac={mac} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'shortcuts' ? <ShortcutsHelp mac={mac} onClose={() => setDialog(null)} /> : null}
      <div className="command-feedback" role="status" aria-live="polite">
        {feedback ? <div className={`alert alert-${feedback.tone}`}>{feedback.text}</div> : null}
      </div>
    </>
  );
}
