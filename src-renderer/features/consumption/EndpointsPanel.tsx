import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { InstrumentView, ParticipantView } from '../../../src-preload/contract';
import type { EndpointTestResult, ModelEndpointView } from '../../../src-preload/contract-consumption';
import { Field, NumberInput, TextInput } from '../../components/Field';
import { ModalDialog } from '../../components/ModalDialog';
import { Toggle } from '../../components/Toggle';
import { Badge, Card, ErrorAlert, Notice } from '../../components/ui';
import { formatInteger, formatRate } from '../../lib/format';
import { useSubmission } from '../../lib/use-submission';
import { useClient, useExchangeStore } from '../../stores/exchange';
import { outcomeLabel } from './call-columns';
import { CallsBlotter } from './CallsBlotter';
import { draftFor, endpointBody, endpointErrors } from './endpoint-form';
import type { EndpointDraft, EndpointKind } from './endpoint-form';
import { useSupplyRegistrations } from '../lifecycle/queries';
import { useEndpoints } from './queries';

const kinds = [
  { value: 'simulated', label: 'Simulated model' },
  { value: 'openai', label: 'OpenAI-compatible upstream' },
] as const satisfies readonly { value: EndpointKind; label: string }[];

/** "simulated: 300 ms, 75 tok/s" or "openai: llama3 @ http://…". */
function configText(endpoint: ModelEndpointView): string {
  if (endpoint.simulated)
    return `${formatInteger(endpoint.simulated.ttft_ms)} ms TTFT · ${formatInteger(endpoint.simulated.tokens_per_second)} tok/s · quality ${endpoint.simulated.quality_score}${endpoint.simulated.failure_rate ? ` · ${endpoint.simulated.failure_rate * 100}% failures` : ''}`;
  if (endpoint.upstream)
    return `${endpoint.upstream.model} @ ${endpoint.upstream.base_url}${endpoint.upstream.has_api_key ? ' · key set' : ''}`;
  return '';
}

/** A supplier's model endpoints (register, test, pause, delete) and the calls they served. */
export function EndpointsPanel({ participant }: { participant: ParticipantView }) {
  const participantId = participant.participant_id;
  const endpoints = useEndpoints(participantId);
  const [creating, setCreating] = useState(false);
  return (
    <div className="endpoints-panel">
      <Card
        title="Model endpoints"
        region
        actions={
          <button type="button" className="btn btn-primary btn-xs" onClick={() => setCreating(true)}>
            New endpoint
          </button>
        }
      >
        <p className="muted small">
          Calls are routed to an endpoint for an instrument while it is admitted to the instrument&apos;s
          roster: apply it on the Delivery tab, where a probe checks it and the operator reviews it. Its
          tokens per second bound how many calls it serves at once. The exchange measures every call&apos;s
          TTFT and throughput; a late or failed call is not billed and counts against you.
        </p>
        <EndpointList
          participantId={participantId}
          endpoints={endpoints.data}
          error={endpoints.error}
          reload={endpoints.reload}
        />
      </Card>
      <Card title="Calls served" region className="usage-card">
        <CallsBlotter
          view="supplier"
          scope={{ supplier_id: participantId }}
          csvName="grid-desk-calls-served"
          title="Calls served"
        />
      </Card>
      {creating ? (
        <EndpointDialog
          participantId={participantId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            endpoints.reload();
          }}
        />
      ) : null}
    </div>
  );
}

/** Every endpoint on the exchange, for the operator. */
export function AllEndpoints() {
  const endpoints = useEndpoints(null);
  return (
    <EndpointList
      participantId={null}
      endpoints={endpoints.data}
      error={endpoints.error}
      reload={endpoints.reload}
    />
  );
}

function EndpointList({
  participantId,
  endpoints,
  error,
  reload,
}: {
  /** The supplier acting, or null for the operator's read-only list. */
  participantId: string | null;
  endpoints: ModelEndpointView[] | null;
  error: string | null;
  reload(): void;
}) {
  const client = useClient();
  const { failure, done, busy, run } = useSubmission();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [tested, setTested] = useState<{ endpoint: ModelEndpointView; result: EndpointTestResult } | null>(
    null,
  );
  const [testing, setTesting] = useState<string | null>(null);
  const shown = (endpoints ?? []).filter((endpoint) => endpoint.status !== 'deleted');

  const act = (endpoint: ModelEndpointView, action: 'pause' | 'resume' | 'delete' | 'test') =>
    run(async (report) => {
      const ids = { participant_id: endpoint.participant_id, endpoint_id: endpoint.endpoint_id };
      if (action === 'test') {
        setTesting(endpoint.endpoint_id);
        setTested(null);
        try {
          const result = await client.call('endpoints.test', ids);
          setTested({ endpoint, result });
        } finally {
          setTesting(null);
        }
        return;
      }
      if (action === 'delete') {
        await client.call('endpoints.delete', ids);
        setConfirming(null);
        report(`Deleted “${endpoint.name}”: no more calls are routed to it.`);
      } else {
        await client.call('endpoints.update', { ...ids, status: action === 'pause' ? 'paused' : 'active' });
        report(
          action === 'pause'
            ? `Paused “${endpoint.name}”: calls in flight finish, no new ones are routed to it.`
            : `Resumed “${endpoint.name}”.`,
        );
      }
      reload();
    });

  if (endpoints === null)
    return error ? <ErrorAlert>{error}</ErrorAlert> : <p className="muted">Loading endpoints…</p>;
  return (
    <>
      <ErrorAlert>{error ?? failure}</ErrorAlert>
      <Notice>{done}</Notice>
      {shown.length === 0 ? (
        <p className="muted">
          {participantId
            ? 'No model endpoints yet: register one to start serving calls.'
            : 'No supplier has registered a model endpoint yet.'}
        </p>
      ) : (
        <table className="compact-table endpoint-table" aria-label="Model endpoints">
          <thead>
            <tr>
              {participantId ? null : <th>Supplier</th>}
              <th>Name</th>
              <th>Instrument</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Serving</th>
              <th className="num">Tok/s</th>
              <th className="num">Concurrency</th>
              <th className="num">In flight</th>
              {participantId ? <th aria-label="Actions" /> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((endpoint) => (
              <tr key={endpoint.endpoint_id} data-testid="model-endpoint">
                {participantId ? null : <td>{endpoint.supplier_name}</td>}
                <td>
                  <div className="strong">{endpoint.name}</div>
                  <div className="small muted endpoint-config">{configText(endpoint)}</div>
                </td>
                <td className="mono">{endpoint.symbol}</td>
                <td>{endpoint.kind === 'simulated' ? 'simulated' : 'OpenAI upstream'}</td>
                <td>
                  <Badge tone={endpoint.status === 'active' ? 'active' : 'preview'}>{endpoint.status}</Badge>
                </td>
                <td>
                  <Badge tone={endpoint.serving ? 'live' : 'neutral'}>
                    {endpoint.serving ? 'serving' : 'not serving'}
                  </Badge>
                  {!endpoint.serving && endpoint.serving_reason ? (
                    <div className="small muted">{endpoint.serving_reason}</div>
                  ) : null}
                </td>
                <td className="num">{formatInteger(endpoint.tokens_per_second)}</td>
                <td className="num">{formatInteger(endpoint.max_concurrency)}</td>
                <td className="num">{formatInteger(endpoint.in_flight)}</td>
                {participantId ? (
                  <td className="actions-cell">
                    <div className="row-actions">
                      {confirming === endpoint.endpoint_id ? (
                        <span
                          className="key-confirm-inline"
                          role="group"
                          aria-label={`Confirm deleting ${endpoint.name}`}
                        >
                          <span className="small">Delete? Calls stop being routed to it.</span>
                          <button
                            type="button"
                            className="btn btn-xs btn-danger"
                            disabled={busy}
                            onClick={() => void act(endpoint, 'delete')}
                          >
                            Confirm delete
                          </button>
                          <button type="button" className="btn btn-xs" onClick={() => setConfirming(null)}>
                            Keep
                          </button>
                        </span>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="btn btn-xs"
                            disabled={busy}
                            onClick={() => void act(endpoint, 'test')}
                            aria-label={`Test ${endpoint.name}`}
                          >
                            {testing === endpoint.endpoint_id ? 'Testing…' : 'Test'}
                          </button>
                          <button
                            type="button"
                            className="btn btn-xs"
                            disabled={busy}
                            onClick={() =>
                              void act(endpoint, endpoint.status === 'active' ? 'pause' : 'resume')
                            }
                            aria-label={`${endpoint.status === 'active' ? 'Pause' : 'Resume'} ${endpoint.name}`}
                          >
                            {endpoint.status === 'active' ? 'Pause' : 'Resume'}
                          </button>
                          <button
                            type="button"
                            className="btn btn-xs btn-danger"
                            disabled={busy}
                            onClick={() => setConfirming(endpoint.endpoint_id)}
                            aria-label={`Delete ${endpoint.name}`}
                          >
                            Delete
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tested ? <TestResult {...tested} onDismiss={() => setTested(null)} /> : null}
    </>
  );
}

function TestResult({
  endpoint,
  result,
  onDismiss,
}: {
  endpoint: ModelEndpointView;
  result: EndpointTestResult;
  onDismiss(): void;
}) {
  const tone = result.verdict === 'billed' ? 'ok' : 'warn';
  return (
    <section
      className={`endpoint-test alert alert-${tone}`}
      aria-label="Test result"
      data-testid="endpoint-test"
    >
      <div className="endpoint-test-head">
        <strong>
          Test of “{endpoint.name}”: {result.ok ? 'answered' : 'failed'} · verdict{' '}
          {outcomeLabel(result.verdict)}
          {result.verdict === 'billed' ? ' (within spec: it would be billed)' : ' (it would not be billed)'}
        </strong>
        <button type="button" className="btn btn-xs" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <div className="small">
        TTFT {result.ttft_ms !== null ? `${formatInteger(Math.round(result.ttft_ms))} ms` : '—'} · throughput{' '}
        {result.tokens_per_second !== null ? `${formatRate(result.tokens_per_second)} tok/s` : '—'} ·{' '}
        {formatInteger(result.output_tokens)} output tokens
      </div>
      {result.error ? <div className="small">Error: {result.error}</div> : null}
      {result.content ? <blockquote className="endpoint-answer">{result.content}</blockquote> : null}
    </section>
  );
}

function EndpointDialog({
  participantId,
  onClose,
  onCreated,
}: {
  participantId: string;
  onClose(): void;
  onCreated(endpoint: ModelEndpointView): void;
}) {
  const client = useClient();
  const instruments = useExchangeStore((state) => state.instruments) ?? [];
  const first =
    instruments.find((instrument) => instrument.is_default) ??
    instruments.find((instrument) => instrument.status === 'live') ??
    instruments[0];
  const supply = useSupplyRegistrations(participantId);
  const [draft, setDraft] = useState<EndpointDraft>(() => draftFor(first));
  const { errors, failure, busy, submitParsed } = useSubmission<keyof EndpointDraft | ''>();
  const headingId = useId();
  const set = (field: keyof EndpointDraft) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const instrument: InstrumentView | undefined = instruments.find(
    (item) => item.instrument_id === draft.instrument_id,
  );
  const pickInstrument = (id: string) => {
    const next = instruments.find((item) => item.instrument_id === id);
    // The model's figures follow the instrument's specification; the name follows unless typed.
    setDraft((current) => {
      const typedName = current.name !== (instrument ? `${instrument.symbol} model` : '');
      return draftFor(next, { ...current, name: typedName ? current.name : '' });
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await submitParsed(
      endpointBody(draft),
      async (data) => {
        const endpoint = await client.call('endpoints.register', {
          ...data,
          participant_id: participantId,
        });
        onCreated(endpoint);
      },
      endpointErrors,
    );
  };

  const spec = instrument?.specifications;
  // An endpoint serves once admitted to the roster; until then it adds nothing to the capacity.
  const admitted = supply.data?.find((item) => item.instrument_id === draft.instrument_id) ?? null;
  const capacityHint =
    admitted?.status === 'approved'
      ? `Admitted capacity in this instrument now ${formatInteger(admitted.tokens_per_second)} tok/s; this endpoint serves once it is admitted too (Delivery tab)`
      : 'What it sustains: bounds concurrency; it serves, and backs issuance, once admitted to the roster (Delivery tab)';
  return (
    <ModalDialog labelledBy={headingId} onClose={onClose} className="dialog-wide">
      <form className="form" onSubmit={submit} noValidate aria-labelledby={headingId}>
        <h3 id={headingId}>New model endpoint</h3>
        <div className="form-row">
          <Field label="Instrument" error={errors.instrument_id}>
            <select value={draft.instrument_id} onChange={(event) => pickInstrument(event.target.value)}>
              {instruments.map((item) => (
                <option key={item.instrument_id} value={item.instrument_id}>
                  {item.symbol}
                  {item.status === 'preview' ? ' (preview)' : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Name" error={errors.name}>
            <TextInput value={draft.name} maxLength={80} onValue={set('name')} />
          </Field>
        </div>
        {spec ? (
          <p className="small muted">
            {instrument?.symbol} requires: quality ≥ {spec.quality_floor ?? '—'} ({spec.quality_index}), TTFT
            ≤ {spec.ttft_max_seconds} s, throughput ≥ {formatInteger(spec.throughput_floor_tps)} tok/s,
            context ≥ {formatInteger(spec.context_window_min_tokens)}, output ≥{' '}
            {formatInteger(spec.output_length_min_tokens)}.
          </p>
        ) : null}
        <Field label="Capacity (tokens per second)" hint={capacityHint} error={errors.tokens_per_second}>
          <NumberInput value={draft.tokens_per_second} onValue={set('tokens_per_second')} />
        </Field>
        <Toggle
          label="Kind"
          options={kinds}
          value={draft.kind}
          onChange={(kind) => setDraft((current) => ({ ...current, kind }))}
        />
        {draft.kind === 'simulated' ? (
          <fieldset className="form-grid" aria-label="Simulated model">
            <Field label="Quality score" error={errors.quality_score}>
              <NumberInput value={draft.quality_score} decimal onValue={set('quality_score')} />
            </Field>
            <Field label="TTFT (ms)" error={errors.ttft_ms}>
              <NumberInput value={draft.ttft_ms} onValue={set('ttft_ms')} />
            </Field>
            <Field label="Model tok/s" error={errors.sim_tokens_per_second}>
              <NumberInput
                value={draft.sim_tokens_per_second}
                decimal
                onValue={set('sim_tokens_per_second')}
              />
            </Field>
            <Field label="Context window" error={errors.context_window}>
              <NumberInput value={draft.context_window} onValue={set('context_window')} />
            </Field>
            <Field label="Max output tokens" error={errors.max_output_tokens}>
              <NumberInput value={draft.max_output_tokens} onValue={set('max_output_tokens')} />
            </Field>
            <Field label="Failure rate" hint="0 to 1" error={errors.failure_rate}>
              <NumberInput value={draft.failure_rate} decimal onValue={set('failure_rate')} />
            </Field>
            <Field label="Jitter" hint="0 to 1" error={errors.jitter}>
              <NumberInput value={draft.jitter} decimal onValue={set('jitter')} />
            </Field>
            <Field label="Seed" error={errors.seed}>
              <NumberInput value={draft.seed} onValue={set('seed')} />
            </Field>
          </fieldset>
        ) : (
          <fieldset className="form-grid form-grid-2" aria-label="OpenAI-compatible upstream">
            <Field
              label="Base URL"
              hint="e.g. http://127.0.0.1:8000/v1 (vLLM, llama.cpp, Ollama…)"
              error={errors.base_url}
            >
              <TextInput
                value={draft.base_url}
                className="mono"
                spellCheck={false}
                onValue={set('base_url')}
              />
            </Field>
            <Field label="Upstream model" hint="The model name the upstream expects" error={errors.model}>
              <TextInput value={draft.model} spellCheck={false} onValue={set('model')} />
            </Field>
            <Field label="API key" hint="Optional; kept encrypted, never shown again" error={errors.api_key}>
              <TextInput type="password" value={draft.api_key} onValue={set('api_key')} />
            </Field>
            <Field label="Timeout (ms)" error={errors.timeout_ms}>
              <NumberInput value={draft.timeout_ms} onValue={set('timeout_ms')} />
            </Field>
          </fieldset>
        )}
        <ErrorAlert>{errors[''] ?? failure}</ErrorAlert>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Registering…' : 'Register endpoint'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
