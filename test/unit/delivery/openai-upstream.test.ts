import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assembleChatCompletion,
  parseChatRequest,
  type ChatCompletionChunk,
  type ChatRequest,
} from '../../../src-main/delivery/chat';
import { DeliveryError } from '../../../src-main/delivery/endpoint';
import { OpenAIUpstream, openAIUpstreamConfigSchema } from '../../../src-main/delivery/openai-upstream';

type Handler = (req: IncomingMessage, body: any, res: ServerResponse) => void;

/** A tiny OpenAI-compatible server on 127.0.0.1 whose behaviour each test picks by path prefix. */
const handlers = new Map<string, Handler>();
const received: Array<{ path: string; headers: IncomingMessage['headers']; body: any }> = [];
let server: Server;
let base: string;
let closedConnections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      const name = req.url!.split('/')[1]!;
      received.push({ path: req.url!, headers: req.headers, body });
      const handler = handlers.get(name);
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      req.socket.once('close', () => closedConnections++);
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function chunk(delta: object, finish: string | null = null, extra: object = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-up',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'upstream-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
}

const usage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 };

function request(): ChatRequest {
  const parsed = parseChatRequest({
    model: 'text-prime',
    messages: [{ role: 'user', content: 'hi' }],
    temperature: 0.2,
    stream_options: { include_usage: false },
    vendor_extension: 'kept',
  });
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.request;
}

function upstream(path: string, timeout_ms = 2_000, api_key?: string): OpenAIUpstream {
  return new OpenAIUpstream(
    openAIUpstreamConfigSchema.parse({
      base_url: `${base}/${path}/v1/`,
      model: 'upstream-model',
      timeout_ms,
      ...(api_key ? { api_key } : {}),
      headers: { 'x-supplier': 'acme' },
    }),
  );
}

async function collect(endpoint: OpenAIUpstream, signal = new AbortController().signal) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const c of endpoint.complete(request(), signal)) chunks.push(c);
    return { chunks, error: undefined as unknown };
  } catch (error) {
    return { chunks, error };
  }
}

describe('OpenAI-compatible upstream', () => {
  it('streams SSE chunks as they come, asking for the upstream model, a stream and usage', async () => {
    handlers.set('stream', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${chunk({ role: 'assistant', content: '' })}\n\n`);
      // An event split across writes, and a comment line.
      const second = `data: ${chunk({ content: 'Hel' })}\n\n`;
      res.write(second.slice(0, 20));
      setTimeout(() => {
        res.write(second.slice(20) + ': keep-alive\n\n');
        res.write(`data: ${chunk({ content: 'lo' })}\n\ndata: ${chunk({}, 'stop')}\n\n`);
        res.write(
          `data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: 'upstream-model', choices: [], usage })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
      }, 20);
    });
    const { chunks, error } = await collect(upstream('stream', 2_000, 'sk-supplier'));
    expect(error).toBeUndefined();
    const completion = assembleChatCompletion(chunks);
    expect(completion.choices[0]!.message.content).toBe('Hello');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toEqual(usage);
    const sent = received.find((r) => r.path === '/stream/v1/chat/completions')!;
    expect(sent.body).toMatchObject({
      model: 'upstream-model',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      vendor_extension: 'kept',
    });
    expect(sent.headers['authorization']).toBe('Bearer sk-supplier');
    expect(sent.headers['x-supplier']).toBe('acme');
  });

  it('yields the first chunk before the upstream has finished', async () => {
    let release!: () => void;
    handlers.set('slow', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${chunk({ role: 'assistant', content: 'first' })}\n\n`);
      release = () => res.end(`data: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
    });
    const stream = upstream('slow').complete(request(), new AbortController().signal);
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value.choices[0].delta.content).toBe('first');
    release();
    expect((await iterator.next()).value.choices[0].finish_reason).toBe('stop');
    expect((await iterator.next()).done).toBe(true);
  });

  it('accepts an upstream that ignores include_usage or omits [DONE] after finishing', async () => {
    handlers.set('nousage', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${chunk({ content: 'ok' })}\n\ndata: ${chunk({}, 'length')}`);
    });
    const { chunks, error } = await collect(upstream('nousage'));
    expect(error).toBeUndefined();
    const completion = assembleChatCompletion(chunks);
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(completion.usage).toBeUndefined();
  });

  it('turns a non-streaming JSON answer into chunks', async () => {
    handlers.set('json', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-j',
          object: 'chat.completion',
          created: 2,
          model: 'upstream-model',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: null,
                tool_calls: [
                  { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
                ],
              },
              finish_reason: 'tool_calls',
            },
          ],
          usage,
        }),
      );
    });
    const { chunks, error } = await collect(upstream('json'));
    expect(error).toBeUndefined();
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const completion = assembleChatCompletion(chunks);
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
    ]);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.usage).toEqual(usage);
  });

  it('maps an HTTP error to upstream_error with the status and the upstream message', async () => {
    handlers.set('http500', (_req, _body, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'model overloaded', type: 'server_error' } }));
    });
    handlers.set('http400', (_req, _body, res) => {
      res.writeHead(400).end('maximum context length exceeded');
    });
    const e500 = (await collect(upstream('http500'))).error;
    expect(e500).toBeInstanceOf(DeliveryError);
    expect(e500).toMatchObject({ kind: 'upstream_error', status: 500 });
    expect((e500 as Error).message).toMatch(/model overloaded/);
    const e400 = (await collect(upstream('http400'))).error;
    expect(e400).toMatchObject({ kind: 'upstream_error', status: 400 });
    expect((e400 as Error).message).toMatch(/context length/);
  });

  it('maps an error event inside the stream to upstream_error', async () => {
    handlers.set('streamerror', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${chunk({ content: 'a' })}\n\ndata: {"error":{"message":"worker died","code":503}}\n\n`);
    });
    const { chunks, error } = await collect(upstream('streamerror'));
    expect(chunks).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'upstream_error', status: 503 });
  });

  it.each([
    ['HTML', 'text/html', '<html><body>Bad gateway</body></html>'],
    ['plain garbage', 'text/plain', 'this is not an event stream at all'],
    ['an event that is not JSON', 'text/event-stream', 'data: {oops\n\n'],
    ['JSON that is not a completion', 'application/json', '{"hello":"world"}'],
    ['invalid JSON', 'application/json', '{"choices": ['],
    ['an empty body', 'text/event-stream', ''],
  ])('maps %s to bad_response', async (_name, type, text) => {
    const path = `garbage${type.replace(/\W/g, '')}${text.length}`;
    handlers.set(path, (_req, _body, res) => {
      res.writeHead(200, { 'content-type': type });
      res.end(text);
    });
    const { error } = await collect(upstream(path));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'bad_response' });
  });

  it('maps a stream cut before the answer finished to connection', async () => {
    handlers.set('cut', (req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${chunk({ content: 'partial' })}\n\n`);
      setTimeout(() => req.socket.destroy(), 20);
    });
    const { chunks, error } = await collect(upstream('cut'));
    expect(chunks).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'connection' });
  });

  it('maps a refused connection to connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const endpoint = new OpenAIUpstream({
      base_url: `http://127.0.0.1:${port}/v1`,
      model: 'm',
      timeout_ms: 1000,
    });
    const { error } = await collect(endpoint);
    expect(error).toMatchObject({ kind: 'connection' });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('times out waiting for headers, and when the stream goes silent', async () => {
    handlers.set('noheaders', () => undefined);
    let t = performance.now();
    const e1 = (await collect(upstream('noheaders', 150))).error;
    expect(e1).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - t).toBeLessThan(1_000);

    handlers.set('silent', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${chunk({ content: 'a' })}\n\n`);
    });
    t = performance.now();
    const { chunks, error } = await collect(upstream('silent', 150));
    expect(chunks).toHaveLength(1);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - t).toBeLessThan(1_000);
  });

  it('a slow but steady stream longer than the timeout is fine (the timeout is per silence)', async () => {
    handlers.set('steady', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => {
        if (++n < 6) res.write(`data: ${chunk({ content: `${n}` })}\n\n`);
        else {
          clearInterval(timer);
          res.end(`data: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`);
        }
      }, 50);
    });
    const { chunks, error } = await collect(upstream('steady', 150));
    expect(error).toBeUndefined();
    expect(assembleChatCompletion(chunks).choices[0]!.message.content).toBe('12345');
  });

  it('stops the upstream request at once when the caller aborts', async () => {
    handlers.set('endless', (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => res.write(`data: ${chunk({ content: 'x' })}\n\n`), 10);
      res.on('close', () => clearInterval(timer));
    });
    const closedBefore = closedConnections;
    const controller = new AbortController();
    const chunks: ChatCompletionChunk[] = [];
    const t0 = performance.now();
    let abortedAt = 0;
    let error: unknown;
    try {
      for await (const c of upstream('endless').complete(request(), controller.signal)) {
        chunks.push(c);
        if (chunks.length === 3) {
          abortedAt = performance.now();
          controller.abort(new Error('client disconnected'));
        }
      }
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toBe('client disconnected');
    expect(error).not.toBeInstanceOf(DeliveryError);
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(abortedAt - t0).toBeGreaterThan(0);
    await expect.poll(() => closedConnections).toBeGreaterThan(closedBefore);

    // Aborted before the call: nothing is sent.
    const sentBefore = received.length;
    const already = new AbortController();
    already.abort(new Error('too late'));
    expect((await collect(upstream('endless'), already.signal)).error).toMatchObject({ message: 'too late' });
    expect(received.length).toBe(sentBefore);
  });

  it('closes the upstream request when the caller stops reading early', async () => {
    const closedBefore = closedConnections;
    for await (const _c of upstream('endless').complete(request(), new AbortController().signal)) break;
    await expect.poll(() => closedConnections).toBeGreaterThan(closedBefore);
  });
});
