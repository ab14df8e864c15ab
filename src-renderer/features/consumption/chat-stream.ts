/**
 * The playground's side of a streamed chat: the OpenAI `chat.completion.chunk` SSE stream read as it
 * arrives (text, token counts, time to first token), and the API's errors in plain words.
 */
import { createParser } from 'eventsource-parser';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What a stream has delivered so far. */
export interface ChatProgress {
  text: string;
  /** Content chunks received: each carries about one token, so this counts tokens until `usage` arrives. */
  chunks: number;
  finishReason: string | null;
  /** The metered usage, from the stream's last chunk (`stream_options.include_usage`). */
  usage: ChatUsage | null;
  /** Milliseconds from sending to the first content, or null before it. */
  ttftMs: number | null;
  /** Milliseconds from sending to now (or to the end). */
  elapsedMs: number;
  /** An error the stream reported after it started (the status was already 200). */
  error: string | null;
  done: boolean;
}

export function emptyProgress(): ChatProgress {
  return {
    text: '',
    chunks: 0,
    finishReason: null,
    usage: null,
    ttftMs: null,
    elapsedMs: 0,
    error: null,
    done: false,
  };
}

interface ChunkShape {
  choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: Partial<ChatUsage> | null;
  error?: { message?: unknown };
}

/**
 * Applies one SSE `data` payload to the progress (a new object; the input is not changed). `now` is
 * the milliseconds since the request was sent.
 */
export function applyChatEvent(progress: ChatProgress, data: string, now: number): ChatProgress {
  const next = { ...progress, elapsedMs: now };
  if (data.trim() === '[DONE]') return { ...next, done: true };
  let chunk: ChunkShape;
  try {
    chunk = JSON.parse(data) as ChunkShape;
  } catch {
    return next; // not JSON: nothing a chat stream sends, so nothing to show
  }
  if (chunk.error) {
    const message = typeof chunk.error.message === 'string' ? chunk.error.message : 'the stream failed';
    return { ...next, error: message, done: true };
  }
  for (const choice of chunk.choices ?? []) {
    const content = choice.delta?.content;
    if (typeof content === 'string' && content !== '') {
      next.text += content;
      next.chunks += 1;
      if (next.ttftMs === null) next.ttftMs = now;
    }
    if (typeof choice.finish_reason === 'string') next.finishReason = choice.finish_reason;
  }
  if (chunk.usage && typeof chunk.usage.completion_tokens === 'number') {
    next.usage = {
      prompt_tokens: chunk.usage.prompt_tokens ?? 0,
      completion_tokens: chunk.usage.completion_tokens,
      total_tokens: chunk.usage.total_tokens ?? 0,
    };
  }
  return next;
}

/** Output tokens so far: the metered count once known, else the chunks counted. */
export function outputTokens(progress: ChatProgress): number {
  return progress.usage?.completion_tokens ?? progress.chunks;
}

/** Output tokens per second after the first token, or null until there are two points to measure. */
export function tokensPerSecond(progress: ChatProgress): number | null {
  if (progress.ttftMs === null) return null;
  const seconds = (progress.elapsedMs - progress.ttftMs) / 1000;
  const tokens = outputTokens(progress);
  if (seconds <= 0 || tokens < 2) return null;
  return tokens / seconds;
}

/** An error answer of the Consumption API in plain words (status, body text, Retry-After header). */
export function describeApiError(status: number, body: string, retryAfter: string | null): string {
  let detail = '';
  try {
    const parsed = JSON.parse(body) as { errors?: { detail?: unknown }; error?: { message?: unknown } };
    const found = parsed.errors?.detail ?? parsed.error?.message;
    if (typeof found === 'string') detail = found;
  } catch {
    detail = body.trim().slice(0, 300);
  }
  const wait = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : null;
  const retry = wait !== null ? ` Try again in ${wait} second${wait === 1 ? '' : 's'}.` : '';
  const because = detail ? ` (${detail})` : '';
  switch (status) {
    case 400:
    case 422:
      return `The request was refused as invalid${because}.`;
    case 401:
      return `The key was not accepted: it is wrong, revoked or expired${because}.`;
    case 402:
      return `No Units to spend on this model${because}. Buy Units of this instrument and move them to consumption, or turn on Auto Mode.`;
    case 404:
      return `Unknown model${because}. Pick one of the exchange's instruments.`;
    case 429:
      return `Too many requests: a rate limit or the key's budget was reached${because}.${retry || ' Wait a moment and try again.'}`;
    case 503:
      return `Units are being topped up for this model (Auto Mode)${because}.${retry || ' Try again shortly.'}`;
    case 502:
    case 504:
      return `Every supplier that could serve this call failed; it was not billed${because}.`;
    default:
      return `The exchange answered ${status}${because}.`;
  }
}

export interface ChatRequestOptions {
  apiUrl: string;
  key: string;
  model: string;
  system: string;
  message: string;
  maxTokens?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called after every event with the progress so far. */
  onProgress(progress: ChatProgress): void;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

export interface ChatOutcome {
  progress: ChatProgress;
  /** The call's id from the `x-grid-call-id` header, to find its usage record. */
  callId: string | null;
  /** Plain words for a call refused before streaming (status not 200), else null. */
  refusal: string | null;
  status: number;
}

/** Sends a streamed chat to the Consumption API and reads it to the end (or until `signal` aborts). */
export async function streamChat(options: ChatRequestOptions): Promise<ChatOutcome> {
  const fetcher = options.fetchImpl ?? fetch;
  const clock = options.now ?? (() => performance.now());
  const started = clock();
  const messages = [
    ...(options.system.trim() ? [{ role: 'system', content: options.system }] : []),
    { role: 'user', content: options.message },
  ];
  const response = await fetcher(`${options.apiUrl.replace(/\/+$/, '')}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: options.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(options.maxTokens !== undefined && { max_tokens: options.maxTokens }),
    }),
    signal: options.signal ?? null,
  });
  const callId = response.headers.get('x-grid-call-id');
  let progress = emptyProgress();
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    progress = { ...progress, elapsedMs: clock() - started, done: true };
    return {
      progress,
      callId,
      refusal: describeApiError(response.status, text, response.headers.get('retry-after')),
      status: response.status,
    };
  }
  const parser = createParser({
    onEvent(event) {
      progress = applyChatEvent(progress, event.data, clock() - started);
      options.onProgress(progress);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  progress = { ...progress, elapsedMs: clock() - started, done: true };
  options.onProgress(progress);
  return { progress, callId, refusal: null, status: response.status };
}
