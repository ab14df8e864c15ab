import { SHORTCUTS } from '../../src-preload/shortcuts';
import { ModalDialog } from '../components/ModalDialog';
import { keyLabel } from './keys';

const GROUPS = ['Workspaces', 'Trading', 'App'] as const;

/** The keyboard shortcuts, from the same table the menus and the key handler use. */
export function ShortcutsHelp({ mac, onClose }: { mac: boolean; onClose(): void }) {
  return (
    <ModalDialog labelledBy="shortcuts-title" onClose={onClose} className="shortcuts">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      {GROUPS.map((group) => (
        <section key={group} aria-label={group}>
          <h3>{group}</h3>
          <dl className="shortcut-list">
            {SHORTCUTS.filter((shortcut) => shortcut.group === group).map((shortcut) => (
              <div key={shortcut.id} className="shortcut-row">
                <dt>{shortcut.label}</dt>
                <dd>
                  <kbd>{keyLabel(shortcut.accelerator, mac)}</kbd>
                </dd>
              </div>
            ))}
            {group === 'App' ? (
              <div className="shortcut-row">
                <dt>Close a dialog</dt>
                <dd>
                  <kbd>Esc</kbd>
                </dd>
              </div>
            ) : null}
          </dl>
        </section>
      ))}
      <div className="row-actions">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
