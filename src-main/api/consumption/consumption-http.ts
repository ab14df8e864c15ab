/**
 * The Consumption API on plain node:http, ahead of the Hono app: a streaming proxy must write each chunk
 * the moment it exists, respect backpressure and notice a client that goes away, with as little in the
 * path as possible. Three surfaces share one call path (`Calls`): OpenAI Chat Completions, Anthropic
 * Messages, and the public exchange's own `/consumption/chat` envelope.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallSurface, ConsumptionKey } from '../../engine/consumption-types';
import type { Instrument } from '../../engine/instruments';
import { formatUsd } from '../../engine/money';
import {
  AnthropicStreamTranslator,
  anthropicErrorSSE,
  anthropicToChat,
  chatToAnthropic,
  parseAnthropicRequest,
} from '../../delivery/anthropic';
import { type ChatCompletionChunk, type ChatRequest, parseChatRequest } from '../../delivery/chat';
import { SSE_DONE, SSE_HEADERS, sseJson } from '../../delivery/sse';
import { RateLimited } from '../../service/consumption-keys';
import type { Delivery } from '../../service/calls';
import { ExchangeError } from '../../service/errors';
import type { Operations } from '../../service/operations';
import { ClientGone, parseJsonText, readBody } from '../request-body';

/** A prompt as long as the largest context window (1M tokens, several MB of text) fits, with room. */
export const CONSUMPTION_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * One route: how it finds the caller's key from the headers alone (checked before a byte of the body
 * is read), and how it answers once the body is in.
 */
interface Route {
  key: (req: IncomingMessage) => ConsumptionKey;
  serve: (req: IncomingMessage, res: ServerResponse, key: ConsumptionKey, body: unknown) => Promise<void>;
}

/**
 * Answers a request if it belongs to the Consumption API (returns true), else leaves it to the next
 * handler. Paths are also served under `/api/v1` (the public exchange's production base path).
 */
export function consumptionHttp(ops: Operations): (req: IncomingMessage, res: ServerResponse) => boolean {
  const gateway = new GatewayTokens();
  const bearerKey = (req: IncomingMessage) =>
    ops.consumptionKeys.authenticate(bearer(req) ?? headerValue(req.headers['x-api-key']));
  // Anthropic's SDK sends x-api-key up to 0.x and Authorization: Bearer from 1.x: both are accepted.
  const anthropicKey = (req: IncomingMessage) =>
    ops.consumptionKeys.authenticate(headerValue(req.headers['x-api-key']) ?? bearer(req));
  const routes: Record<string, Route> = {
    'POST /v1/chat/completions': {
      key: bearerKey,
      serve: (req, res, key, body) => chat(ops, req, res, key, body, 'openai'),
    },
    // The public exchange's CLI expects a 307 to an inference gateway (opt in with this base URL):
    // the redirect carries a single-use token for the caller's key.
    'POST /v1/redirect/chat/completions': {
      key: bearerKey,
      serve: async (_req, res, key) => {
        res.writeHead(307, {
          location: `${ops.apiUrl ?? ''}/v1/gateway/${gateway.mint(key.key_id)}/chat/completions`,
        });
        res.end();
      },
    },
    'GET /v1/redirect/models': { key: bearerKey, serve: async (_req, res) => models(ops, res) },
    'POST /v1/consumption/chat': {
      key: bearerKey,
      serve: (req, res, key, body) => chat(ops, req, res, key, body, 'grid'),
    },
    'POST /v1/messages': {
      key: anthropicKey,
      serve: (req, res, key, body) => messages(ops, req, res, key, body),
    },
    'GET /v1/models': { key: bearerKey, serve: async (_req, res) => models(ops, res) },
  };
  const paths = new Set(Object.keys(routes).map((route) => route.split(' ')[1]));
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!.replace(/^\/api\/v1\//, '/v1/');
    // Browser pages on another origin (the desktop app's file:// window, a developer's web app) may call
    // with a key: the key is the credential (no cookies), as with the public providers' APIs.
    if (req.headers.origin !== undefined && paths.has(path)) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', 'x-grid-call-id, x-request-id, retry-after');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers':
            'authorization, content-type, x-api-key, anthropic-version, anthropic-beta, x-request-id',
          'access-control-max-age': '600',
        });
        res.end();
        return true;
      }
    }
    const redirected = /^\/v1\/gateway\/([A-Za-z0-9_-]{20,64})\/chat\/completions$/.exec(path);
    const route: Route | undefined =
      redirected && req.method === 'POST'
        ? {
            key: () => gateway.redeem(redirected[1]!, ops),
            serve: (r, w, key, body) => chat(ops, r, w, key, body, 'grid'),
          }
        : routes[`${req.method} ${path}`];
    if (!route) return false;
    const anthropic = path === '/v1/messages';
    res.setHeader('x-request-id', headerValue(req.headers['x-request-id']) ?? randomUUID());
    void (async () => {
      try {
        // The key and the declared size first: an unknown caller's body is never read.
        const key = route.key(req);
        const body = req.method === 'POST' ? await readJson(req) : undefined;
        await route.serve(req, res, key, body);
      } catch (error) {
        answerError(req, res, error, anthropic);
      }
    })();
    return true;
  };
}

async function chat(
  ops: Operations,
  req: IncomingMessage,
  res: ServerResponse,
  key: ConsumptionKey,
  body: unknown,
  surface: CallSurface,
): Promise<void> {
  const parsed = parseChatRequest(body);
  if (!parsed.ok) throw new ExchangeError(parsed.status, parsed.detail);
  const instrument = ops.calls.instrumentFor(parsed.request.model);
  const delivery = await start(ops, req, res, key, instrument, parsed.request, surface);
  const envelope = (completion: unknown) =>
    surface === 'grid'
      ? {
          data: completion,
          meta: {
            timestamp: new Date().toISOString(),
            credits_used: formatUsd(delivery.result?.cost_micros ?? 0),
          },
        }
      : completion;
  if (!parsed.request.stream) {
    await drain(delivery);
    sendJson(
      res,
      200,
      envelope({ ...delivery.completion(), model: instrument.symbol }),
      callHeaders(delivery),
    );
    return;
  }
  const includeUsage = parsed.request.stream_options?.include_usage === true;
  res.writeHead(200, { ...SSE_HEADERS, ...callHeaders(delivery) });
  let last: ChatCompletionChunk | null = null;
  for await (const chunk of delivery.chunks()) {
    // The upstream's own usage chunk is replaced by the metered one below.
    if (chunk.choices.length === 0) continue;
    last = chunk;
    const out = { ...chunk, model: instrument.symbol };
    if (!includeUsage) delete out.usage;
    if (!(await write(res, sseJson(out)))) return;
  }
  const result = delivery.result!;
  if (result.record.outcome === 'failed') {
    await write(
      res,
      sseJson({
        error: {
          message: `the supplier failed mid-answer (not billed): ${result.record.error}`,
          type: 'upstream_error',
        },
      }),
    );
    res.end();
    return;
  }
  if (includeUsage && last)
    await write(res, sseJson({ ...last, model: instrument.symbol, choices: [], usage: result.usage }));
  res.end(SSE_DONE);
}

async function messages(
  ops: Operations,
  req: IncomingMessage,
  res: ServerResponse,
  key: ConsumptionKey,
  body: unknown,
): Promise<void> {
  const parsed = parseAnthropicRequest(body);
  if (!parsed.ok) throw new ExchangeError(parsed.status, parsed.detail);
  const instrument = ops.calls.instrumentFor(parsed.request.model);
  const request = anthropicToChat(parsed.request);
  const delivery = await start(ops, req, res, key, instrument, request, 'anthropic');
  if (!parsed.request.stream) {
    await drain(delivery);
    sendJson(
      res,
      200,
      chatToAnthropic(delivery.completion(), instrument.symbol, delivery.result!.usage),
      callHeaders(delivery),
    );
    return;
  }
  const translator = new AnthropicStreamTranslator({ model: instrument.symbol, inputTokens: 0 });
  res.writeHead(200, { ...SSE_HEADERS, ...callHeaders(delivery) });
  for await (const chunk of delivery.chunks()) {
    if (chunk.choices.length === 0) continue;
    if (!(await write(res, translator.pushSSE(chunk)))) return;
  }
  const result = delivery.result!;
  if (result.record.outcome === 'failed') {
    res.end(
      anthropicErrorSSE('api_error', `the supplier failed mid-answer (not billed): ${result.record.error}`),
    );
    return;
  }
  res.end(translator.finishSSE(result.usage));
}

function models(ops: Operations, res: ServerResponse): void {
  const data = ops.instruments().map((instrument) => ({
    id: instrument.symbol,
    object: 'model' as const,
    type: 'model' as const,
    created: 0,
    created_at: '1970-01-01T00:00:00Z',
    owned_by: 'grid-desk',
    display_name: instrument.name,
    instrument_id: instrument.instrument_id,
    status: instrument.status,
    specifications: instrument.specifications,
  }));
  sendJson(res, 200, {
    object: 'list',
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  });
}

/** Runs a non-streaming call to its end; a failure mid-answer is a 502 (nothing was sent yet). */
async function drain(delivery: Delivery): Promise<void> {
  for await (const _ of delivery.chunks());
  const record = delivery.result?.record;
  if (record?.outcome === 'failed' || record?.outcome === 'cancelled')
    throw new ExchangeError(502, `the supplier failed mid-answer (not billed): ${record.error}`);
}

/** Starts the call with the client's disconnect wired to it. */
function start(
  ops: Operations,
  req: IncomingMessage,
  res: ServerResponse,
  key: ConsumptionKey,
  instrument: Instrument,
  request: ChatRequest,
  surface: CallSurface,
): Promise<Delivery> {
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client closed the connection'));
  });
  req.on('aborted', () => gone.abort(new Error('the client closed the connection')));
  return ops.calls.start({ key, instrument, request, surface, signal: gone.signal });
}

function callHeaders(delivery: Delivery): Record<string, string> {
  return { 'x-grid-call-id': delivery.callId };
}

/** Writes a frame, waiting for the socket to drain when it is full; false once the client is gone. */
async function write(res: ServerResponse, frame: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(frame)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', drained);
      res.off('close', closed);
      resolve(ok);
    };
    const drained = () => done(true);
    const closed = () => done(false);
    res.once('drain', drained);
    res.once('close', closed);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Every error in the exchange's envelope, plus what each official SDK reads: OpenAI's and Anthropic's
 * `error.message` / `error.type`, and the public spec's `error.code`.
 */
function answerError(req: IncomingMessage, res: ServerResponse, error: unknown, anthropic: boolean): void {
  if (error instanceof ClientGone) {
    console.warn(`consumption API: ${req.method} ${(req.url ?? '').split('?', 1)[0]}: ${error.message}`);
    res.destroy();
    return;
  }
  const known = error instanceof ExchangeError;
  if (!known) console.error('consumption API: internal error', error);
  const status = known ? error.status : 500;
  const detail = known ? error.detail : 'internal error (not billed); retry';
  if (res.headersSent) {
    // Mid-stream: the status is gone; say it in the stream and end it.
    if (!res.destroyed)
      res.end(
        anthropic
          ? anthropicErrorSSE(errorType(status), detail)
          : sseJson({ error: { message: detail, type: errorType(status) } }),
      );
    return;
  }
  if (status === 499) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (error instanceof RateLimited) headers['retry-after'] = String(error.retryAfterSeconds);
  // A refusal before the body was read (401, 413): answer, then close rather than read the rest.
  if (!req.complete) headers.connection = 'close';
  sendJson(
    res,
    status,
    {
      ...(anthropic && { type: 'error' }),
      errors: { detail },
      error: {
        type: errorType(status),
        code: known && error.code !== undefined ? error.code : errorType(status),
        message: detail,
      },
    },
    headers,
  );
}

function errorType(status: number): string {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'insufficient_quota';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    case 503:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}

/** The body as JSON, read up to the limit (413 past it, 400 when it is not JSON). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, CONSUMPTION_BODY_LIMIT)).toString('utf8');
  if (text.trim() === '') throw new ExchangeError(400, 'the body must be a JSON object');
  return parseJsonText(text, 'the body');
}

/** Single-use tokens for the 307 flow, valid for a minute; a bounded number outstanding. */
class GatewayTokens {
  private readonly tokens = new Map<string, { keyId: string; expires: number }>();

  mint(keyId: string): string {
    const now = Date.now();
    for (const [token, entry] of this.tokens) if (entry.expires <= now) this.tokens.delete(token);
    if (this.tokens.size >= 10_000) throw new RateLimited('too many redirects outstanding; retry shortly', 1);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { keyId, expires: now + 60_000 });
    return token;
  }

  redeem(token: string, ops: Operations): ConsumptionKey {
    const entry = this.tokens.get(token);
    this.tokens.delete(token);
    const key =
      entry && entry.expires > Date.now()
        ? ops.service.engine.state.consumptionKeys.get(entry.keyId)
        : undefined;
    if (!key)
      throw new ExchangeError(
        401,
        'this gateway link expired or was used: call /v1/redirect/chat/completions again',
      );
    if (key.revoked_at !== null) throw new ExchangeError(401, 'this consumption key was revoked');
    return key;
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const header = headerValue(req.headers.authorization);
  const match = header && /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1]!.trim() : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
