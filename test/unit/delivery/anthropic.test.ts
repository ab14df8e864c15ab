import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import {
  AnthropicStreamTranslator,
  anthropicToChat,
  chatToAnthropic,
  parseAnthropicRequest,
  type AnthropicRequest,
} from '../../../src-main/delivery/anthropic';
import {
  ChatCompletionAssembler,
  assembleChatCompletion,
  type ChatCompletion,
  type ChatCompletionChunk,
} from '../../../src-main/delivery/chat';
import { DeliveryError } from '../../../src-main/delivery/endpoint';
import { SimulatedModel } from '../../../src-main/delivery/simulated-model';
import { estimatePromptTokens } from '../../../src-main/delivery/tokens';

const base = { model: 'text-prime', max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] };

function parsed(body: unknown): AnthropicRequest {
  const result = parseAnthropicRequest(body);
  if (!result.ok) throw new Error(result.detail);
  return result.request;
}

describe('Anthropic request schema', () => {
  it('accepts the Messages shape and keeps unknown fields', () => {
    const result = parseAnthropicRequest({
      ...base,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      stop_sequences: ['END'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      tools: [{ name: 'get_weather', description: 'w', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'auto' },
      stream: true,
      metadata: { user_id: 'u1' },
      thinking: { type: 'disabled' },
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.request['thinking']).toEqual({ type: 'disabled' });
  });

  it.each([
    ['not an object', 'hi'],
    ['no max_tokens', { model: 'm', messages: base.messages }],
    ['messages not an array', { ...base, messages: 'hi' }],
    ['a system role inside messages', { ...base, messages: [{ role: 'system', content: 'x' }] }],
    [
      'an unknown block type',
      { ...base, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] },
    ],
    [
      'a tool_use without input',
      { ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f' }] }] },
    ],
    ['temperature as a string', { ...base, temperature: 'warm' }],
    [
      'a tool_result answering no tool_use',
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nope', content: 'x' }] }],
      },
    ],
  ])('answers 400 for %s', (_name, body) => {
    expect(parseAnthropicRequest(body)).toMatchObject({ ok: false, status: 400 });
  });

  it.each([
    ['temperature 1.5 (Anthropic allows 0-1)', { temperature: 1.5 }],
    ['max_tokens 0', { max_tokens: 0 }],
    ['top_p 2', { top_p: 2 }],
    ['top_k -1', { top_k: -1 }],
    ['an empty messages list', { messages: [] }],
    ['tool_choice any without tools', { tool_choice: { type: 'any' } }],
    [
      'tool_choice naming a missing tool',
      { tools: [{ name: 'a', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'b' } },
    ],
    [
      'an image of an unsupported type',
      {
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'AA' } }],
          },
        ],
      },
    ],
  ])('answers 422 for %s', (_name, patch) => {
    expect(parseAnthropicRequest({ ...base, ...patch })).toMatchObject({ ok: false, status: 422 });
  });
});

describe('anthropicToChat', () => {
  it('translates system, blocks, tool use and results, and parameters', () => {
    const chat = anthropicToChat(
      parsed({
        model: 'text-prime',
        max_tokens: 100,
        system: [
          { type: 'text', text: 'Be brief.' },
          { type: 'text', text: 'Be kind.' },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Weather in Oslo? See:' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'hmm', signature: 's' },
              { type: 'text', text: 'Checking.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] },
              { type: 'text', text: 'And tomorrow?' },
            ],
          },
        ],
        stop_sequences: ['END'],
        temperature: 0.3,
        top_k: 5,
        tools: [
          {
            name: 'get_weather',
            description: 'Weather',
            input_schema: { type: 'object', properties: { city: { type: 'string' } } },
          },
        ],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
        stream: true,
        metadata: { user_id: 'u1' },
      }),
    );
    expect(chat).toEqual({
      model: 'text-prime',
      max_tokens: 100,
      messages: [
        { role: 'system', content: 'Be brief.\nBe kind.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather in Oslo? See:' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'toolu_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      stop: ['END'],
      temperature: 0.3,
      top_k: 5,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true },
      user: 'u1',
    });
  });

  it('maps each tool_choice', () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    const choice = (tool_choice: unknown) =>
      anthropicToChat(parsed({ ...base, tools, tool_choice })).tool_choice;
    expect(choice({ type: 'auto' })).toBe('auto');
    expect(choice({ type: 'any' })).toBe('required');
    expect(choice({ type: 'none' })).toBe('none');
    expect(choice({ type: 'tool', name: 'f' })).toEqual({ type: 'function', function: { name: 'f' } });
  });
});

describe('chatToAnthropic', () => {
  const completion = (message: object, finish: string): ChatCompletion => ({
    id: 'chatcmpl-1',
    object: 'chat.completion' as const,
    created: 1,
    model: 'up',
    choices: [
      { index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason: finish as any },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
  });

  it('turns text and tool calls into blocks with parsed input', () => {
    const message = chatToAnthropic(
      completion(
        {
          content: 'Let me check.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
            },
          ],
        },
        'tool_calls',
      ),
      'text-prime',
    );
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'text-prime',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 4 },
    });
    expect(message.id).toMatch(/^msg_/);
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
  ])('maps finish_reason %s to stop_reason %s', (finish, stop) => {
    expect(chatToAnthropic(completion({ content: 'x' }, finish), 'm').stop_reason).toBe(stop);
  });

  it('refuses broken tool arguments, unless max_tokens cut them', () => {
    const broken = {
      content: null,
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }],
    };
    expect(() => chatToAnthropic(completion(broken, 'tool_calls'), 'm')).toThrow(DeliveryError);
    expect(chatToAnthropic(completion(broken, 'length'), 'm').content).toEqual([
      { type: 'tool_use', id: 'c', name: 'f', input: {} },
    ]);
  });
});

function chunk(delta: object, finish: string | null = null): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'up',
    choices: [{ index: 0, delta, finish_reason: finish as any }],
  };
}

describe('AnthropicStreamTranslator', () => {
  it('emits the Messages events in order: start, blocks, delta, stop', () => {
    const translator = new AnthropicStreamTranslator({ model: 'text-prime', inputTokens: 12 });
    const events = [
      ...translator.push(chunk({ role: 'assistant', content: '' })),
      ...translator.push(chunk({ content: 'Let me ' })),
      ...translator.push(chunk({ content: 'check.' })),
      ...translator.push(
        chunk({
          tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } }],
        }),
      ),
      ...translator.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] })),
      ...translator.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] })),
      ...translator.push(
        chunk({
          tool_calls: [
            { index: 1, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{}' } },
          ],
        }),
      ),
      ...translator.push(chunk({}, 'tool_calls')),
      ...translator.push({
        ...chunk({}),
        choices: [],
        usage: { prompt_tokens: 11, completion_tokens: 9, total_tokens: 20 },
      }),
      ...translator.finish(),
    ];
    expect(events.map((e) => ('index' in e ? `${e.type}:${e.index}` : e.type))).toEqual([
      'message_start',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_delta:2',
      'content_block_stop:2',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]).toMatchObject({
      message: { role: 'assistant', model: 'text-prime', content: [], usage: { input_tokens: 12 } },
    });
    expect(events[5]).toMatchObject({
      content_block: { type: 'tool_use', id: 'call_a', name: 'f', input: {} },
    });
    expect(events[7]).toMatchObject({ delta: { type: 'input_json_delta', partial_json: '1}' } });
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 11, output_tokens: 9 },
    });
    expect(translator.finish()).toEqual([]);
  });

  it('formats events as named SSE frames', () => {
    const translator = new AnthropicStreamTranslator({ model: 'm', inputTokens: 1, messageId: 'msg_1' });
    expect(translator.pushSSE(chunk({ content: 'hi' }))).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n',
    );
  });

  it("takes the caller's usage when the upstream gave none", () => {
    const translator = new AnthropicStreamTranslator({ model: 'm', inputTokens: 5 });
    translator.push(chunk({ content: 'x' }, 'length'));
    expect(
      translator.finish({ prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 }).at(0),
    ).toMatchObject({
      delta: { stop_reason: 'max_tokens' },
      usage: { input_tokens: 5, output_tokens: 1 },
    });
  });
});

/**
 * The official SDK against the translation: its fetch is answered in-process by the simulated model
 * through anthropicToChat and the translator, exactly as a route would.
 */
function sdkClient(model: SimulatedModel): Anthropic {
  const fakeFetch = async (_url: unknown, init?: { body?: unknown }): Promise<Response> => {
    const request = parsed(JSON.parse(String(init?.body)));
    const chat = anthropicToChat(request);
    const chunks = model.complete(chat, new AbortController().signal);
    if (!request.stream) {
      const assembler = new ChatCompletionAssembler();
      for await (const c of chunks) assembler.add(c);
      return Response.json(chatToAnthropic(assembler.result(), request.model));
    }
    const translator = new AnthropicStreamTranslator({
      model: request.model,
      inputTokens: estimatePromptTokens(chat.messages, chat.tools),
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for await (const c of chunks) controller.enqueue(encoder.encode(translator.pushSSE(c)));
        controller.enqueue(encoder.encode(translator.finishSSE()));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return new Anthropic({
    apiKey: 'test',
    baseURL: 'http://grid.invalid',
    fetch: fakeFetch as any,
    maxRetries: 0,
  });
}

const FAST = {
  quality_score: 40,
  ttft_ms: 0,
  tokens_per_second: 100_000,
  context_window: 128_000,
  max_output_tokens: 4_000,
  failure_rate: 0,
  jitter: 0,
  seed: 7,
};

describe('the official @anthropic-ai/sdk parses the translation', () => {
  it('streams text: the SDK assembles the same message as the non-streaming answer', async () => {
    const params = {
      model: 'text-prime',
      max_tokens: 300,
      messages: [{ role: 'user' as const, content: 'Tell me about rust ownership' }],
    };
    const streamed = await sdkClient(new SimulatedModel(FAST)).messages.stream(params).finalMessage();
    const plain = await sdkClient(new SimulatedModel(FAST)).messages.create(params);
    expect(streamed.role).toBe('assistant');
    expect(streamed.stop_reason).toBe('end_turn');
    expect(streamed.content).toHaveLength(1);
    expect(streamed.content[0]!.type).toBe('text');
    expect((streamed.content[0] as any).text).toMatch(/rust|ownership/);
    expect(streamed.content).toEqual(plain.content);
    expect(streamed.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(streamed.usage.input_tokens).toBe(plain.usage.input_tokens);
    expect(streamed.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams a tool call: the SDK parses the input JSON from input_json_delta', async () => {
    const client = sdkClient(new SimulatedModel(FAST));
    const stream = client.messages.stream({
      model: 'text-prime',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [
        {
          name: 'get_weather',
          input_schema: {
            type: 'object',
            properties: { city: { type: 'string' }, days: { type: 'integer' } },
            required: ['city', 'days'],
          },
        },
      ],
      tool_choice: { type: 'any' },
    });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const block = message.content[0] as any;
    expect(block.type).toBe('tool_use');
    expect(block.name).toBe('get_weather');
    expect(typeof block.input.city).toBe('string');
    expect(Number.isInteger(block.input.days)).toBe(true);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types).toContain('content_block_delta');
  });

  it('iterates raw events with stream: true', async () => {
    const client = sdkClient(new SimulatedModel(FAST));
    const events = await client.messages.create({
      model: 'text-prime',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Hi there, short please' }],
      stream: true,
    });
    const types: string[] = [];
    let stop: string | null | undefined;
    for await (const event of events) {
      types.push(event.type);
      if (event.type === 'message_delta') stop = event.delta.stop_reason;
    }
    expect(types.slice(0, 2)).toEqual(['message_start', 'content_block_start']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(stop).toBe('max_tokens');
  });
});

describe('round trip', () => {
  it('an Anthropic conversation survives anthropicToChat and the chat answer maps back', async () => {
    const request = parsed({
      model: 'text-prime',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Plan a picnic' }],
    });
    const chat = anthropicToChat(request);
    const chunks: ChatCompletionChunk[] = [];
    for await (const c of new SimulatedModel(FAST).complete(chat, new AbortController().signal))
      chunks.push(c);
    const completion = assembleChatCompletion(chunks);
    const message = chatToAnthropic(completion, 'text-prime');
    expect(message.content).toEqual([{ type: 'text', text: completion.choices[0]!.message.content }]);
    expect(message.usage).toEqual({
      input_tokens: completion.usage!.prompt_tokens,
      output_tokens: completion.usage!.completion_tokens,
    });
  });
});
