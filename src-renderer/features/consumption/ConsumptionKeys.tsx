import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import { CreateKeyBody } from '../../../src-preload/contract-consumption';
import type { ConsumptionKeyView } from '../../../src-preload/contract-consumption';
import { Field, NumberInput, TextInput } from '../../components/Field';
import { ModalDialog } from '../../components/ModalDialog';
import { Badge, Card, ErrorAlert, Notice } from '../../components/ui';
import { formatInteger, formatTime, formatUsd } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { buildSnippets } from './snippets';

type KeyField = 'name' | 'expires_at' | 'requests_per_minute' | 'tokens_per_minute' | 'spend_budget' | '';

const statusTone = { active: 'active', revoked: 'suspended', expired: 'neutral' } as const;

/** "60 req/min · 100,000 tok/min", or "No limits". */
function limitsText(key: ConsumptionKeyView): string {
  const parts = [
    key.requests_per_minute !== null ? `${formatInteger(key.requests_per_minute)} req/min` : null,
    key.tokens_per_minute !== null ? `${formatInteger(key.tokens_per_minute)} tok/min` : null,
    key.expires_at ? `expires ${formatTime(key.expires_at)}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'No limits';
}

/** Copies text to the clipboard; says where it could not. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" className="btn btn-xs" onClick={() => void copy()} aria-label={label}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}

/**
 * A participant's consumption keys for the Consumption API: the list with limits and spend, a dialog
 * to create one (its secret shown once, with snippets), and revocation after a confirmation.
 */
export function ConsumptionKeys({
  participant,
  keys,
  error,
  reload,
  onCreated,
}: {
  participant: ParticipantView;
  keys: ConsumptionKeyView[] | null;
  error: string | null;
  reload(): void;
  /** A key was created here: its secret, for the playground to use while the page lives. */
  onCreated(key: ConsumptionKeyView): void;
}) {
  const client = useClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ConsumptionKeyView | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const { failure, done, busy, run } = useSubmission();

  const revoke = (key: ConsumptionKeyView) =>
    run(async (report) => {
      await client.call('consumption.revokeKey', {
        participant_id: participant.participant_id,
        key_id: key.id,
      });
      setConfirming(null);
      report(`Revoked “${key.name}” (${key.key_prefix}…): calls with it are refused from now on.`);
      reload();
    });

  const sorted = keys
    ? [...keys].sort(
        (a, b) =>
          Number(a.status !== 'active') - Number(b.status !== 'active') ||
          b.created_at.localeCompare(a.created_at),
      )
    : null;
  const active = keys?.filter((key) => key.status === 'active').length ?? 0;

  return (
    <Card
      title="Consumption keys"
      region
      className="consumption-keys"
      actions={
        <>
          {keys ? (
            <span className="muted small">{`${active} active · ${keys.length - active} inactive`}</span>
          ) : null}
          <button type="button" className="btn btn-primary btn-xs" onClick={() => setCreating(true)}>
            New key
          </button>
        </>
      }
    >
      <p className="muted small">
        A consumption key lets a program spend your Units through the OpenAI- and Anthropic-compatible
        Consumption API. The exchange stores only a hash: the secret is shown once, when the key is created.
      </p>
      <ErrorAlert>{error ?? failure}</ErrorAlert>
      <Notice>{done}</Notice>
      {sorted === null ? (
        <p className="muted">Loading keys…</p>
      ) : sorted.length === 0 ? (
        <p className="muted">No consumption keys yet: create one to call the API from your code.</p>
      ) : (
        <table className="compact-table ckey-table" aria-label="Consumption keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Limits</th>
              <th className="num">Spent / budget</th>
              <th>Created</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {sorted.map((key) => (
              <tr
                key={key.id}
                data-testid="consumption-key"
                className={key.status !== 'active' ? 'row-muted' : undefined}
              >
                <td>
                  <div className="strong">{key.name}</div>
                  <div className="mono small muted">{key.key_prefix}…</div>
                </td>
                <td>
                  <Badge tone={statusTone[key.status]}>{key.status}</Badge>
                </td>
                <td className="small">{limitsText(key)}</td>
                <td className="num">
                  {formatUsd(key.spent, 2)}
                  {key.spend_budget !== null ? ` / ${formatUsd(key.spend_budget)}` : ''}
                </td>
                <td className="small" title={formatTime(key.created_at)}>
                  {formatTime(key.created_at).slice(0, 10)}
                </td>
                <td className="actions-cell">
                  <div className="row-actions">
                    {key.status === 'active' && confirming !== key.id ? (
                      <button
                        type="button"
                        className="btn btn-xs btn-danger"
                        disabled={busy}
                        onClick={() => setConfirming(key.id)}
                      >
                        Revoke
                      </button>
                    ) : null}
                    {confirming === key.id ? (
                      <span
                        className="key-confirm-inline"
                        role="group"
                        aria-label={`Confirm revoking ${key.name}`}
                      >
                        <span className="small">Revoke? Calls with it stop at once.</span>
                        <button
                          type="button"
                          className="btn btn-xs btn-danger"
                          disabled={busy}
                          onClick={() => void revoke(key)}
                        >
                          Confirm revoke
                        </button>
                        <button type="button" className="btn btn-xs" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </span>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating ? (
        <CreateKeyDialog
          participant={participant}
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            onCreated(key);
            reload();
          }}
        />
      ) : null}
      {created?.key ? <SecretDialog created={created} onClose={() => setCreated(null)} /> : null}
    </Card>
  );
}

/** A datetime-local value ("2026-12-31T23:59") as an ISO time, or null when empty. */
function isoFromLocal(value: string): string | null | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function CreateKeyDialog({
  participant,
  onClose,
  onCreated,
}: {
  participant: ParticipantView;
  onClose(): void;
  onCreated(key: ConsumptionKeyView): void;
}) {
  const client = useClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [rpm, setRpm] = useState('');
  const [tpm, setTpm] = useState('');
  const [budget, setBudget] = useState('');
  const { errors, failure, busy, submitParsed } = useSubmission<KeyField>();
  const headingId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const whole = (text: string) => (text.trim() === '' ? undefined : Number(text.replace(/,/g, '')));
    await submitParsed(
      CreateKeyBody.safeParse({
        name,
        ...(expires && { expires_at: isoFromLocal(expires) }),
        ...(rpm.trim() && { requests_per_minute: whole(rpm) }),
        ...(tpm.trim() && { tokens_per_minute: whole(tpm) }),
        ...(budget.trim() && { spend_budget: budget.trim().replace(/^\$/, '') }),
      }),
      async (data) => {
        const key = await client.call('consumption.createKey', {
          ...data,
          participant_id: participant.participant_id,
        });
        onCreated(key);
      },
    );
  };

  return (
    <ModalDialog labelledBy={headingId} onClose={onClose} className="dialog-wide">
      <form className="form" onSubmit={submit} noValidate aria-labelledby={headingId}>
        <h3 id={headingId}>New consumption key</h3>
        <p className="muted small">
          For {participant.name}. Limits are optional: leave a box empty for none.
        </p>
        <Field label="Name" hint="What the key is for, e.g. “support bot”" error={errors.name}>
          <TextInput value={name} maxLength={80} onValue={setName} autoFocus />
        </Field>
        <Field
          label="Expires"
          hint="Optional: the key stops working at this local time"
          error={errors.expires_at}
        >
          <input type="datetime-local" value={expires} onChange={(event) => setExpires(event.target.value)} />
        </Field>
        <div className="form-row">
          <Field label="Requests per minute" error={errors.requests_per_minute}>
            <NumberInput value={rpm} onValue={setRpm} placeholder="no limit" />
          </Field>
          <Field label="Tokens per minute" error={errors.tokens_per_minute}>
            <NumberInput value={tpm} onValue={setTpm} placeholder="no limit" />
          </Field>
        </div>
        <Field
          label="Spend budget (USD)"
          hint="Over the key's life, at the Lots' purchase prices"
          error={errors.spend_budget}
        >
          <NumberInput value={budget} decimal onValue={setBudget} placeholder="no budget" />
        </Field>
        <ErrorAlert>{errors[''] ?? failure}</ErrorAlert>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** The secret of a key just created, shown this once, with snippets that use it. */
function SecretDialog({ created, onClose }: { created: ConsumptionKeyView; onClose(): void }) {
  const apiUrl = useExchangeStore((state) => state.info?.api_url) ?? window.location.origin;
  const instruments = useExchangeStore((state) => state.instruments);
  const model =
    instruments?.find((instrument) => instrument.is_default && instrument.status === 'live')?.symbol ??
    instruments?.find((instrument) => instrument.status === 'live')?.symbol ??
    'text-prime';
  const secret = created.key ?? '';
  const snippets = buildSnippets(apiUrl, secret, model);
  const [shown, setShown] = useState(snippets[0]!.id);
  const headingId = useId();
  const snippet = snippets.find((item) => item.id === shown) ?? snippets[0]!;
  return (
    <ModalDialog labelledBy={headingId} onClose={onClose} className="dialog-wide dialog-secret">
      <div className="form" data-testid="consumption-secret-once">
        <h3 id={headingId}>Key “{created.name}” created</h3>
        <div className="alert alert-warn" role="alert">
          <strong>Copy the secret now: it is shown only this once.</strong> The exchange keeps only a hash of
          it. If it is lost, revoke the key and create another.
        </div>
        <div className="secret-line">
          <code className="secret mono" data-testid="consumption-secret">
            {secret}
          </code>
          <CopyButton text={secret} label="Copy secret" />
        </div>
        <p className="small muted">
          Base URL <code className="inline-code">{apiUrl}/v1</code> · model names are instrument symbols, e.g.{' '}
          <code className="inline-code">{model}</code>
        </p>
        <div className="snippet-tabs" role="tablist" aria-label="Snippets">
          {snippets.map((item) => (
            <button
              key={item.id}
              type="button"
              role="tab"
              className="tab"
              aria-selected={item.id === shown}
              onClick={() => setShown(item.id)}
            >
              {item.label}
            </button>
          ))}
        </div>
        <div className="snippet" role="tabpanel" aria-label={snippet.label}>
          <pre className="code-block" data-testid={`snippet-${snippet.id}`}>
            {snippet.code}
          </pre>
          <div className="snippet-copy">
            <CopyButton text={snippet.code} label={`Copy ${snippet.label} snippet`} />
          </div>
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            I have copied it
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
