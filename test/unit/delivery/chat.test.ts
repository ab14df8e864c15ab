import { describe, expect, it } from 'vitest';
import {
  ChatCompletionAssembler,
  assembleChatCompletion,
  completionToChunks,
  parseChatRequest,
  requestedMaxTokens,
  type ChatCompletionChunk,
} from '../../../src-main/delivery/chat';

const base = { model: 'text-prime', messages: [{ role: 'user', content: 'Hello' }] };

describe('parseChatRequest', () => {
  it('accepts a full OpenAI request and keeps unknown fields', () => {
    const body = {
      ...base,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          ],
          name: 'ann',
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"x":1}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
      ],
      max_completion_tokens: 100,
      temperature: 0.7,
      top_p: 1,
      n: 1,
      stop: ['\n\n', 'END'],
      seed: 42,
      presence_penalty: -1,
      frequency_penalty: 2,
      tools: [
        { type: 'function', function: { name: 'look', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: { type: 'function', function: { name: 'look' } },
      response_format: { type: 'json_object' },
      stream: true,
      stream_options: { include_usage: true },
      user: 'u-1',
      metadata: { team: 'a' },
      reasoning_effort: 'low',
      some_future_field: { a: 1 },
    };
    const parsed = parseChatRequest(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request['some_future_field']).toEqual({ a: 1 });
    expect(parsed.request['reasoning_effort']).toBe('low');
    expect(requestedMaxTokens(parsed.request)).toBe(100);
  });

  it('accepts nulls where OpenAI does', () => {
    expect(parseChatRequest({ ...base, temperature: null, max_tokens: null, stop: null, n: null }).ok).toBe(
      true,
    );
  });

  it.each([
    ['a string body', 'hello'],
    ['an array body', [base]],
    ['null', null],
    ['no model', { messages: base.messages }],
    ['messages not an array', { model: 'text-prime', messages: 'hi' }],
    ['a message that is not an object', { model: 'text-prime', messages: ['hi'] }],
    ['an unknown role', { model: 'text-prime', messages: [{ role: 'wizard', content: 'hi' }] }],
    ['content of the wrong type', { model: 'text-prime', messages: [{ role: 'user', content: 5 }] }],
    ['temperature as a string', { ...base, temperature: 'hot' }],
    ['stop as a number', { ...base, stop: 7 }],
    ['a tool message without tool_call_id', { model: 'x', messages: [{ role: 'tool', content: 'r' }] }],
    ['an assistant message with nothing in it', { model: 'x', messages: [{ role: 'assistant' }] }],
    ['tools not an array', { ...base, tools: {} }],
    ['stream as a string', { ...base, stream: 'yes' }],
  ])('answers 400 for %s', (_name, body) => {
    const parsed = parseChatRequest(body);
    expect(parsed).toMatchObject({ ok: false, status: 400 });
  });

  it.each([
    ['temperature 3', { temperature: 3 }, 'temperature'],
    ['temperature -0.1', { temperature: -0.1 }, 'temperature'],
    ['top_p 1.5', { top_p: 1.5 }, 'top_p'],
    ['n 2', { n: 2 }, 'n'],
    ['max_tokens 0', { max_tokens: 0 }, 'max_tokens'],
    ['max_completion_tokens 1.5', { max_completion_tokens: 1.5 }, 'max_completion_tokens'],
    ['five stop sequences', { stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    ['presence_penalty 2.5', { presence_penalty: 2.5 }, 'presence_penalty'],
    ['frequency_penalty -3', { frequency_penalty: -3 }, 'frequency_penalty'],
    ['an unknown response_format', { response_format: { type: 'xml' } }, 'response_format'],
    ['tool_choice required without tools', { tool_choice: 'required' }, 'tool_choice'],
    ['an empty messages list', { messages: [] }, 'messages'],
    [
      'tool_choice naming a missing tool',
      {
        tools: [{ type: 'function', function: { name: 'a' } }],
        tool_choice: { type: 'function', function: { name: 'b' } },
      },
      'tool_choice',
    ],
    ['a tool name with spaces', { tools: [{ type: 'function', function: { name: 'a b' } }] }, 'tools'],
  ])('answers 422 for %s, naming the field', (_name, patch, field) => {
    const parsed = parseChatRequest({ ...base, ...patch });
    expect(parsed).toMatchObject({ ok: false, status: 422 });
    if (!parsed.ok) expect(parsed.detail.startsWith(field)).toBe(true);
  });

  it('answers 400 when a body is both malformed and out of range', () => {
    expect(parseChatRequest({ ...base, temperature: 3, stream: 'yes' })).toMatchObject({ status: 400 });
  });
});

function chunk(
  delta: ChatCompletionChunk['choices'][number]['delta'],
  finish: any = null,
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'text-prime',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

describe('chunk assembly', () => {
  it('joins content, keeps the finish reason and usage', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
    const completion = assembleChatCompletion([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo!' }),
      chunk({}, 'stop'),
      { ...chunk({}), choices: [], usage },
    ]);
    expect(completion).toMatchObject({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'text-prime',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
      usage,
    });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('merges tool call fragments by index, and content is null for a pure tool call', () => {
    const completion = assembleChatCompletion([
      chunk({
        role: 'assistant',
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({
        tool_calls: [
          { index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    const message = completion.choices[0]!.message;
    expect(message.content).toBeNull();
    expect(message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.usage).toBeUndefined();
  });

  it('lets the caller supply usage the upstream did not report', () => {
    const assembler = new ChatCompletionAssembler();
    assembler.add(chunk({ content: 'x' }, 'length'));
    expect(assembler.reportedUsage).toBeUndefined();
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    expect(assembler.result(usage).usage).toEqual(usage);
  });

  it('round-trips a completion through completionToChunks', () => {
    const original = assembleChatCompletion([
      chunk({
        role: 'assistant',
        content: 'Hi',
        tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      }),
      chunk({}, 'tool_calls'),
      { ...chunk({}), choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
    ]);
    expect(assembleChatCompletion(completionToChunks(original))).toEqual(original);
  });
});
