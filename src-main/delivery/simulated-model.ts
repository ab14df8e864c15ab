import { randomUUID } from 'node:crypto';
import { encode, decode } from 'gpt-tokenizer/encoding/o200k_base';
import { z } from 'zod';
import { contentText, requestedMaxTokens } from './chat';
import type { ChatCompletionChunk, ChatRequest, ChatUsage, FinishReason } from './chat';
import { DeliveryError, type ModelEndpoint } from './endpoint';
import { mulberry32, nextSeed, randomInt, type Random } from './random';
import { sampleForSchema } from './schema-sample';
import { argumentWords, generateAnswer } from './simulated-text';
import {
  EXACT_COUNT_LIMIT_BYTES,
  countTextTokens,
  estimatePromptTokens,
  estimatePromptTokensAsync,
  promptTokenBound,
} from './tokens';

/**
 * A built-in model for the sandbox and for tests: it streams real chunks on a real clock (first output
 * after ttft_ms, then tokens at tokens_per_second), writes plausible text about the prompt, calls tools
 * with arguments valid for their schema, and fails at a configured rate, before the first token or
 * mid-stream. Every random choice comes from a seeded generator, so the same seed and the same sequence
 * of calls give the same outcomes (texts, tool calls, failures, timings up to the clock's own jitter).
 */

export const simulatedModelConfigSchema = z.object({
  /** Declared benchmark score; the simulation does not act on it, the roster does. */
  quality_score: z.number().min(0).max(100),
  ttft_ms: z.number().min(0).max(600_000),
  tokens_per_second: z.number().positive().max(1_000_000),
  context_window: z.int().min(1),
  max_output_tokens: z.int().min(1),
  failure_rate: z.number().min(0).max(1),
  /** Relative variation of TTFT and rate per call: 0.2 means each is drawn within ±20%. */
  jitter: z.number().min(0).max(1),
  seed: z.int(),
});

export type SimulatedModelConfig = z.output<typeof simulatedModelConfigSchema>;

/** Natural answer lengths when max_tokens does not cut them shorter. */
export const DEFAULT_ANSWER_TOKENS = { min: 60, max: 200 } as const;
/** The coarsest timer granularity: at high rates several tokens share a chunk instead of a timer each. */
export const MIN_TICK_MS = 15;
/** With tool_choice 'auto', the share of calls that answer with a tool call. */
export const AUTO_TOOL_CALL_RATE = 0.5;

/** Everything random about one call, drawn up front so a call's outcome never depends on its timing. */
interface CallPlan {
  ttftMs: number;
  tokensPerSecond: number;
  failure: 'none' | 'before_first_token' | 'mid_stream';
  failurePoint: number;
  answerTokens: number;
  autoToolCall: boolean;
  random: Random;
}

export class SimulatedModel implements ModelEndpoint {
  private settings: SimulatedModelConfig;
  private seeds: Random;

  constructor(config: SimulatedModelConfig) {
    this.settings = simulatedModelConfigSchema.parse(config);
    this.seeds = mulberry32(this.settings.seed);
  }

  get config(): Readonly<SimulatedModelConfig> {
    return this.settings;
  }

  /**
   * Changes the model live (drift: slower, flakier, a smaller context). Calls already streaming keep
   * the settings they started with. A new seed restarts the sequence of outcomes.
   */
  configure(changes: Partial<SimulatedModelConfig>): void {
    const next = simulatedModelConfigSchema.parse({ ...this.settings, ...changes });
    if (changes.seed !== undefined) this.seeds = mulberry32(next.seed);
    this.settings = next;
  }

  complete(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatCompletionChunk> {
    // Drawn at call time, not at first iteration, so the order of calls alone fixes their outcomes.
    const plan = this.plan(mulberry32(nextSeed(this.seeds)));
    return this.stream(request, signal, this.settings, plan);
  }

  private plan(random: Random): CallPlan {
    const { ttft_ms, tokens_per_second, jitter, failure_rate } = this.settings;
    const vary = (value: number): number => value * (1 + jitter * (2 * random() - 1));
    const ttftMs = Math.max(0, vary(ttft_ms));
    const tokensPerSecond = Math.max(0.1, vary(tokens_per_second));
    const fails = random() < failure_rate;
    const mode = random() < 0.5 ? 'before_first_token' : 'mid_stream';
    const failurePoint = random();
    const answerTokens = randomInt(random, DEFAULT_ANSWER_TOKENS.min, DEFAULT_ANSWER_TOKENS.max);
    const autoToolCall = random() < AUTO_TOOL_CALL_RATE;
    return {
      ttftMs,
      tokensPerSecond,
      failure: fails ? mode : 'none',
      failurePoint,
      answerTokens,
      autoToolCall,
      random,
    };
  }

  private async *stream(
    request: ChatRequest,
    signal: AbortSignal,
    config: SimulatedModelConfig,
    plan: CallPlan,
  ): AsyncGenerator<ChatCompletionChunk> {
    const startedAt = performance.now();
    signal.throwIfAborted();

    const promptTokens = await countPrompt(request);
    signal.throwIfAborted();
    if (promptTokens > config.context_window) {
      throw new DeliveryError(
        'upstream_error',
        `context length exceeded: the prompt has ${promptTokens} tokens, the model accepts ${config.context_window}`,
        { status: 400 },
      );
    }

    const answer = composeAnswer(request, plan, config, promptTokens);

    if (plan.failure === 'before_first_token') {
      await sleep(plan.ttftMs * plan.failurePoint - (performance.now() - startedAt), signal);
      throw new DeliveryError('upstream_error', 'simulated upstream failure', { status: 500 });
    }
    // Fails after streaming this many tokens (at least one, so the failure really is mid-stream).
    const failAfter =
      plan.failure === 'mid_stream'
        ? Math.max(1, Math.ceil(plan.failurePoint * answer.pieces.length))
        : Number.POSITIVE_INFINITY;

    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (
      delta: ChatCompletionChunk['choices'][number]['delta'],
      finish: FinishReason | null = null,
    ): ChatCompletionChunk => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });

    await sleep(plan.ttftMs - (performance.now() - startedAt), signal);
    const firstAt = performance.now();
    const msPerToken = 1000 / plan.tokensPerSecond;
    let sent = 0;
    while (sent < answer.pieces.length) {
      // Everything due by now goes in one chunk; the schedule is anchored on the first chunk.
      const due =
        sent === 0
          ? 1
          : Math.min(answer.pieces.length, 1 + Math.floor((performance.now() - firstAt) / msPerToken));
      const upTo = Math.min(due, failAfter);
      if (upTo > sent) {
        const text = answer.pieces.slice(sent, upTo).join('');
        yield chunk(answer.delta(text, sent === 0));
        sent = upTo;
      }
      if (sent >= failAfter) {
        throw new DeliveryError('connection', 'simulated stream interruption');
      }
      if (sent < answer.pieces.length) {
        const nextDue = firstAt + sent * msPerToken;
        // Fast rates wake every MIN_TICK_MS and send what is due; slow ones wake for each token.
        const floor = msPerToken < MIN_TICK_MS ? MIN_TICK_MS : 0;
        await sleep(Math.max(nextDue - performance.now(), floor), signal);
      }
    }
    if (answer.pieces.length === 0) yield chunk({ role: 'assistant', content: '' });
    signal.throwIfAborted();
    yield chunk({}, answer.finishReason);
    const usage: ChatUsage = {
      prompt_tokens: promptTokens,
      completion_tokens: answer.completionTokens,
      total_tokens: promptTokens + answer.completionTokens,
    };
    yield { id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage };
  }
}

/** Exact prompt count; a huge prompt is counted in slices so it does not stall other calls' streams. */
async function countPrompt(request: ChatRequest): Promise<number> {
  const small = promptTokenBound(request.messages, request.tools) <= EXACT_COUNT_LIMIT_BYTES;
  return small
    ? estimatePromptTokens(request.messages, request.tools)
    : estimatePromptTokensAsync(request.messages, request.tools);
}

interface Answer {
  /** The output's tokens, as text pieces that concatenate to the output. */
  pieces: string[];
  completionTokens: number;
  finishReason: FinishReason;
  /** The chunk delta for a run of pieces (the first one also carries the role / tool call header). */
  delta: (text: string, first: boolean) => ChatCompletionChunk['choices'][number]['delta'];
}

function composeAnswer(
  request: ChatRequest,
  plan: CallPlan,
  config: SimulatedModelConfig,
  promptTokens: number,
): Answer {
  const prompt = lastUserText(request);
  const limit = Math.max(
    0,
    Math.min(
      requestedMaxTokens(request) ?? Number.POSITIVE_INFINITY,
      config.max_output_tokens,
      config.context_window - promptTokens,
    ),
  );
  const tool = chosenTool(request, plan);
  if (tool) {
    const args = JSON.stringify(sampleForSchema(tool.parameters ?? {}, plan.random, argumentWords(prompt)));
    const { pieces, truncated } = tokenPieces(args, limit);
    const callId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    return {
      pieces,
      completionTokens: countTextTokens(tool.name) + pieces.length,
      finishReason: truncated ? 'length' : 'tool_calls',
      delta: (text, first) =>
        first
          ? {
              role: 'assistant',
              content: null,
              tool_calls: [
                { index: 0, id: callId, type: 'function', function: { name: tool.name, arguments: text } },
              ],
            }
          : { tool_calls: [{ index: 0, function: { arguments: text } }] },
    };
  }
  let text = answerText(request, prompt, plan);
  // A stop sequence ends the answer before it, and the finish reason stays 'stop', as with OpenAI.
  for (const stop of stopSequences(request)) {
    const at = text.indexOf(stop);
    if (at !== -1) text = text.slice(0, at);
  }
  const { pieces, truncated } = tokenPieces(text, limit);
  return {
    pieces,
    completionTokens: pieces.length,
    finishReason: truncated ? 'length' : 'stop',
    delta: (chunkText, first) => (first ? { role: 'assistant', content: chunkText } : { content: chunkText }),
  };
}

function answerText(request: ChatRequest, prompt: string, plan: CallPlan): string {
  const format = request.response_format;
  if (format?.type === 'json_schema' && format.json_schema?.schema) {
    return JSON.stringify(sampleForSchema(format.json_schema.schema, plan.random, argumentWords(prompt)));
  }
  const text = generateAnswer(prompt, plan.random, plan.answerTokens);
  return format?.type === 'json_object' ? JSON.stringify({ answer: text }) : text;
}

/** The tool to call, if this call answers with one: required or named always, auto per the plan. */
function chosenTool(
  request: ChatRequest,
  plan: CallPlan,
): { name: string; parameters?: Record<string, unknown> } | undefined {
  const tools = request.tools ?? [];
  const first = tools[0];
  if (!first) return undefined;
  const choice = request.tool_choice ?? 'auto';
  if (choice === 'none') return undefined;
  if (typeof choice === 'object')
    return tools.find((t) => t.function.name === choice.function.name)?.function;
  if (choice === 'required') return pickTool(tools, plan).function;
  // 'auto': after a tool result, answer in words, as models do.
  const last = request.messages[request.messages.length - 1];
  if (last?.role === 'tool' || !plan.autoToolCall) return undefined;
  return pickTool(tools, plan).function;
}

function pickTool<T>(tools: readonly T[], plan: CallPlan): T {
  return tools[Math.floor(plan.random() * tools.length)] ?? (tools[0] as T);
}

function lastUserText(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message?.role === 'user') {
      return typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
    }
  }
  const last = request.messages[request.messages.length - 1];
  return last ? contentText(last.content) : '';
}

function stopSequences(request: ChatRequest): string[] {
  const stop = request.stop;
  if (stop == null) return [];
  return (typeof stop === 'string' ? [stop] : stop).filter((s) => s.length > 0);
}

/** The text's tokens as strings, cut to `limit` tokens. */
function tokenPieces(text: string, limit: number): { pieces: string[]; truncated: boolean } {
  const ids = encode(text, { disallowedSpecial: new Set() });
  const kept = ids.length > limit ? ids.slice(0, limit) : ids;
  let pieces = kept.map((id) => decode([id]));
  // Generated prose is ASCII, where each token decodes on its own; a schema's enum value need not be,
  // and a token holding part of a character decodes to U+FFFD: then cut the text evenly instead.
  if (pieces.some((piece) => piece.includes('\uFFFD'))) pieces = evenSlices(decode(kept), kept.length);
  return { pieces, truncated: ids.length > limit };
}

function evenSlices(text: string, count: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    pieces.push(
      chars
        .slice(Math.floor((i * chars.length) / count), Math.floor(((i + 1) * chars.length) / count))
        .join(''),
    );
  }
  return pieces;
}

/** Resolves after `ms` (at once if ms <= 0); rejects with the signal's reason the moment it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
