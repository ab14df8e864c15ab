import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeNode, type ExchangeNode } from '../../src-main/server';
import { tempDir } from '../helpers/temp-dir';

let node: ExchangeNode;
let dir: ReturnType<typeof tempDir>;
let key: string;
let openai: OpenAI;

beforeAll(async () => {
  dir = tempDir();
  node = await startExchangeNode({ dataDir: dir.path, port: 0, sandbox: true });
  key = node.sandbox!.key;
  openai = new OpenAI({ baseURL: `${node.url}/v1`, apiKey: key, maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  await node.close();
  dir.remove();
});

const tokensLeft = (symbol: string) => {
  const state = node.service.engine.state;
  const instrument = [...state.instruments.values()].find((i) => i.symbol === symbol)!;
  let left = 0;
  for (const lot of state.lots.values())
    if (lot.participant_id === node.sandbox!.consumer_id && lot.instrument_id === instrument.instrument_id)
      left += lot.tokens_remaining;
  return left;
};

describe('the Consumption API with the official SDKs, on a --sandbox exchange', () => {
  it('lists the instruments as models', async () => {
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toContain('text-prime');
  });

  it('answers a non-streaming chat completion and debits the Lots by its usage', async () => {
    const before = tokensLeft('text-prime');
    const completion = await openai.chat.completions.create({
      model: 'text-prime',
      messages: [{ role: 'user', content: 'Say hello to the market' }],
      max_tokens: 40,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(0);
    const usage = completion.usage!;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(before - tokensLeft('text-prime')).toBe(usage.total_tokens);
  }, 30_000);

  it('streams chunks ending with usage when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: 'text-prime',
      messages: [{ role: 'user', content: 'Stream a short answer' }],
      max_tokens: 30,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  }, 30_000);

  it('answers the Anthropic Messages API, streaming and not', async () => {
    const anthropic = new Anthropic({ baseURL: node.url, apiKey: key, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: 'text-prime',
      max_tokens: 30,
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.content[0]!.type).toBe('text');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const streamed = await anthropic.messages
      .stream({
        model: 'text-prime',
        max_tokens: 30,
        messages: [{ role: 'user', content: 'Hello again' }],
      })
      .finalMessage();
    expect(streamed.content[0]!.type).toBe('text');
  }, 30_000);

  it('refuses an unknown model (404), a bad key (401) and an invalid temperature (422)', async () => {
    await expect(
      openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404 });
    const stranger = new OpenAI({ baseURL: `${node.url}/v1`, apiKey: 'gdk_nope', maxRetries: 0 });
    await expect(
      stranger.chat.completions.create({ model: 'text-prime', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      openai.chat.completions.create({
        model: 'text-prime',
        temperature: 3,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('answers a browser page on another origin (the desktop window): preflight, then the call id exposed', async () => {
    const preflight = await fetch(`${node.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'null',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const answer = await fetch(`${node.url}/v1/models`, {
      headers: { origin: 'null', authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-grid-call-id');
    // Other paths are not opened to other origins.
    const admin = await fetch(`${node.url}/v1/admin/participants`, {
      method: 'OPTIONS',
      headers: { origin: 'null' },
    });
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the 307 flow of the public exchange CLI (opt in: base URL /v1/redirect)', () => {
  it('redirects to a single-use gateway link that streams the call for the key', async () => {
    const body = JSON.stringify({
      model: 'text-prime',
      stream: true,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const first = await fetch(`${node.url}/v1/redirect/chat/completions`, {
      method: 'POST',
      redirect: 'manual',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    });
    expect(first.status).toBe(307);
    const location = first.headers.get('location')!;
    expect(location).toMatch(/\/v1\/gateway\/[A-Za-z0-9_-]+\/chat\/completions$/);
    // The CLI follows it with its gateway's own key, not the consumption key.
    const followed = await fetch(location, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-1234', 'content-type': 'application/json' },
      body,
    });
    expect(followed.status).toBe(200);
    expect(await followed.text()).toMatch(/data: \[DONE\]/);
    const again = await fetch(location, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(again.status).toBe(401);
  }, 30_000);
});

describe("the public exchange's /v1/consumption/chat envelope", () => {
  it('wraps the completion in data, with the credits the call used in meta', async () => {
    const response = await fetch(`${node.url}/v1/consumption/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'text-prime',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.data.object).toBe('chat.completion');
    expect(body.data.usage.total_tokens).toBeGreaterThan(0);
    expect(Number(body.meta.credits_used)).toBeGreaterThan(0);
    expect(Date.parse(body.meta.timestamp)).not.toBeNaN();
  }, 30_000);
});

describe('tools through the Consumption API', () => {
  const weather = {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  it('passes tools and tool calls through the OpenAI shape', async () => {
    const completion = await openai.chat.completions.create({
      model: 'text-prime',
      max_tokens: 60,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: weather }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const call = completion.choices[0]!.message.tool_calls![0]! as {
      function: { name: string; arguments: string };
    };
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.function.name).toBe('get_weather');
    expect(typeof JSON.parse(call.function.arguments).city).toBe('string');
  }, 30_000);

  it('answers tool_use blocks in the Anthropic shape', async () => {
    const anthropic = new Anthropic({ baseURL: node.url, apiKey: key, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: 'text-prime',
      max_tokens: 60,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        { name: weather.name, description: weather.description, input_schema: weather.parameters as never },
      ],
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
    expect(message.stop_reason).toBe('tool_use');
    const block = message.content.find((b) => b.type === 'tool_use') as {
      name: string;
      input: { city: string };
    };
    expect(block.name).toBe('get_weather');
    expect(typeof block.input.city).toBe('string');
  }, 30_000);
});
