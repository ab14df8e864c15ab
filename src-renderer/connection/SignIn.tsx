import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';

/** What a person signs in with: the operator token, or a participant's Ed25519 private key (PEM). */
export type Credential = { kind: 'token'; token: string } | { kind: 'key'; pem: string };

function Brand() {
  return (
    <div className="brand brand-large">
      <span className="brand-mark" aria-hidden="true" />
      Grid Desk
    </div>
  );
}

/** The credential fields, shared by the browser's sign-in and the desktop's "add a remote node". */
export function CredentialFields({
  kind,
  value,
  onKind,
  onValue,
}: {
  kind: Credential['kind'];
  value: string;
  onKind(kind: Credential['kind']): void;
  onValue(value: string): void;
}) {
  return (
    <>
      <div className="segmented" role="radiogroup" aria-label="Sign in with">
        <button
          type="button"
          className="segment"
          role="radio"
          aria-checked={kind === 'token'}
          onClick={() => onKind('token')}
        >
          Operator token
        </button>
        <button
          type="button"
          className="segment"
          role="radio"
          aria-checked={kind === 'key'}
          onClick={() => onKind('key')}
        >
          Participant key
        </button>
      </div>
      <div className="field">
        <label>
          {kind === 'token' ? (
            <>
              <span className="field-label">Access token</span>
              <input
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={value}
                onChange={(event) => onValue(event.target.value)}
                autoFocus
              />
            </>
          ) : (
            <>
              <span className="field-label">Ed25519 private key (PEM)</span>
              <textarea
                className="key-input"
                rows={4}
                spellCheck={false}
                autoComplete="off"
                placeholder="-----BEGIN PRIVATE KEY-----"
                value={value}
                onChange={(event) => onValue(event.target.value)}
              />
              <span className="field-hint">
                The key of one of your API keys. You will act as that participant only.
              </span>
            </>
          )}
        </label>
      </div>
    </>
  );
}

export function credentialOf(kind: Credential['kind'], value: string): Credential | string {
  const text = value.trim();
  if (!text) return kind === 'token' ? 'Paste the token first.' : 'Paste the private key first.';
  return kind === 'token' ? { kind, token: text } : { kind, pem: text };
}

/** Asks for a credential for the headless exchange that served this page. */
export function SignIn({
  message,
  onSubmit,
}: {
  message?: string | null;
  onSubmit(credential: Credential): Promise<string | null>;
}) {
  const [kind, setKind] = useState<Credential['kind']>('token');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const credential = credentialOf(kind, value);
    if (typeof credential === 'string') {
      setError(credential);
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await onSubmit(credential);
    setBusy(false);
    if (failure) setError(failure);
  };

  return (
    <Gate>
      <form className="gate-card" onSubmit={submit} noValidate>
        <Brand />
        <h1>Sign in to the exchange</h1>
        <p>
          The operator pastes the access token (it is in DATA_DIR/operator-token); a participant pastes the
          private key of one of its API keys. A key stays in this tab&apos;s memory only.
        </p>
        {message ? <p className="gate-message">{message}</p> : null}
        <CredentialFields
          kind={kind}
          value={value}
          onKind={(next) => {
            setKind(next);
            setValue('');
            setError(null);
          }}
          onValue={setValue}
        />
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
    </Gate>
  );
}

export function Gate({ children }: { children: ReactNode }) {
  return <div className="gate">{children}</div>;
}

export function Unreachable({
  detail,
  onRetry,
  onSignIn,
  signInLabel = 'Use a different credential',
}: {
  detail: string;
  onRetry(): void;
  onSignIn(): void;
  signInLabel?: string;
}) {
  return (
    <Gate>
      <div className="gate-card">
        <Brand />
        <h1>Cannot reach the exchange</h1>
        <div className="alert alert-error" role="alert">
          {detail}
        </div>
        <p>
          Check that the exchange is running, then retry. If it was restarted with a new data directory, sign
          in with its token.
        </p>
        <div className="row-actions">
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            Retry
          </button>
          <button type="button" className="btn" onClick={onSignIn}>
            {signInLabel}
          </button>
        </div>
      </div>
    </Gate>
  );
}

export function Connecting() {
  return (
    <Gate>
      <div className="gate-card gate-quiet" aria-busy="true">
        <Brand />
        <p>Connecting to the exchange…</p>
      </div>
    </Gate>
  );
}
