import { useState } from 'react';
import type { FormEvent } from 'react';

/** Asks for the operator access token of a headless exchange. */
export function SignIn({
  message,
  onSubmit,
}: {
  message?: string | null;
  onSubmit(token: string): Promise<string | null>;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste the token first.');
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await onSubmit(value);
    setBusy(false);
    if (failure) setError(failure);
  };

  return (
    <div className="gate">
      <form className="gate-card" onSubmit={submit} noValidate>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Grid Desk
        </div>
        <h1>Sign in to the exchange</h1>
        <p>Paste the operator access token (it is in DATA_DIR/operator-token).</p>
        {message ? <p className="gate-message">{message}</p> : null}
        <div className="field">
          <label>
            <span className="field-label">Access token</span>
            <input
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={token}
              onChange={(event) => setToken(event.target.value)}
              autoFocus
            />
          </label>
        </div>
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
    </div>
  );
}

export function Unreachable({
  detail,
  onRetry,
  onSignIn,
}: {
  detail: string;
  onRetry(): void;
  onSignIn(): void;
}) {
  return (
    <div className="gate">
      <div className="gate-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Grid Desk
        </div>
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
            Use a different token
          </button>
        </div>
      </div>
    </div>
  );
}

export function Connecting() {
  return (
    <div className="gate">
      <div className="gate-card gate-quiet" aria-busy="true">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Grid Desk
        </div>
        <p>Connecting to the exchange…</p>
      </div>
    </div>
  );
}
