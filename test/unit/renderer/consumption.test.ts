// The Consumption API screens' pure logic: snippets, the streamed chat parser, CSV, chart series, forms.
import { describe, expect, it } from 'vitest';
import type { InstrumentView } from '../../../src-preload/contract';
import type { CallView } from '../../../src-preload/contract-consumption';
import {
  applyChatEvent,
  describeApiError,
  emptyProgress,
  outputTokens,
  streamChat,
  tokensPerSecond,
} from '../../../src-renderer/features/consumption/chat-stream';
import type { ChatProgress } from '../../../src-renderer/features/consumption/chat-stream';
import {
  draftFor,
  endpointBody,
  endpointErrors,
} from '../../../src-renderer/features/consumption/endpoint-form';
import { buildSnippets } from '../../../src-renderer/features/consumption/snippets';
import {
  callsToCsv,
  csvCell,
  mergeCalls,
  tokensAndCostSeries,
  ttftCeilingMs,
  ttftHistogram,
  ttftSeries,
} from '../../../src-renderer/features/consumption/usage-data';

const KEY = 'gdk_abc123_SECRET';
const API = 'http://127.0.0.1:7420';

function call(overrides: Partial<CallView> = {}): CallView {
  return {
    call_id: 'call_1',
    sequence: 1,
    participant_id: 'participant_c',
    key_id: 'ckey_1',
    key_name: 'My app',
    instrument_id: 'instrument_prime',
    symbol: 'text-prime',
    surface: 'openai',
    streamed: true,
    endpoint_id: 'endpoint_1',
    endpoint_name: 'A sim',
    supplier_id: 'participant_s',
    supplier_name: 'Supplier A',
    substituted: false,
    attempts: 1,
    outcome: 'billed',
    input_tokens: 20,
    output_tokens: 100,
    reserved_tokens: 300,
    billed_tokens: 120,
    ttft_ms: 400,
    tokens_per_second: '55.5',
    cost: '0.000300',
    started_at: '2026-12-06T10:00:05.000Z',
    finished_at: '2026-12-06T10:00:07.000Z',
    duration_ms: 2000,
    error: null,
    lots: [
      { lot_id: 'lot_1', trade_id: 'trade_1', supplier_id: 'participant_s', tokens: 120, price: '2.500' },
    ],
    ...overrides,
  };
}

describe('snippets', () => {
  const snippets = buildSnippets(`${API}/`, KEY, 'text-prime');
  const byId = Object.fromEntries(snippets.map((snippet) => [snippet.id, snippet.code]));

  it('offers the OpenAI SDK in TypeScript and Python, the Anthropic SDK and curl', () => {
    expect(snippets.map((snippet) => snippet.id)).toEqual([
      'openai-ts',
      'openai-py',
      'anthropic-ts',
      'anthropic-py',
      'curl',
    ]);
  });

  it('points the OpenAI SDK at /v1 and the Anthropic SDK at the origin, with the key and model', () => {
    expect(byId['openai-ts']).toContain(`baseURL: '${API}/v1'`);
    expect(byId['openai-ts']).toContain(`apiKey: '${KEY}'`);
    expect(byId['openai-ts']).toContain(`model: 'text-prime'`);
    expect(byId['openai-py']).toContain(`OpenAI(base_url='${API}/v1', api_key='${KEY}')`);
    expect(byId['anthropic-ts']).toContain(`baseURL: '${API}',`);
    expect(byId['anthropic-py']).toContain(`Anthropic(base_url='${API}', api_key='${KEY}')`);
  });

  it('gives curl the chat completions URL, a bearer header and a JSON body', () => {
    expect(byId.curl).toContain(`curl ${API}/v1/chat/completions`);
    expect(byId.curl).toContain(`-H 'authorization: Bearer ${KEY}'`);
    const body = /-d '(.*)'$/.exec(byId.curl!)?.[1];
    expect(JSON.parse(body!)).toMatchObject({ model: 'text-prime', stream: true });
  });

  it('never lets a quote break out of a literal', () => {
    const code = buildSnippets(API, "evil'key", 'text-prime')[0]!.code;
    expect(code).toContain(`apiKey: 'evilkey'`);
  });
});

describe('the streamed chat', () => {
  const chunk = (content: string, finish: string | null = null) =>
    JSON.stringify({
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    });

  it('adds content as it arrives and times the first token', () => {
    let progress = applyChatEvent(
      emptyProgress(),
      JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] }),
      50,
    );
    expect(progress.ttftMs).toBeNull();
    progress = applyChatEvent(progress, chunk('Hel'), 120);
    progress = applyChatEvent(progress, chunk('lo'), 150);
    progress = applyChatEvent(progress, chunk('', 'stop'), 160);
    expect(progress).toMatchObject({
      text: 'Hello',
      chunks: 2,
      ttftMs: 120,
      elapsedMs: 160,
      finishReason: 'stop',
    });
    expect(outputTokens(progress)).toBe(2);
  });

  it('takes the metered usage from the last chunk and ends on [DONE]', () => {
    let progress = applyChatEvent(emptyProgress(), chunk('a'), 10);
    progress = applyChatEvent(
      progress,
      JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }),
      20,
    );
    expect(outputTokens(progress)).toBe(3);
    expect(progress.done).toBe(false);
    expect(applyChatEvent(progress, '[DONE]', 21).done).toBe(true);
  });

  it('reports an error sent inside the stream and ignores what is not JSON', () => {
    const failed = applyChatEvent(
      emptyProgress(),
      JSON.stringify({ error: { message: 'supplier failed' } }),
      5,
    );
    expect(failed).toMatchObject({ error: 'supplier failed', done: true });
    expect(applyChatEvent(emptyProgress(), 'not json', 5).text).toBe('');
  });

  it('measures throughput after the first token', () => {
    const progress: ChatProgress = { ...emptyProgress(), chunks: 51, ttftMs: 1000, elapsedMs: 2000 };
    expect(tokensPerSecond(progress)).toBe(51);
    expect(tokensPerSecond({ ...progress, ttftMs: null })).toBeNull();
  });

  it('reads a real SSE body split at awkward places', async () => {
    const frames =
      `data: ${chunk('Hi')}\n\n` +
      `data: ${chunk(' there', 'stop')}\n\n` +
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } })}\n\n` +
      'data: [DONE]\n\n';
    const pieces = [frames.slice(0, 7), frames.slice(7, 50), frames.slice(50)];
    let sent: { url: string; init: RequestInit } | null = null;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      sent = { url, init };
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'x-grid-call-id': 'call_42' } });
    }) as unknown as typeof fetch;
    const seen: string[] = [];
    let clock = 0;
    const outcome = await streamChat({
      apiUrl: `${API}/`,
      key: KEY,
      model: 'text-prime',
      system: 'Be brief.',
      message: 'Hello',
      maxTokens: 64,
      onProgress: (progress) => seen.push(progress.text),
      fetchImpl,
      now: () => (clock += 10),
    });
    expect(sent!.url).toBe(`${API}/v1/chat/completions`);
    expect((sent!.init.headers as Record<string, string>).authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(sent!.init.body as string)).toEqual({
      model: 'text-prime',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
    });
    expect(outcome).toMatchObject({ callId: 'call_42', refusal: null, status: 200 });
    expect(outcome.progress).toMatchObject({ text: 'Hi there', done: true, finishReason: 'stop' });
    expect(outcome.progress.usage?.completion_tokens).toBe(2);
    expect(seen).toContain('Hi');
  });

  it('turns a refused call into plain words', async () => {
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ errors: { detail: 'no text-prime Units in consumption' } }), {
        status: 402,
      })) as unknown as typeof fetch;
    const outcome = await streamChat({
      apiUrl: API,
      key: KEY,
      model: 'text-prime',
      system: '',
      message: 'Hi',
      onProgress: () => undefined,
      fetchImpl,
    });
    expect(outcome.status).toBe(402);
    expect(outcome.refusal).toMatch(
      /^No Units to spend on this model \(no text-prime Units in consumption\)/,
    );
  });

  it.each([
    [401, '', null, /^The key was not accepted/],
    [404, '{"error":{"message":"unknown model gpt-4o"}}', null, /^Unknown model \(unknown model gpt-4o\)/],
    [429, '', '3', /Try again in 3 seconds\.$/],
    [
      503,
      '{"errors":{"detail":"top-up in flight"}}',
      '1',
      /^Units are being topped up .*Try again in 1 second\.$/,
    ],
    [502, '', null, /it was not billed/],
    [500, 'oops', null, /^The exchange answered 500 \(oops\)\.$/],
  ])('status %i reads as plain words', (status, body, retryAfter, expected) => {
    expect(describeApiError(status, body, retryAfter)).toMatch(expected);
  });
});

describe('usage data', () => {
  it('exports calls as CSV with a header, quoting and defused formulas', () => {
    const csv = callsToCsv([
      call(),
      call({ call_id: 'call_2', error: 'boom, "bad"', key_name: '=HYPERLINK()' }),
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^started_at,finished_at,call_id,model,key,/);
    expect(lines[1]).toContain(',text-prime,My app,');
    expect(lines[1]).toContain(',0.000300,lot_1:120,');
    expect(lines[2]).toContain(`"boom, ""bad"""`);
    expect(lines[2]).toContain(`,'=HYPERLINK(),`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
  });

  it('sums tokens and cost per minute, oldest first', () => {
    const series = tokensAndCostSeries([
      call({ started_at: '2026-12-06T10:01:10Z', input_tokens: 1, output_tokens: 2, cost: '0.5' }),
      call({ started_at: '2026-12-06T10:00:05Z', cost: '0.000300' }),
      call({ started_at: '2026-12-06T10:00:50Z', cost: '0.000200' }),
    ]);
    const minute = Date.parse('2026-12-06T10:00:00Z') / 1000;
    expect(series.tokens).toEqual([
      { time: minute, value: 240 },
      { time: minute + 60, value: 3 },
    ]);
    expect(series.cost).toEqual([
      { time: minute, value: 0.0005 },
      { time: minute + 60, value: 0.5 },
    ]);
  });

  it('plots TTFT per second (the slowest wins) and skips calls without a first token', () => {
    const points = ttftSeries([
      call({ started_at: '2026-12-06T10:00:05.100Z', ttft_ms: 300 }),
      call({ started_at: '2026-12-06T10:00:05.900Z', ttft_ms: 900 }),
      call({ started_at: '2026-12-06T10:00:01Z', ttft_ms: null }),
      call({ started_at: '2026-12-06T10:00:02Z', ttft_ms: 200 }),
    ]);
    const base = Date.parse('2026-12-06T10:00:00Z') / 1000;
    expect(points).toEqual([
      { time: base + 2, value: 200 },
      { time: base + 5, value: 900 },
    ]);
  });

  it('bins TTFTs so the ceiling falls inside, marking bins past it', () => {
    const bins = ttftHistogram(
      [call({ ttft_ms: 100 }), call({ ttft_ms: 950 }), call({ ttft_ms: 1300 })],
      1000,
      10,
    );
    expect(bins).toHaveLength(10);
    expect(bins.at(-1)!.to).toBeGreaterThanOrEqual(1300);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(3);
    const over = bins.filter((bin) => bin.overCeiling);
    expect(over.every((bin) => bin.from >= 1000)).toBe(true);
    expect(over.reduce((sum, bin) => sum + bin.count, 0)).toBe(1);
    expect(ttftHistogram([call({ ttft_ms: null })], 1000)).toEqual([]);
    expect(ttftCeilingMs('4.62')).toBe(4620);
    expect(ttftCeilingMs('')).toBeNull();
  });

  it('merges pages newest first without duplicates', () => {
    const merged = mergeCalls(
      [call({ sequence: 5 }), call({ sequence: 4 })],
      [call({ sequence: 4, outcome: 'late' }), call({ sequence: 2 })],
    );
    expect(merged.map((item) => item.sequence)).toEqual([5, 4, 2]);
    expect(merged[1]!.outcome).toBe('late');
  });
});

describe('the model endpoint form', () => {
  const instrument = {
    instrument_id: `instrument_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`,
    symbol: 'text-prime',
    specifications: {
      quality_index: 'intelligence',
      quality_floor: 38,
      throughput_floor_tps: 40,
      ttft_max_seconds: '4.62',
      context_window_min_tokens: 128_000,
      output_length_min_tokens: 30_000,
    },
  } as unknown as InstrumentView;

  it('prefills a simulated model that clears the instrument with room', () => {
    const draft = draftFor(instrument);
    expect(draft).toMatchObject({
      name: 'text-prime model',
      kind: 'simulated',
      quality_score: '43',
      ttft_ms: '1540',
      sim_tokens_per_second: '60',
      context_window: '128000',
      max_output_tokens: '30000',
    });
    const parsed = endpointBody(draft);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      kind: 'simulated',
      tokens_per_second: 1000,
      simulated: { ttft_ms: 1540 },
    });
  });

  it('sends an upstream without an empty key, and names each field that is wrong', () => {
    const upstream = endpointBody({ ...draftFor(instrument), kind: 'openai', model: 'llama3' });
    expect(upstream.success).toBe(true);
    expect(upstream.data).toMatchObject({
      upstream: { base_url: 'http://127.0.0.1:8000/v1', model: 'llama3' },
    });
    expect(JSON.stringify(upstream.data)).not.toContain('api_key');

    const wrong = endpointBody({
      ...draftFor(instrument),
      failure_rate: '2',
      sim_tokens_per_second: '',
      name: '',
    });
    expect(wrong.success).toBe(false);
    const errors = endpointErrors(wrong.error!);
    expect(Object.keys(errors).sort()).toEqual(['failure_rate', 'name', 'sim_tokens_per_second']);
  });
});
