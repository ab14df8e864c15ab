import type { CallMeasures, CallOutcome } from './consumption-types';
import { THROUGHPUT_MIN_OUTPUT_TOKENS } from './consumption-types';
import type { InstrumentSpec } from './instruments';

/** Output tokens per second over the streaming time, or null when it cannot be judged. */
export function throughput(measures: CallMeasures): number | null {
  if (measures.output_tokens < 2 || measures.streaming_seconds <= 0) return null;
  return measures.output_tokens / measures.streaming_seconds;
}

/**
 * The billing rule of product.md: a call is billed only if it completes within the instrument's TTFT
 * ceiling and, on outputs of 64 tokens or more, at or above its throughput floor.
 */
export function judgeDelivery(spec: InstrumentSpec, measures: CallMeasures): CallOutcome {
  if (measures.cancelled) return 'cancelled';
  if (!measures.completed) return 'failed';
  if (measures.ttft_ms !== null && measures.ttft_ms > spec.ttft_max_ms) return 'late';
  const rate = throughput(measures);
  if (
    spec.throughput_floor_tps !== null &&
    measures.output_tokens >= THROUGHPUT_MIN_OUTPUT_TOKENS &&
    rate !== null &&
    rate < spec.throughput_floor_tps
  )
    return 'out_of_spec';
  return 'billed';
}
