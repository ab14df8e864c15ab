import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { z } from 'zod';
import { completionToChunks, type ChatCompletion, type ChatCompletionChunk, type ChatRequest } from './chat';
import { DeliveryError, type ModelEndpoint } from './endpoint';

/**
 * A supplier's OpenAI-compatible server (vLLM, llama.cpp, Ollama, a hosted API...). Always asks for a
 * stream with usage, and copes with servers that ignore either: no usage (the caller counts with the
 * tokenizer) or a plain JSON answer (turned into chunks). Requests go out on node:http(s) with keep-alive
 * agents shared by every upstream, so repeated calls to one upstream reuse sockets; node:http rather than
 * fetch because fetch's WHATWG Request/Response and web streams cost about 3x the CPU per call (~0.4 ms
 * against ~0.1 ms on the build machine) and capped a proxy at ~2,500 calls/s (bench:consumption).
 */

export const openAIUpstreamConfigSchema = z.object({
  base_url: z.url({ protocol: /^https?$/ }),
  api_key: z.string().min(1).optional(),
  /** The upstream's own model name, sent in place of the instrument the client asked for. */
  model: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  /** Longest wait for the response, and then for each next piece of the stream. */
  timeout_ms: z.int().min(1).max(3_600_000),
});

export type OpenAIUpstreamConfig = z.output<typeof openAIUpstreamConfigSchema>;

/** How much of an error body we read to quote the upstream's message. */
const ERROR_BODY_LIMIT = 16 * 1024;
/** A non-streaming answer larger than this is not a chat completion we will buffer. */
const JSON_BODY_LIMIT = 64 * 1024 * 1024;

/** The most of a finished answer's body read only to reuse its connection. */
const RELEASE_LIMIT = 64 * 1024;

/** Keep-alive connection pools shared by every upstream (no cap on sockets per host, like fetch's). */
const AGENTS = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/** The part of an HTTP response the client reads: status, content type, and the body piece by piece. */
interface UpstreamResponse {
  status: number;
  statusText: string;
  contentType: string;
  /** The next piece of the body, or null at its end; rejects when the connection fails or is aborted. */
  read(): Promise<Uint8Array | null>;
  /** Stops reading and drops the connection (it is not reused). */
  cancel(): void;
  /**
   * Reads what is left of a body whose answer is complete (the end of a chunked body after [DONE]), so the
   * connection goes back to the pool; drops it instead if more than a little is left.
   */
  release(): void;
}

/** POSTs `body` and resolves with the response once its headers arrive; `signal` aborts at any point. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    let response: IncomingMessage | null = null;
    const req = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: https ? AGENTS.https : AGENTS.http,
      },
      (res) => {
        response = res;
        // Errors reach the reader through read(); this keeps one with no read pending from being unhandled.
        res.on('error', () => undefined);
        resolve(responseOf(res));
      },
    );
    // Until the exchange is complete, an abort drops the connection (the reader sees the reason).
    const onAbort = () => {
      response?.destroy(signal.reason as Error);
      req.destroy(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', reject);
    req.end(body);
  });
}

function responseOf(res: IncomingMessage): UpstreamResponse {
  const pieces = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const type = res.headers['content-type'];
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    contentType: (Array.isArray(type) ? type[0] : type) ?? '',
    read: async () => {
      const next = await pieces.next();
      return next.done ? null : next.value;
    },
    cancel: () => res.destroy(),
    release: () => {
      if (res.complete && res.readableEnded) return;
      let left = RELEASE_LIMIT;
      const drain = async (): Promise<void> => {
        for (let next = await pieces.next(); !next.done; next = await pieces.next())
          if ((left -= next.value.length) < 0) return void res.destroy();
      };
      drain().catch(() => res.destroy());
    },
  };
}

export class OpenAIUpstream implements ModelEndpoint {
  private readonly url: URL;
  private readonly headers: Record<string, string>;

  constructor(private readonly config: OpenAIUpstreamConfig) {
    this.url = new URL(`${config.base_url.replace(/\/+$/, '')}/chat/completions`);
    this.headers = {
      ...config.headers,
      'content-type': 'application/json',
      accept: 'text/event-stream, application/json',
      ...(config.api_key ? { authorization: `Bearer ${config.api_key}` } : {}),
    };
  }

  complete(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk> {
    return this.stream(request, signal);
  }

  private async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
    signal.throwIfAborted();
    const body = JSON.stringify({
      ...request,
      model: this.config.model,
      stream: true,
      stream_options: { ...request.stream_options, include_usage: true },
    });

    // One controller for the caller's abort and our timeout; the timer restarts on every read, so
    // timeout_ms bounds each silence, not the length of a long answer.
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(
        new DeliveryError('timeout', `no answer from the upstream within ${this.config.timeout_ms} ms`),
      );
    }, this.config.timeout_ms);
    const fail = (error: unknown): unknown => {
      if (signal.aborted) return signal.reason;
      if (timedOut) return controller.signal.reason;
      if (error instanceof DeliveryError) return error;
      return new DeliveryError('connection', `upstream connection failed: ${describe(error)}`, {
        cause: error,
      });
    };

    let finished = false;
    let opened: UpstreamResponse | undefined;
    try {
      let response: UpstreamResponse;
      try {
        response = opened = await post(this.url, this.headers, body, controller.signal);
      } catch (error) {
        throw fail(error);
      }
      timer.refresh();
      if (response.status < 200 || response.status > 299) throw await httpError(response).catch(fail);
      if (response.contentType.includes('text/html')) {
        response.cancel();
        throw new DeliveryError('bad_response', 'the upstream answered HTML, not a chat completion', {
          status: response.status,
        });
      }

      const decoder = new TextDecoder();
      const read = async (): Promise<string | null> => {
        let piece: Uint8Array | null;
        try {
          piece = await response.read();
        } catch (error) {
          throw fail(error);
        }
        timer.refresh();
        return piece === null ? null : decoder.decode(piece, { stream: true });
      };

      // Sniff the first bytes: a JSON object means the upstream ignored `stream: true`.
      let first = '';
      while (first.trim() === '') {
        const text = await read();
        if (text === null) throw new DeliveryError('bad_response', 'the upstream answered an empty body');
        first += text;
      }
      if (first.trimStart().startsWith('{')) {
        for (const chunk of await jsonAnswer(first, read)) yield chunk;
        finished = true;
        return;
      }

      const events = new SseChunks();
      let text: string | null = first;
      while (text !== null && !events.done) {
        events.feed(text);
        for (const chunk of events.drain()) yield chunk;
        events.drain(); // throws a failure that followed those chunks
        if (events.done) break;
        text = await read();
      }
      if (!events.done) {
        events.end();
        for (const chunk of events.drain()) yield chunk;
        events.drain();
      }
      if (events.chunks === 0)
        throw new DeliveryError('bad_response', 'the upstream stream held no chat completion chunks');
      if (!events.done && !events.finished) {
        throw new DeliveryError('connection', 'the upstream closed the stream before the answer finished');
      }
      finished = true;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // Leaving early (error, abort, or the caller stopped reading) must not leave the request running.
      if (!finished && !controller.signal.aborted) controller.abort();
      else if (finished) opened?.release();
    }
  }
}

/** Parses an SSE stream of `chat.completion.chunk` data events into chunk objects. */
class SseChunks {
  private readonly pending: ChatCompletionChunk[] = [];
  private failure: DeliveryError | undefined;
  /** `data: [DONE]` seen. */
  done = false;
  /** A finish_reason seen: the answer is complete even if [DONE] never comes. */
  finished = false;
  chunks = 0;
  private readonly parser = createParser({ onEvent: (event) => this.onEvent(event) });

  feed(text: string): void {
    this.parser.feed(text);
  }

  /** The stream ended: flush a last event that had no blank line after it. */
  end(): void {
    // The spec drops an unterminated last event; servers that omit the blank line mean it, so keep it.
    this.parser.feed('\n\n');
    this.parser.reset();
  }

  /** Chunks parsed so far; a failure is thrown once the chunks before it have been taken. */
  drain(): ChatCompletionChunk[] {
    if (this.pending.length > 0) return this.pending.splice(0, this.pending.length);
    if (this.failure) throw this.failure;
    return [];
  }

  private onEvent(event: EventSourceMessage): void {
    if (this.done || this.failure) return;
    const data = event.data;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      this.failure = new DeliveryError(
        'bad_response',
        `the upstream sent an event that is not JSON: ${clip(data)}`,
      );
      return;
    }
    if (event.event === 'error' || hasError(value)) {
      this.failure = upstreamErrorFrom(value);
      return;
    }
    if (!isChunk(value)) {
      this.failure = new DeliveryError(
        'bad_response',
        `the upstream sent an event that is not a chunk: ${clip(data)}`,
      );
      return;
    }
    this.chunks++;
    for (const choice of value.choices) if (choice.finish_reason) this.finished = true;
    this.pending.push(value);
  }
}

async function jsonAnswer(first: string, read: () => Promise<string | null>): Promise<ChatCompletionChunk[]> {
  let text = first;
  for (let more = await read(); more !== null; more = await read()) {
    text += more;
    if (text.length > JSON_BODY_LIMIT)
      throw new DeliveryError('bad_response', 'the upstream answer is too large');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DeliveryError('bad_response', `the upstream answered invalid JSON: ${clip(text)}`);
  }
  if (hasError(value)) throw upstreamErrorFrom(value);
  if (!isCompletion(value))
    throw new DeliveryError('bad_response', `the upstream answer is not a chat completion: ${clip(text)}`);
  return completionToChunks(value);
}

async function httpError(response: UpstreamResponse): Promise<DeliveryError> {
  let text = '';
  const decoder = new TextDecoder();
  while (text.length < ERROR_BODY_LIMIT) {
    const piece = await response.read();
    if (piece === null) break;
    text += decoder.decode(piece, { stream: true });
  }
  if (text.length >= ERROR_BODY_LIMIT) response.cancel();
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    message = errorMessage(parsed) ?? message;
  } catch {
    // Not JSON: quote the text.
  }
  return new DeliveryError(
    'upstream_error',
    `upstream HTTP ${response.status}: ${clip(message) || response.statusText}`,
    {
      status: response.status,
    },
  );
}

function upstreamErrorFrom(value: unknown): DeliveryError {
  const error = (value as { error?: { code?: unknown; status?: unknown } }).error;
  const status = [error?.status, error?.code].find(
    (v): v is number => typeof v === 'number' && v >= 400 && v < 600,
  );
  return new DeliveryError(
    'upstream_error',
    `upstream error: ${clip(errorMessage(value) ?? JSON.stringify(value))}`,
    {
      ...(status !== undefined ? { status } : {}),
    },
  );
}

function hasError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'error' in value && !('choices' in value);
}

function errorMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const error = (value as { error?: unknown; message?: unknown }).error ?? value;
  if (typeof error === 'string') return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return undefined;
}

function isChunk(value: unknown): value is ChatCompletionChunk {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices)
  );
}

function isCompletion(value: unknown): value is ChatCompletion {
  if (!isChunk(value)) return false;
  return (value.choices as unknown[]).every(
    (choice) =>
      typeof choice === 'object' &&
      choice !== null &&
      typeof (choice as { message?: unknown }).message === 'object',
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
