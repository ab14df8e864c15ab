import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { RegisterSigningKeyBody } from '../../../src-preload/contract-api-keys';
import type { SigningKeyView } from '../../../src-preload/contract-api-keys';
import { Field, TextInput } from '../../components/Field';
import { Badge, Card, ErrorAlert, Notice } from '../../components/ui';
import { formatTime } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { useLive } from '../../stores/live';
import { downloadText, generateKeyPair, keyGenerationUnavailable } from './signing-keys';
import type { GeneratedKeyPair } from './signing-keys';

type KeyField = 'public_key' | 'label' | '';

/** A key pair just made here and registered: its private half, until the user has saved it. */
interface OneTimeKey extends GeneratedKeyPair {
  label: string;
}

const keyName = (key: { label: string }) => (key.label ? `“${key.label}”` : 'the unlabelled key');

/**
 * A participant's Ed25519 keys for the signed Trading API: the list with revocation, registration of a
 * pasted public key and, in the participant's own workspace, a key pair generated in the browser whose
 * private key is shown once. The operator's view (`mode="operator"`) cannot generate: a private key
 * belongs with its participant only.
 */
export function ApiKeysPanel({
  participant,
  mode,
}: {
  participant: ParticipantView;
  mode: 'participant' | 'operator';
}) {
  const client = useClient();
  const participantId = participant.participant_id;
  const keys = useLive(`signing-keys:${participantId}`, (c) =>
    c.call('keys.list', { participant_id: participantId }),
  );
  const [oneTime, setOneTime] = useState<OneTimeKey | null>(null);
  const { failure, done, busy: working, run } = useSubmission();

  /** Runs one key action at a time; its outcome replaces the last one's. */
  const act = (action: () => Promise<string | null>): Promise<boolean> =>
    run(async (report) => {
      report(await action());
      keys.reload();
    });

  const register = (publicKey: string, label: string) =>
    client.call('keys.register', {
      participant_id: participantId,
      public_key: publicKey,
      ...(label && { label }),
    });

  const generate = (label: string) =>
    act(async () => {
      setOneTime(null);
      const unavailable = keyGenerationUnavailable();
      if (unavailable) throw new Error(unavailable);
      const pair = await generateKeyPair();
      const registered = await register(pair.publicKey, label);
      if (registered.fingerprint !== pair.fingerprint) {
        throw new Error(
          `The exchange registered fingerprint ${registered.fingerprint}, but this key's is ${pair.fingerprint}. Do not use it: revoke it and report the problem.`,
        );
      }
      setOneTime({ ...pair, label: registered.label });
      return null;
    });

  const revoke = (key: SigningKeyView) =>
    act(async () => {
      const revoked = await client.call('keys.revoke', {
        participant_id: participantId,
        fingerprint: key.fingerprint,
      });
      if (oneTime?.fingerprint === revoked.fingerprint) setOneTime(null);
      return `Revoked ${keyName(revoked)} (${revoked.fingerprint.slice(0, 12)}…): requests signed with it are refused from now on.`;
    });

  const list = keys.data;
  const active = list?.filter((key) => key.revoked_at === null).length ?? 0;
  const wide = mode === 'participant';
  return (
    <Card
      title="API keys"
      region
      className={`api-keys api-keys-${mode}`}
      testId="api-keys"
      actions={
        list ? (
          <span className="muted small">{`${active} active · ${list.length - active} revoked`}</span>
        ) : null
      }
    >
      <p className="muted small">
        {wide
          ? 'Programs trade as you through the signed Trading API with an Ed25519 key pair. The exchange keeps only public keys and their fingerprints; the private key stays with you.'
          : `${participant.name}'s Ed25519 keys for the signed Trading API. The exchange keeps only public keys; register one the participant sends you, or revoke one at once.`}
      </p>
      {oneTime ? (
        <PrivateKeyOnce keyPair={oneTime} participant={participant} onDismiss={() => setOneTime(null)} />
      ) : null}
      <ErrorAlert>{failure}</ErrorAlert>
      <Notice>{done}</Notice>
      <div className={wide ? 'api-keys-layout' : 'api-keys-stack'}>
        <div className="api-keys-col">
          <KeyList keys={list} error={keys.error} disabled={working} onRevoke={(key) => void revoke(key)} />
          {wide ? <SigningHelp /> : null}
        </div>
        <div className="api-keys-col">
          {wide ? <GenerateForm disabled={working} onGenerate={generate} /> : null}
          <RegisterForm
            disabled={working}
            onRegister={(publicKey, label) =>
              act(async () => {
                const registered = await register(publicKey, label);
                return `Registered ${keyName(registered)}: fingerprint ${registered.fingerprint}.`;
              })
            }
          />
          {wide ? null : (
            <details className="help-details">
              <summary>How programs sign requests</summary>
              <SigningHelp />
            </details>
          )}
        </div>
      </div>
    </Card>
  );
}

function KeyList({
  keys,
  error,
  disabled,
  onRevoke,
}: {
  keys: SigningKeyView[] | null;
  error: string | null;
  disabled: boolean;
  onRevoke(key: SigningKeyView): void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (keys === null) return error ? <ErrorAlert>{error}</ErrorAlert> : <p className="muted">Loading keys…</p>;
  // Active keys first, newest first within each group.
  const sorted = [...keys].sort(
    (a, b) =>
      Number(a.revoked_at !== null) - Number(b.revoked_at !== null) ||
      b.created_at.localeCompare(a.created_at),
  );
  return (
    <div className="key-list-wrap">
      <h4 className="form-title">Registered keys</h4>
      <ErrorAlert>{error}</ErrorAlert>
      {sorted.length === 0 ? (
        <p className="muted key-empty">No keys registered yet.</p>
      ) : (
        <ul className="key-list" aria-label="Signing keys">
          {sorted.map((key) => {
            const revoked = key.revoked_at !== null;
            return (
              <li
                key={key.fingerprint}
                className={`key-row${revoked ? ' key-revoked' : ''}`}
                data-testid="signing-key"
                data-fingerprint={key.fingerprint}
              >
                <div className="key-line">
                  <span className="key-label">{key.label || 'Unlabelled key'}</span>
                  <Badge tone={revoked ? 'suspended' : 'active'}>{revoked ? 'revoked' : 'active'}</Badge>
                  {!revoked && confirming !== key.fingerprint ? (
                    <button
                      type="button"
                      className="btn btn-xs btn-danger key-action"
                      disabled={disabled}
                      onClick={() => setConfirming(key.fingerprint)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </div>
                <div className="key-fingerprint mono" title="Fingerprint: send it as x-thegrid-fingerprint">
                  {key.fingerprint}
                </div>
                <div className="small muted">
                  Created {formatTime(key.created_at)}
                  {key.revoked_at ? ` · revoked ${formatTime(key.revoked_at)}` : ''}
                </div>
                {!revoked && confirming === key.fingerprint ? (
                  <div className="key-confirm" role="group" aria-label="Confirm revocation">
                    <span>
                      Revoke {keyName(key)}? Requests signed with it are refused from then on; this cannot be
                      undone.
                    </span>
                    <div className="form-actions">
                      <button
                        type="button"
                        className="btn btn-xs btn-danger"
                        disabled={disabled}
                        onClick={() => {
                          setConfirming(null);
                          onRevoke(key);
                        }}
                      >
                        Confirm revoke
                      </button>
                      <button type="button" className="btn btn-xs" onClick={() => setConfirming(null)}>
                        Keep key
                      </button>
                    </div>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function GenerateForm({
  disabled,
  onGenerate,
}: {
  disabled: boolean;
  onGenerate(label: string): Promise<boolean>;
}) {
  const [label, setLabel] = useState('');
  const { errors, submitParsed } = useSubmission<'label'>();
  const noteId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await submitParsed(
      RegisterSigningKeyBody.shape.label.safeParse(label),
      async (checked) => {
        if (await onGenerate(checked ?? '')) setLabel('');
      },
      (error) => ({ label: error.issues[0]?.message }),
    );
  };
  return (
    <form
      className="form key-form"
      onSubmit={submit}
      noValidate
      aria-label="Generate key pair"
      aria-describedby={noteId}
    >
      <h4 className="form-title">New key pair</h4>
      <p className="muted small" id={noteId}>
        Made in this browser with WebCrypto. Only the public key is sent to the exchange; the private key is
        shown to you once.
      </p>
      <Field label="Label" hint="Optional: what the key is for, e.g. “pricing bot”" error={errors.label}>
        <TextInput value={label} maxLength={80} onValue={setLabel} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={disabled}>
          Generate key pair
        </button>
      </div>
    </form>
  );
}

function RegisterForm({
  disabled,
  onRegister,
}: {
  disabled: boolean;
  onRegister(publicKey: string, label: string): Promise<boolean>;
}) {
  const [publicKey, setPublicKey] = useState('');
  const [label, setLabel] = useState('');
  const { errors, submitParsed } = useSubmission<KeyField>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await submitParsed(
      RegisterSigningKeyBody.safeParse({ public_key: publicKey.trim(), label }),
      async (data) => {
        if (await onRegister(data.public_key, data.label ?? '')) {
          setPublicKey('');
          setLabel('');
        }
      },
    );
  };
  return (
    <form className="form key-form" onSubmit={submit} noValidate aria-label="Register a public key">
      <h4 className="form-title">Register an existing public key</h4>
      <Field
        label="Public key"
        hint={
          <>
            base64 of the raw 32-byte Ed25519 public key. From an OpenSSL key file:
            <code className="hint-code">
              openssl pkey -in key.pem -pubout -outform DER | tail -c 32 | base64
            </code>
          </>
        }
        error={errors.public_key}
      >
        <TextInput
          value={publicKey}
          className="mono"
          spellCheck={false}
          placeholder="e.g. 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
          onValue={setPublicKey}
        />
      </Field>
      <Field label="Label" hint="Optional" error={errors.label}>
        <TextInput value={label} maxLength={80} onValue={setLabel} />
      </Field>
      {errors[''] ? <ErrorAlert>{errors['']}</ErrorAlert> : null}
      <div className="form-actions">
        <button type="submit" className="btn" disabled={disabled}>
          Register key
        </button>
      </div>
    </form>
  );
}

/** The private key of a key pair just registered, shown this once with a way to copy or save it. */
function PrivateKeyOnce({
  keyPair,
  participant,
  onDismiss,
}: {
  keyPair: OneTimeKey;
  participant: ParticipantView;
  onDismiss(): void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const textId = useId();
  const filename = `grid-desk-${
    participant.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'key'
  }-${keyPair.fingerprint.slice(0, 8).replace(/[^A-Za-z0-9]/g, '_')}.pem`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(keyPair.privateKeyPem);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The clipboard is not available here: select the text and copy it.');
    }
  };
  return (
    <section className="one-time-key" aria-label="New private key" data-testid="private-key-once">
      <div className="alert alert-warn" role="alert">
        <strong>Save this private key now: it is shown only this once.</strong> The exchange never receives or
        stores it (it keeps only the public key and its fingerprint), so it cannot show it again. Anyone
        holding it can trade as {participant.name}; if it is lost or leaked, revoke the key and generate a new
        one.
      </div>
      <dl className="facts one-time-facts">
        <dt>Fingerprint</dt>
        <dd className="mono" data-testid="new-key-fingerprint">
          {keyPair.fingerprint}
        </dd>
        <dt>Public key</dt>
        <dd className="mono">{keyPair.publicKey}</dd>
        {keyPair.label ? (
          <>
            <dt>Label</dt>
            <dd>{keyPair.label}</dd>
          </>
        ) : null}
      </dl>
      <label className="field-label" htmlFor={textId}>
        Private key (PKCS#8 PEM)
      </label>
      <textarea
        id={textId}
        className="pem mono"
        readOnly
        rows={4}
        value={keyPair.privateKeyPem}
        spellCheck={false}
        onFocus={(event) => event.currentTarget.select()}
      />
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy private key
        </button>
        <button type="button" className="btn" onClick={() => downloadText(filename, keyPair.privateKeyPem)}>
          Download .pem
        </button>
        <button type="button" className="btn btn-primary" onClick={onDismiss}>
          I have saved it
        </button>
        {copied ? <span className="muted small">{copied}</span> : null}
      </div>
    </section>
  );
}

/** How a program signs a Trading API request with the key. */
function SigningHelp() {
  // Where programs send signed requests: the exchange's own HTTP address, as it reports it.
  const origin = useExchangeStore((state) => state.info?.api_url) ?? window.location.origin;
  return (
    <div className="signing-help">
      <h4 className="form-title">Signing requests</h4>
      <p>
        Send requests to <code className="inline-code">{origin}/v1</code> with three headers:
      </p>
      <dl className="facts header-facts">
        <dt>
          <code>x-thegrid-fingerprint</code>
        </dt>
        <dd>the key&apos;s fingerprint, as listed here</dd>
        <dt>
          <code>x-thegrid-timestamp</code>
        </dt>
        <dd>Unix seconds, within 30 s of the exchange&apos;s clock</dd>
        <dt>
          <code>x-thegrid-signature</code>
        </dt>
        <dd>base64 Ed25519 signature of the message</dd>
      </dl>
      <p>
        The message is <code className="inline-code">timestamp + METHOD + path + body</code>, joined with
        nothing between: the path exactly as requested without the query string, the body exactly as sent
        (empty for GET and DELETE).
      </p>
      <span className="muted">For example, a limit order placed at Unix time 1764460800 signs:</span>
      <pre className="code-block">{`1764460800POST/v1/orders{"market_id":"market_…","side":"buy","type":"limit","quantity":1,"price":"2.500"}`}</pre>
      <details className="help-details">
        <summary>Example in Node.js</summary>
        <pre className="code-block">{`import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

const key = createPrivateKey(readFileSync('grid-desk-key.pem'));
const timestamp = String(Math.floor(Date.now() / 1000));
const path = '/v1/orders';
const body = JSON.stringify(order);
const message = timestamp + 'POST' + path + body;
const signature = sign(null, Buffer.from(message), key).toString('base64');

await fetch('${origin}' + path, {
  method: 'POST',
  body,
  headers: {
    'content-type': 'application/json',
    'x-thegrid-fingerprint': FINGERPRINT,
    'x-thegrid-timestamp': timestamp,
    'x-thegrid-signature': signature,
  },
});`}</pre>
      </details>
    </div>
  );
}
