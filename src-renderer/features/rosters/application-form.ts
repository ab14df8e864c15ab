/**
 * The roster application form, kept pure: a draft prefilled from the endpoint (its simulated model's
 * declared figures, its capacity and instrument), parsed into the contract's application body.
 */
import type { z } from 'zod';
import type { ModelEndpointView } from '../../../src-preload/contract-consumption';
import { ApplicationBody } from '../../../src-preload/contract-rosters';

export interface ApplicationDraft {
  endpoint_id: string;
  instrument_id: string;
  quality_score: string;
  quality_source: string;
  context_window: string;
  max_output_tokens: string;
  tokens_per_second: string;
}

/** The form for an endpoint: a simulated model's figures as declared; an upstream's left to the supplier. */
export function applicationDraft(endpoint: ModelEndpointView): ApplicationDraft {
  const sim = endpoint.simulated;
  return {
    endpoint_id: endpoint.endpoint_id,
    instrument_id: endpoint.instrument_id,
    quality_score: sim ? String(sim.quality_score) : '',
    quality_source: sim ? 'declared by the simulated model' : '',
    context_window: sim ? String(sim.context_window) : '',
    max_output_tokens: sim ? String(sim.max_output_tokens) : '',
    tokens_per_second: String(endpoint.tokens_per_second),
  };
}

const number = (text: string) => {
  const trimmed = text.trim().replace(/,/g, '');
  return trimmed === '' ? Number.NaN : Number(trimmed);
};

export function parseApplication(draft: ApplicationDraft) {
  return ApplicationBody.safeParse({
    instrument_id: draft.instrument_id,
    quality_score: number(draft.quality_score),
    quality_source: draft.quality_source,
    context_window: number(draft.context_window),
    max_output_tokens: number(draft.max_output_tokens),
    tokens_per_second: number(draft.tokens_per_second),
  });
}

/** The first problem per field, in the product's words. */
export function applicationErrors(error: z.ZodError): Partial<Record<keyof ApplicationDraft, string>> {
  const errors: Partial<Record<keyof ApplicationDraft, string>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '') as keyof ApplicationDraft;
    if (key in errors) continue;
    errors[key] =
      issue.code === 'invalid_type'
        ? issue.expected === 'int'
          ? 'a whole number'
          : 'enter a number'
        : issue.code === 'too_small'
          ? key === 'quality_source'
            ? issue.message
            : `at least ${String(issue.minimum)}`
          : issue.code === 'too_big'
            ? `at most ${String(issue.maximum)}`
            : issue.message;
  }
  return errors;
}
