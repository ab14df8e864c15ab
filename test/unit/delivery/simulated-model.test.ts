import { describe, expect, it } from 'vitest';
import { ChatCompletionAssembler, parseChatRequest, type ChatRequest } from '../../../src-main/delivery/chat';
import { DeliveryError, chunkHasOutput } from '../../../src-main/delivery/endpoint';
import { SimulatedModel, type SimulatedModelConfig } from '../../../src-main/delivery/simulated-model';
import { countTextTokens } from '../../../src-main/delivery/tokens';

const FAST: SimulatedModelConfig = {
  quality_score: 40,
  ttft_ms: 0,
  tokens_per_second: 1_000_000,
  context_window: 128_000,
  max_output_tokens: 30_000,
  failure_rate: 0,
  jitter: 0,
  seed: 1,
};

function request(body: Record<string, unknown> = {}): ChatRequest {
  const parsed = parseChatRequest({
    model: 'text-prime',
    messages: [{ role: 'user', content: 'How should a small team plan database migrations safely?' }],
    ...body,
  });
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.request;
}

interface Run {
  startedAt: number;
  outputTimes: number[];
  chunkTokens: number;
  chunks: number;
  completion: ReturnType<ChatCompletionAssembler['result']>;
  error?: unknown;
  outputBeforeError: boolean;
}

async function run(
  model: SimulatedModel,
  req: ChatRequest,
  signal = new AbortController().signal,
): Promise<Run> {
  const assembler = new ChatCompletionAssembler();
  const startedAt = performance.now();
  const outputTimes: number[] = [];
  let chunks = 0;
  let error: unknown;
  try {
    for await (const chunk of model.complete(req, signal)) {
      chunks++;
      if (chunkHasOutput(chunk)) outputTimes.push(performance.now());
      assembler.add(chunk);
    }
  } catch (e) {
    error = e;
  }
  return {
    startedAt,
    outputTimes,
    chunkTokens: 0,
    chunks,
    completion: assembler.result(),
    error,
    outputBeforeError: outputTimes.length > 0,
  };
}

/** What must repeat under a seed: everything but ids and timestamps. */
function outcome(r: Run): unknown {
  const choice = r.completion.choices[0]!;
  return {
    content: choice.message.content,
    tools: choice.message.tool_calls?.map((c) => c.function),
    finish: choice.finish_reason,
    usage: r.completion.usage,
    error: r.error instanceof DeliveryError ? `${r.error.kind}:${r.error.status}` : r.error,
  };
}

describe('simulated model: timing', () => {
  it('streams the first token after ttft_ms and the rest at tokens_per_second, batched into coarse chunks', async () => {
    const model = new SimulatedModel({ ...FAST, ttft_ms: 150, tokens_per_second: 200 });
    const r = await run(model, request({ max_tokens: 100 }));
    expect(r.error).toBeUndefined();
    const ttft = r.outputTimes[0]! - r.startedAt;
    const tokens = r.completion.usage!.completion_tokens;
    const rate = (tokens - 1) / ((r.outputTimes.at(-1)! - r.outputTimes[0]!) / 1000);
    console.log(
      `simulated 150 ms / 200 tok/s: TTFT ${ttft.toFixed(1)} ms, ${rate.toFixed(1)} tok/s over ${tokens} tokens in ${r.outputTimes.length} chunks`,
    );
    expect(ttft).toBeGreaterThanOrEqual(148);
    expect(ttft).toBeLessThan(190);
    expect(rate).toBeGreaterThan(200 * 0.85);
    expect(rate).toBeLessThan(200 * 1.1);
    expect(tokens).toBeGreaterThanOrEqual(60);
    // ~15 ms ticks at 5 ms a token: about three tokens a chunk, not a timer per token.
    expect(r.outputTimes.length).toBeLessThan(tokens / 2);
  });

  it('sends one token a chunk at a slow rate', async () => {
    const model = new SimulatedModel({ ...FAST, ttft_ms: 20, tokens_per_second: 50 });
    const r = await run(model, request({ max_tokens: 15 }));
    const tokens = r.completion.usage!.completion_tokens;
    expect(tokens).toBe(15);
    expect(r.outputTimes.length).toBe(15);
    const rate = (tokens - 1) / ((r.outputTimes.at(-1)! - r.outputTimes[0]!) / 1000);
    expect(rate).toBeGreaterThan(50 * 0.85);
    expect(rate).toBeLessThan(50 * 1.1);
  });

  it('varies TTFT and rate within the jitter', async () => {
    const model = new SimulatedModel({ ...FAST, ttft_ms: 60, tokens_per_second: 1000, jitter: 0.5, seed: 3 });
    const ttfts: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await run(model, request({ max_tokens: 5 }));
      ttfts.push(r.outputTimes[0]! - r.startedAt);
    }
    expect(Math.min(...ttfts)).toBeGreaterThanOrEqual(29);
    expect(Math.max(...ttfts)).toBeLessThan(110);
    expect(Math.max(...ttfts) - Math.min(...ttfts)).toBeGreaterThan(10);
  });

  it('stops at once when aborted, during the wait for the first token or mid-stream', async () => {
    const model = new SimulatedModel({ ...FAST, ttft_ms: 5_000, tokens_per_second: 10 });
    const early = new AbortController();
    setTimeout(() => early.abort(new Error('client went away')), 30);
    let t = performance.now();
    const r1 = await run(model, request(), early.signal);
    expect((r1.error as Error).message).toBe('client went away');
    expect(performance.now() - t).toBeLessThan(100);

    model.configure({ ttft_ms: 0 });
    const mid = new AbortController();
    const iterator = model.complete(request(), mid.signal)[Symbol.asyncIterator]();
    expect(chunkHasOutput((await iterator.next()).value)).toBe(true);
    t = performance.now();
    const next = iterator.next();
    mid.abort(new Error('cancelled'));
    await expect(next).rejects.toThrow('cancelled');
    expect(performance.now() - t).toBeLessThan(20);
  });
});

describe('simulated model: content', () => {
  it('answers with plausible text about the prompt, usage counted with the tokenizer', async () => {
    const r = await run(new SimulatedModel(FAST), request());
    const message = r.completion.choices[0]!.message;
    expect(message.content).toMatch(/migrations|database|team/);
    expect(message.content).toMatch(/^[A-Z].*\.$/s);
    expect(r.completion.choices[0]!.finish_reason).toBe('stop');
    const usage = r.completion.usage!;
    expect(usage.completion_tokens).toBe(countTextTokens(message.content!));
    expect(usage.completion_tokens).toBeGreaterThanOrEqual(60);
    expect(usage.completion_tokens).toBeLessThanOrEqual(215);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.prompt_tokens).toBeGreaterThan(10);
  });

  it('stops at max_tokens (or max_output_tokens) with finish_reason length', async () => {
    const r = await run(new SimulatedModel(FAST), request({ max_completion_tokens: 7 }));
    expect(r.completion.choices[0]!.finish_reason).toBe('length');
    expect(r.completion.usage!.completion_tokens).toBe(7);
    const capped = await run(
      new SimulatedModel({ ...FAST, max_output_tokens: 12 }),
      request({ max_tokens: 500 }),
    );
    expect(capped.completion.usage!.completion_tokens).toBe(12);
    expect(capped.completion.choices[0]!.finish_reason).toBe('length');
  });

  it('ends before a stop sequence', async () => {
    const first = await run(new SimulatedModel(FAST), request());
    const text = first.completion.choices[0]!.message.content!;
    const stop = text.split(' ').slice(4, 6).join(' ');
    const r = await run(new SimulatedModel(FAST), request({ stop: [stop] }));
    expect(r.completion.choices[0]!.message.content).toBe(text.slice(0, text.indexOf(stop)));
    expect(r.completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('refuses a prompt longer than its context window', async () => {
    const model = new SimulatedModel({ ...FAST, context_window: 50 });
    const r = await run(model, request({ messages: [{ role: 'user', content: 'word '.repeat(200) }] }));
    expect(r.error).toBeInstanceOf(DeliveryError);
    expect(r.error).toMatchObject({ kind: 'upstream_error', status: 400 });
    expect((r.error as Error).message).toMatch(/context length exceeded/);
    expect(r.chunks).toBe(0);
  });

  it('answers JSON for response_format json_schema', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, score: { type: 'integer' } },
      required: ['title', 'score'],
    };
    const r = await run(
      new SimulatedModel(FAST),
      request({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }),
    );
    const value = JSON.parse(r.completion.choices[0]!.message.content!);
    expect(typeof value.title).toBe('string');
    expect(Number.isInteger(value.score)).toBe(true);
  });
});

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        options: {
          type: 'object',
          properties: { hourly: { type: 'boolean' }, fields: { type: 'array', items: { type: 'string' } } },
          required: ['hourly', 'fields'],
        },
        note: { type: 'string' },
      },
      required: ['city', 'days', 'unit', 'options'],
    },
  },
};
const timeTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};

describe('simulated model: tool calls', () => {
  it('calls a tool when required, with arguments valid for its schema', async () => {
    const model = new SimulatedModel({ ...FAST, seed: 9 });
    for (let i = 0; i < 10; i++) {
      const r = await run(model, request({ tools: [weatherTool], tool_choice: 'required' }));
      const choice = r.completion.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      const call = choice.message.tool_calls![0]!;
      expect(call.id).toMatch(/^call_/);
      expect(call.function.name).toBe('get_weather');
      const args = JSON.parse(call.function.arguments);
      expect(typeof args.city).toBe('string');
      expect(args.city.length).toBeGreaterThan(0);
      expect(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7).toBe(true);
      expect(['celsius', 'fahrenheit']).toContain(args.unit);
      expect(typeof args.options.hourly).toBe('boolean');
      expect(Array.isArray(args.options.fields)).toBe(true);
      expect(r.completion.usage!.completion_tokens).toBe(
        countTextTokens('get_weather') + countTextTokens(call.function.arguments),
      );
    }
  });

  it('calls the tool tool_choice names', async () => {
    const r = await run(
      new SimulatedModel(FAST),
      request({
        tools: [weatherTool, timeTool],
        tool_choice: { type: 'function', function: { name: 'get_time' } },
      }),
    );
    expect(r.completion.choices[0]!.message.tool_calls![0]!.function).toEqual({
      name: 'get_time',
      arguments: '{}',
    });
  });

  it('with auto, sometimes calls a tool and sometimes answers; never after a tool result or with none', async () => {
    const model = new SimulatedModel({ ...FAST, seed: 5 });
    const finishes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await run(model, request({ tools: [weatherTool] }));
      finishes.push(r.completion.choices[0]!.finish_reason!);
    }
    expect(finishes).toContain('tool_calls');
    expect(finishes).toContain('stop');
    const afterResult = request({
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
    });
    for (let i = 0; i < 10; i++) {
      expect((await run(model, afterResult)).completion.choices[0]!.finish_reason).toBe('stop');
      expect(
        (await run(model, request({ tools: [weatherTool], tool_choice: 'none' }))).completion.choices[0]!
          .finish_reason,
      ).toBe('stop');
    }
  });
});

describe('simulated model: failures and determinism', () => {
  it('fails at the configured rate, both before the first token and mid-stream', async () => {
    const model = new SimulatedModel({ ...FAST, failure_rate: 0.3, seed: 11 });
    let before = 0;
    let mid = 0;
    const calls = 300;
    for (let i = 0; i < calls; i++) {
      const r = await run(model, request({ max_tokens: 40 }));
      if (!r.error) continue;
      expect(r.error).toBeInstanceOf(DeliveryError);
      if (r.outputBeforeError) {
        mid++;
        expect(r.error).toMatchObject({ kind: 'connection' });
      } else {
        before++;
        expect(r.error).toMatchObject({ kind: 'upstream_error', status: 500 });
      }
    }
    const rate = (before + mid) / calls;
    expect(rate).toBeGreaterThan(0.22);
    expect(rate).toBeLessThan(0.38);
    expect(before).toBeGreaterThan(calls * 0.08);
    expect(mid).toBeGreaterThan(calls * 0.08);
  });

  it('never fails at failure_rate 0 and always at 1', async () => {
    const healthy = new SimulatedModel(FAST);
    const broken = new SimulatedModel({ ...FAST, failure_rate: 1 });
    for (let i = 0; i < 20; i++) {
      expect((await run(healthy, request({ max_tokens: 5 }))).error).toBeUndefined();
      expect((await run(broken, request({ max_tokens: 5 }))).error).toBeInstanceOf(DeliveryError);
    }
  });

  it('repeats the same outcomes for the same seed and sequence of calls', async () => {
    const calls = [
      request(),
      request({ tools: [weatherTool] }),
      request({ max_tokens: 20 }),
      request({ tools: [weatherTool, timeTool], tool_choice: 'required' }),
      request({ messages: [{ role: 'user', content: 'Explain vector clocks to a new engineer' }] }),
    ];
    const sequence = async (seed: number): Promise<unknown[]> => {
      const model = new SimulatedModel({ ...FAST, failure_rate: 0.3, jitter: 0.5, seed });
      const out: unknown[] = [];
      for (let round = 0; round < 4; round++) for (const c of calls) out.push(outcome(await run(model, c)));
      return out;
    };
    const a = await sequence(42);
    expect(await sequence(42)).toEqual(a);
    expect(await sequence(43)).not.toEqual(a);
    expect(a.some((o: any) => o.error)).toBe(true);
    expect(a.some((o: any) => !o.error)).toBe(true);
  });

  it('drifts live: configure changes later calls', async () => {
    const model = new SimulatedModel({ ...FAST, ttft_ms: 10 });
    const before = await run(model, request({ max_tokens: 3 }));
    model.configure({ ttft_ms: 120, failure_rate: 0 });
    const after = await run(model, request({ max_tokens: 3 }));
    expect(before.outputTimes[0]! - before.startedAt).toBeLessThan(60);
    expect(after.outputTimes[0]! - after.startedAt).toBeGreaterThanOrEqual(118);
    expect(model.config.ttft_ms).toBe(120);
    expect(() => model.configure({ failure_rate: 2 })).toThrow();
    expect(model.config.failure_rate).toBe(0);
  });
});
