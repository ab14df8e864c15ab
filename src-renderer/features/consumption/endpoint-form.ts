/** A new model endpoint's form: defaults drawn from the instrument's specification, and the body sent. */
import type { InstrumentView } from '../../../src-preload/contract';
import { EndpointBody } from '../../../src-preload/contract-consumption';
import type { z } from 'zod';

export type EndpointKind = 'simulated' | 'openai';

/** The form's fields as typed (text boxes hold text). */
export interface EndpointDraft {
  instrument_id: string;
  name: string;
  kind: EndpointKind;
  tokens_per_second: string;
  quality_score: string;
  ttft_ms: string;
  sim_tokens_per_second: string;
  context_window: string;
  max_output_tokens: string;
  failure_rate: string;
  jitter: string;
  seed: string;
  base_url: string;
  model: string;
  api_key: string;
  timeout_ms: string;
}

/**
 * A draft for `instrument` that clears its floors with room: quality a little above the floor, TTFT at
 * a third of the ceiling, throughput half again the floor, the minimum context and output.
 */
export function draftFor(instrument: InstrumentView | undefined, previous?: EndpointDraft): EndpointDraft {
  const spec = instrument?.specifications;
  const ceilingMs = spec ? Math.round(Number(spec.ttft_max_seconds) * 1000) : 2000;
  const floorTps = spec?.throughput_floor_tps ?? 50;
  return {
    instrument_id: instrument?.instrument_id ?? '',
    name: previous?.name || (instrument ? `${instrument.symbol} model` : ''),
    kind: previous?.kind ?? 'simulated',
    tokens_per_second: previous?.tokens_per_second ?? '1000',
    quality_score: String(Math.min(100, (spec?.quality_floor ?? 40) + 5)),
    ttft_ms: String(Math.max(50, Math.round((Number.isFinite(ceilingMs) ? ceilingMs : 2000) / 3))),
    sim_tokens_per_second: String(Math.round(floorTps * 1.5)),
    context_window: String(spec?.context_window_min_tokens ?? 128_000),
    max_output_tokens: String(spec?.output_length_min_tokens ?? 4096),
    failure_rate: '0',
    jitter: '0.1',
    seed: '1',
    base_url: previous?.base_url ?? 'http://127.0.0.1:8000/v1',
    model: previous?.model ?? '',
    api_key: previous?.api_key ?? '',
    timeout_ms: previous?.timeout_ms ?? '120000',
  };
}

/** Text as a number for the contract to check ("" and junk become NaN, which it refuses). */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.replace(/,/g, '').trim());
}

/** The draft as the contract's body, checked: the body, or the zod error to show per field. */
export function endpointBody(draft: EndpointDraft) {
  const common = {
    instrument_id: draft.instrument_id,
    name: draft.name,
    tokens_per_second: num(draft.tokens_per_second),
  };
  const body =
    draft.kind === 'simulated'
      ? {
          ...common,
          kind: 'simulated' as const,
          simulated: {
            quality_score: num(draft.quality_score),
            ttft_ms: num(draft.ttft_ms),
            tokens_per_second: num(draft.sim_tokens_per_second),
            context_window: num(draft.context_window),
            max_output_tokens: num(draft.max_output_tokens),
            failure_rate: num(draft.failure_rate),
            jitter: num(draft.jitter),
            seed: num(draft.seed),
          },
        }
      : {
          ...common,
          kind: 'openai' as const,
          upstream: {
            base_url: draft.base_url.trim(),
            model: draft.model,
            ...(draft.api_key !== '' && { api_key: draft.api_key }),
            timeout_ms: num(draft.timeout_ms),
          },
        };
  return EndpointBody.safeParse(body);
}

export type EndpointBodyValue = z.infer<typeof EndpointBody>;

/** Per-field messages from a failed check, keyed by the draft's field names. */
export function endpointErrors(error: z.ZodError): Partial<Record<keyof EndpointDraft | '', string>> {
  const rename: Record<string, keyof EndpointDraft> = { tokens_per_second: 'sim_tokens_per_second' };
  const errors: Partial<Record<keyof EndpointDraft | '', string>> = {};
  for (const issue of error.issues) {
    const [first, second] = issue.path.map(String);
    let field: keyof EndpointDraft | '' = '';
    if ((first === 'simulated' || first === 'upstream') && second)
      field = (first === 'simulated' ? (rename[second] ?? second) : second) as keyof EndpointDraft;
    else if (first) field = first as keyof EndpointDraft;
    if (!(field in errors)) errors[field] = issue.message;
  }
  return errors;
}
