import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionChoice, ConnectionsView, ShellBridge } from '../../src-preload/shell';
import { RestoreBackup } from './RestoreBackup';
import { CredentialFields, credentialOf, Gate } from './SignIn';
import type { Credential } from './SignIn';

const EMBEDDED: { choice: ConnectionChoice; title: string; detail: string }[] = [
  {
    choice: { kind: 'embedded', sandbox: true },
    title: 'Embedded sandbox',
    detail:
      'An exchange on this computer with simulated suppliers, resting asks and a funded consumer. You act as anyone.',
  },
  {
    choice: { kind: 'embedded', sandbox: false },
    title: 'Embedded exchange, empty',
    detail: 'Your own exchange on this computer, with the instruments defined and nobody else on it.',
  },
];

function sameChoice(a: ConnectionChoice | null, b: ConnectionChoice): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind === 'embedded' ? a.sandbox === (b as typeof a).sandbox : a.id === (b as typeof a).id;
}

/**
 * The desktop's connections: the first-run choice (embedded sandbox, embedded empty, a remote node) and,
 * later, the saved remote nodes to switch between. Choosing one restarts the page on it. The embedded
 * exchange can also be restored from a backup here.
 */
export function ConnectionPicker({
  shell,
  view,
  message,
  onClose,
}: {
  shell: ShellBridge;
  view: ConnectionsView;
  message?: string | null;
  /** Absent on first run: a choice must be made. */
  onClose?: () => void;
}) {
  const [saved, setSaved] = useState(view.saved);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<Credential['kind']>('token');
  const [secret, setSecret] = useState('');
  // While a backup is confirmed or restored, that is all the card shows.
  const [restoring, setRestoring] = useState(false);

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    const failure = await action();
    setBusy(false);
    if (failure) setError(failure);
  };
  const choose = (choice: ConnectionChoice) =>
    run(async () => {
      const reply = await shell.request({ kind: 'choose-connection', choice });
      return reply.ok ? null : reply.error.detail; // on success the shell reloads the page
    });
  const remove = (id: string) =>
    run(async () => {
      const reply = await shell.request({ kind: 'remove-connection', id });
      if (reply.ok) setSaved((current) => current.filter((connection) => connection.id !== id));
      return reply.ok ? null : reply.error.detail;
    });
  const add = (event: FormEvent) => {
    event.preventDefault();
    const credential = credentialOf(kind, secret);
    if (typeof credential === 'string') return setError(credential);
    if (!name.trim() || !url.trim()) return setError('Give the connection a name and the node’s address.');
    void run(async () => {
      const reply = await shell.request({
        kind: 'save-connection',
        connection: {
          name: name.trim(),
          url,
          credential:
            credential.kind === 'token' ? credential : { kind: 'key', privateKeyPem: credential.pem },
        },
      });
      if (!reply.ok) return reply.error.detail;
      const added = reply.result;
      setSaved((current) => [...current, added]);
      const chosen = await shell.request({
        kind: 'choose-connection',
        choice: { kind: 'remote', id: added.id },
      });
      return chosen.ok ? null : chosen.error.detail;
    });
  };

  return (
    <Gate>
      <div className="gate-card picker-card" aria-busy={busy}>
        <h1>{view.active ? 'Connections' : 'Welcome to Grid Desk'}</h1>
        <p>
          {view.active
            ? 'Switch the exchange this window works on.'
            : 'Choose the exchange to work on. You can switch later from File › Connections.'}
        </p>
        {message ? <p className="gate-message">{message}</p> : null}
        {restoring ? null : (
          <>
            <ul className="picker-list">
              {EMBEDDED.map(({ choice, title, detail }) => (
                <li key={title}>
                  <button
                    type="button"
                    className="picker-option"
                    aria-current={sameChoice(view.active, choice)}
                    disabled={busy}
                    onClick={() => void choose(choice)}
                  >
                    <strong>{title}</strong>
                    <span>{detail}</span>
                  </button>
                </li>
              ))}
              {saved.map((connection) => (
                <li key={connection.id} className="picker-saved">
                  <button
                    type="button"
                    className="picker-option"
                    aria-current={sameChoice(view.active, { kind: 'remote', id: connection.id })}
                    disabled={busy}
                    onClick={() => void choose({ kind: 'remote', id: connection.id })}
                  >
                    <strong>{connection.name}</strong>
                    <span>
                      {connection.url} ·{' '}
                      {connection.credential === 'token'
                        ? 'operator token'
                        : `participant key ${connection.fingerprint?.slice(0, 12)}…`}
                    </span>
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-xs"
                    disabled={busy}
                    onClick={() => void remove(connection.id)}
                    aria-label={`Remove ${connection.name}`}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <RestoreBackup shell={shell} disabled={busy} onStep={setRestoring} />
        {restoring ? null : (
          <>
            <form className="picker-add" onSubmit={add} noValidate aria-label="Add a remote node">
              <h2>Remote node</h2>
              <div className="field">
                <label>
                  <span className="field-label">Name</span>
                  <input
                    value={name}
                    onChange={(event) => setName(event.target.value)}
                    placeholder="Production"
                  />
                </label>
              </div>
              <div className="field">
                <label>
                  <span className="field-label">Address</span>
                  <input
                    value={url}
                    onChange={(event) => setUrl(event.target.value)}
                    placeholder="https://exchange.example.com:7420"
                    spellCheck={false}
                  />
                </label>
              </div>
              <CredentialFields
                kind={kind}
                value={secret}
                onKind={(next) => {
                  setKind(next);
                  setSecret('');
                }}
                onValue={setSecret}
              />
              {view.keychain ? null : (
                <p className="field-hint">
                  This computer offers no keychain: the credential is kept until Grid Desk quits.
                </p>
              )}
              <button type="submit" className="btn btn-primary" disabled={busy}>
                Save and connect
              </button>
            </form>
          </>
        )}
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        {onClose && !restoring ? (
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        ) : null}
      </div>
    </Gate>
  );
}
