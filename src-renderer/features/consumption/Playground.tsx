import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import type { CallView, ConsumptionKeyView } from '../../../src-preload/contract-consumption';
import { Card, ErrorAlert } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { formatInteger, formatRate, formatUsd } from '../../lib/format';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { outcomeLabel } from './call-columns';
import { emptyProgress, outputTokens, streamChat, tokensPerSecond } from './chat-stream';
import type { ChatProgress } from './chat-stream';
import { useKnownSecrets } from './playground-keys';

/**
 * Where the playground sends its calls: the page's own origin when it is served over HTTP by the exchange
 * (same origin, whatever host name the browser used), else the exchange's API URL (the desktop app).
 */
function chatOrigin(apiUrl: string | null): string {
  if (/^https?:$/.test(window.location.protocol)) return window.location.origin;
  return apiUrl ?? 'http://127.0.0.1:7420';
}

const CREATE = '__create';
const PASTE = '__paste';
const EMPTY_SECRETS: never[] = [];

type Phase = 'idle' | 'streaming' | 'settling' | 'done';

/**
 * A chat against the local Consumption API, streamed: pick a model and a key, write a prompt, and watch
 * the tokens arrive with live counters; once the call settles, its outcome and cost from the usage record.
 */
export function Playground({
  participant,
  keys,
  onKeysChanged,
}: {
  participant: ParticipantView;
  keys: ConsumptionKeyView[] | null;
  onKeysChanged(): void;
}) {
  const client = useClient();
  const participantId = participant.participant_id;
  const instruments = useExchangeStore((state) => state.instruments);
  const apiUrl = chatOrigin(useExchangeStore((state) => state.info?.api_url) ?? null);
  const known = useKnownSecrets((state) => state.byParticipant[participantId] ?? EMPTY_SECRETS);
  const remember = useKnownSecrets((state) => state.remember);
  const live = (instruments ?? []).filter((instrument) => instrument.status === 'live');
  const [model, setModel] = useState('');
  const [keyChoice, setKeyChoice] = useState('');
  const [pasted, setPasted] = useState('');
  const [system, setSystem] = useState('You are a helpful assistant. Answer briefly.');
  const [message, setMessage] = useState('Explain what a spot market for AI inference is, in two sentences.');
  const [maxTokens, setMaxTokens] = useState('256');
  const [progress, setProgress] = useState<ChatProgress | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const [record, setRecord] = useState<CallView | null>(null);
  const abort = useRef<AbortController | null>(null);
  const id = useId();

  // Usable known secrets: keys still active on the exchange.
  const activeIds = new Set((keys ?? []).filter((key) => key.status === 'active').map((key) => key.id));
  const usable = known.filter((item) => keys === null || activeIds.has(item.keyId));
  const chosenModel =
    model || live.find((instrument) => instrument.is_default)?.symbol || live[0]?.symbol || '';
  const choice = keyChoice || usable[0]?.keyId || CREATE;

  useEffect(() => () => abort.current?.abort(), []);

  /** The secret to call with: a known one, the pasted one, or a new "Playground" key made now. */
  const secretFor = async (): Promise<{ secret: string; keyId: string | null }> => {
    if (choice === PASTE) {
      if (!pasted.trim()) throw new Error('Paste a consumption key secret first.');
      return { secret: pasted.trim(), keyId: null };
    }
    const found = usable.find((item) => item.keyId === choice);
    if (found) return { secret: found.secret, keyId: found.keyId };
    const key = await client.call('consumption.createKey', {
      participant_id: participantId,
      name: 'Playground',
    });
    if (!key.key) throw new Error('The exchange did not return the new key’s secret.');
    remember(participantId, { keyId: key.id, name: key.name, prefix: key.key_prefix, secret: key.key });
    setKeyChoice(key.id);
    onKeysChanged();
    return { secret: key.key, keyId: key.id };
  };

  /** The call's usage record, once the exchange has written it (it settles just after the stream ends). */
  const findRecord = async (callId: string, keyId: string | null) => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const page = await client.call('usage.list', {
        participant_id: participantId,
        ...(keyId && { key_id: keyId }),
        limit: 20,
      });
      const found = page.calls.find((call) => call.call_id === callId);
      if (found) return found;
      await new Promise((resolve) => window.setTimeout(resolve, 250));
    }
    return null;
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (phase === 'streaming' || phase === 'settling') return;
    setProblem(null);
    setRecord(null);
    setProgress(null);
    if (!chosenModel) {
      setProblem('No live instrument to call.');
      return;
    }
    if (!message.trim()) {
      setProblem('Write a message to send.');
      return;
    }
    const max = maxTokens.trim() === '' ? undefined : Number(maxTokens);
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
      setProblem('Max tokens must be a whole number of at least 1, or empty for the model’s maximum.');
      return;
    }
    setPhase('streaming');
    const controller = new AbortController();
    abort.current = controller;
    try {
      const { secret, keyId } = await secretFor();
      setProgress(emptyProgress());
      const outcome = await streamChat({
        apiUrl,
        key: secret,
        model: chosenModel,
        system,
        message,
        maxTokens: max,
        signal: controller.signal,
        onProgress: setProgress,
      });
      setProgress(outcome.progress);
      if (outcome.refusal) {
        setProgress(null);
        setProblem(outcome.refusal);
        setPhase('idle');
        return;
      }
      if (outcome.progress.error) setProblem(outcome.progress.error);
      setPhase('settling');
      setRecord(outcome.callId ? await findRecord(outcome.callId, keyId) : null);
      setPhase('done');
    } catch (error) {
      setProblem(
        controller.signal.aborted
          ? 'Stopped: the exchange bills only what was delivered, by the instrument’s rules.'
          : error instanceof TypeError
            ? `Could not reach the Consumption API at ${apiUrl} (${error.message}).`
            : errorText(error),
      );
      setPhase('idle');
    } finally {
      abort.current = null;
    }
  };

  const streaming = phase === 'streaming';
  const tps = progress ? tokensPerSecond(progress) : null;
  return (
    <Card title="Playground" region className="playground">
      <form className="form playground-form" onSubmit={send} noValidate aria-label="Playground">
        <div className="form-row">
          <div className="field">
            <div className="field-main">
              <label className="field-label" htmlFor={`${id}-model`}>
                Model
              </label>
              <select id={`${id}-model`} value={chosenModel} onChange={(e) => setModel(e.target.value)}>
                {live.map((instrument) => (
                  <option key={instrument.instrument_id} value={instrument.symbol}>
                    {instrument.symbol} · {instrument.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <div className="field-main">
              <label className="field-label" htmlFor={`${id}-key`}>
                Key
              </label>
              <select id={`${id}-key`} value={choice} onChange={(e) => setKeyChoice(e.target.value)}>
                {usable.map((item) => (
                  <option key={item.keyId} value={item.keyId}>
                    {item.name} ({item.prefix}…)
                  </option>
                ))}
                <option value={CREATE}>Create a playground key</option>
                <option value={PASTE}>Paste a secret…</option>
              </select>
            </div>
          </div>
          <div className="field field-narrow">
            <div className="field-main">
              <label className="field-label" htmlFor={`${id}-max`}>
                Max tokens
              </label>
              <input
                id={`${id}-max`}
                inputMode="numeric"
                value={maxTokens}
                onChange={(e) => setMaxTokens(e.target.value)}
              />
            </div>
          </div>
        </div>
        {choice === PASTE ? (
          <div className="field">
            <div className="field-main">
              <label className="field-label" htmlFor={`${id}-secret`}>
                Secret
              </label>
              <input
                id={`${id}-secret`}
                type="password"
                autoComplete="off"
                className="mono"
                value={pasted}
                onChange={(e) => setPasted(e.target.value)}
                placeholder="the key's secret, kept in this page only"
              />
            </div>
          </div>
        ) : choice === CREATE ? (
          <p className="small muted">
            Sending creates a key named “Playground”; its secret stays in this page’s memory only.
          </p>
        ) : null}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-system`}>
            System prompt
          </label>
          <textarea id={`${id}-system`} rows={2} value={system} onChange={(e) => setSystem(e.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-message`}>
            Message
          </label>
          <textarea
            id={`${id}-message`}
            rows={3}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={streaming || phase === 'settling'}>
            {streaming ? 'Streaming…' : 'Send'}
          </button>
          {streaming ? (
            <button type="button" className="btn" onClick={() => abort.current?.abort()}>
              Stop
            </button>
          ) : null}
          <span className="muted small">Ctrl+Enter sends · streams from {apiUrl}/v1/chat/completions</span>
        </div>
      </form>
      <ErrorAlert>{problem}</ErrorAlert>
      {progress ? (
        <div className="playground-output">
          <dl className="playground-stats" aria-label="Call measures">
            <div>
              <dt>Output tokens</dt>
              <dd data-testid="pg-tokens">{formatInteger(outputTokens(progress))}</dd>
            </div>
            <div>
              <dt>Input tokens</dt>
              <dd>{progress.usage ? formatInteger(progress.usage.prompt_tokens) : '—'}</dd>
            </div>
            <div>
              <dt>TTFT</dt>
              <dd data-testid="pg-ttft">
                {progress.ttftMs !== null ? `${formatInteger(Math.round(progress.ttftMs))} ms` : '—'}
              </dd>
            </div>
            <div>
              <dt>Tok/s</dt>
              <dd>{formatRate(tps)}</dd>
            </div>
            <div>
              <dt>Elapsed</dt>
              <dd>{(progress.elapsedMs / 1000).toFixed(1)} s</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd data-testid="pg-cost">
                {record
                  ? record.outcome === 'billed'
                    ? formatUsd(record.cost, 4)
                    : `not billed (${outcomeLabel(record.outcome)})`
                  : phase === 'settling'
                    ? 'settling…'
                    : '—'}
              </dd>
            </div>
          </dl>
          <div className="playground-answer" data-testid="pg-answer" aria-live="polite" aria-busy={streaming}>
            {progress.text ||
              (streaming ? <span className="muted">Waiting for the first token…</span> : null)}
            {streaming ? <span className="caret" aria-hidden="true" /> : null}
          </div>
          {record ? (
            <p className="small muted" data-testid="pg-record">
              Served by {record.supplier_name ?? 'no supplier'}
              {record.endpoint_name ? ` (${record.endpoint_name})` : ''}
              {record.substituted ? ', substituted' : ''} · {outcomeLabel(record.outcome)} ·{' '}
              {formatInteger(record.billed_tokens)} tokens billed · measured TTFT{' '}
              {record.ttft_ms !== null ? `${formatInteger(record.ttft_ms)} ms` : '—'}
            </p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
