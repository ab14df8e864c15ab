import type { ChatCompletionChunk, ChatRequest } from './chat';

/**
 * The one interface every supplier's model endpoint implements, whether it is a simulated model or an
 * OpenAI-compatible HTTP upstream. It only streams: the caller measures TTFT and throughput, meters
 * usage and assembles a non-streaming answer itself, so an endpoint yields chunks as soon as they exist.
 */
export interface ModelEndpoint {
  /**
   * Streams `chat.completion.chunk` objects. The last chunk carries `usage` when the upstream reports
   * it (the simulated model always does); without it the caller counts with the tokenizer.
   *
   * Failures throw a {@link DeliveryError}. When `signal` aborts, iteration stops promptly and throws
   * `signal.reason` (not a DeliveryError), so a cancelled call is never mistaken for a failed one.
   */
  complete(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk>;
}

/**
 * - upstream_error: the model answered with an error (HTTP status, or an error event in the stream)
 * - timeout: no response, or no data for longer than the endpoint's timeout
 * - bad_response: the upstream answered something that is not a chat completion
 * - connection: the connection could not be made or broke mid-answer
 */
export type DeliveryErrorKind = 'upstream_error' | 'timeout' | 'bad_response' | 'connection';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly kind: DeliveryErrorKind;
  /** The upstream's HTTP status, when it gave one. */
  readonly status: number | undefined;

  constructor(kind: DeliveryErrorKind, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
  }
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}

/**
 * True when a chunk carries model output (text, refusal or a tool call), as opposed to a bare role
 * announcement or the trailing usage chunk. TTFT is the time to the first such chunk.
 */
export function chunkHasOutput(chunk: ChatCompletionChunk): boolean {
  for (const choice of chunk.choices) {
    const delta = choice.delta;
    if (delta.content || delta.refusal || (delta.tool_calls && delta.tool_calls.length > 0)) return true;
  }
  return false;
}
