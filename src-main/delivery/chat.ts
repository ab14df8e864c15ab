import { z } from 'zod';
import { MALFORMED, rejectionFrom, type RequestRejection } from './validation';

/**
 * The OpenAI Chat Completions request Grid Desk accepts on the Consumption API, and the response and
 * chunk shapes its endpoints produce. Objects are loose: fields we do not know are kept and forwarded to
 * the upstream rather than rejected, because clients send newer parameters than any schema lists.
 */

// ---------------------------------------------------------------------------------------------------
// Request

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const audioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
const filePart = z.looseObject({ type: z.literal('file'), file: z.looseObject({}) });
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const userPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
const textContent = z.union([z.string(), z.array(textPart)]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const systemMessage = z.looseObject({
  role: z.literal('system'),
  content: textContent,
  name: z.string().optional(),
});
const developerMessage = z.looseObject({
  role: z.literal('developer'),
  content: textContent,
  name: z.string().optional(),
});
const userMessage = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userPart)]),
  name: z.string().optional(),
});
const assistantMessage = z
  .looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))]).nullish(),
    refusal: z.string().nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
  })
  .refine((m) => m.content != null || (m.tool_calls?.length ?? 0) > 0 || m.refusal != null, {
    message: 'an assistant message needs content or tool_calls',
    params: MALFORMED,
  });
const toolMessage = z.looseObject({
  role: z.literal('tool'),
  content: textContent,
  tool_call_id: z.string(),
});

const message = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
]);

const functionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

const responseFormat = z
  .looseObject({
    type: z.enum(['text', 'json_object', 'json_schema']),
    json_schema: z
      .looseObject({
        name: z.string(),
        description: z.string().optional(),
        schema: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().nullish(),
      })
      .optional(),
  })
  .refine((f) => f.type !== 'json_schema' || f.json_schema !== undefined, {
    message: 'json_schema is required when type is json_schema',
    path: ['json_schema'],
  });

const penalty = z.number().min(-2).max(2).nullish();

export const chatRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(message).min(1),
    max_completion_tokens: z.int().min(1).nullish(),
    max_tokens: z.int().min(1).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    n: z.int().min(1).max(1, 'only n = 1 is supported').nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    seed: z.int().nullish(),
    presence_penalty: penalty,
    frequency_penalty: penalty,
    logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.int().min(0).max(20).nullish(),
    tools: z.array(functionTool).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: responseFormat.optional(),
    stream: z.boolean().nullish(),
    stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
    user: z.string().optional(),
    metadata: z.record(z.string(), z.string()).nullish(),
    store: z.boolean().nullish(),
  })
  .superRefine((req, ctx) => {
    // A tool_choice that cannot be honoured is an invalid value, not a malformed body.
    const choice = req.tool_choice;
    if (choice === undefined || choice === 'none' || choice === 'auto') return;
    const names = new Set((req.tools ?? []).map((t) => t.function.name));
    if (names.size === 0) {
      ctx.addIssue({ code: 'custom', path: ['tool_choice'], message: 'tool_choice needs tools' });
    } else if (typeof choice === 'object' && !names.has(choice.function.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tool_choice', 'function', 'name'],
        message: `no tool named ${choice.function.name}`,
      });
    }
  });

export type ChatRequest = z.output<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest['messages'][number];
export type ChatTool = NonNullable<ChatRequest['tools']>[number];
export type ChatToolChoice = NonNullable<ChatRequest['tool_choice']>;

export type ParsedChatRequest = { ok: true; request: ChatRequest } | RequestRejection;

/** Validates a decoded JSON body: 400 when malformed, 422 when a value is out of range (see validation.ts). */
export function parseChatRequest(body: unknown): ParsedChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, detail: 'the body must be a JSON object' };
  }
  const parsed = chatRequestSchema.safeParse(body, { reportInput: true });
  return parsed.success ? { ok: true, request: parsed.data } : rejectionFrom(parsed.error);
}

/** The output cap the client asked for (max_completion_tokens wins over the legacy max_tokens). */
export function requestedMaxTokens(request: ChatRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}

/** The plain text of a message's content (parts other than text are ignored). */
export function contentText(content: ChatMessage['content']): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'refusal') text += part.refusal;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Response

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [extra: string]: unknown;
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint?: string | null;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal?: string | null;
      tool_calls?: ChatToolCall[];
    };
    finish_reason: FinishReason | null;
    logprobs?: unknown;
  }>;
  usage?: ChatUsage;
  [extra: string]: unknown;
}

/** A tool call fragment: the first one of an index carries id, type and name; later ones append arguments. */
export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint?: string | null;
  choices: Array<{
    index: number;
    delta: {
      role?: 'assistant';
      content?: string | null;
      refusal?: string | null;
      tool_calls?: ChatToolCallDelta[];
    };
    finish_reason: FinishReason | null;
    logprobs?: unknown;
  }>;
  /** Present (possibly null) on every chunk when include_usage is on; set on the last one. */
  usage?: ChatUsage | null;
  [extra: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Assembly: streamed chunks -> one chat.completion (for a non-streaming client, and for metering).

interface ChoiceDraft {
  content: string[];
  refusal: string[];
  toolCalls: Map<number, { id: string; name: string; args: string[] }>;
  finish: FinishReason | null;
}

/** Accumulates chunks as they stream; `result()` gives the equivalent non-streaming completion. */
export class ChatCompletionAssembler {
  private id = '';
  private created = 0;
  private model = '';
  private fingerprint: string | null | undefined;
  private usage: ChatUsage | undefined;
  private readonly choices = new Map<number, ChoiceDraft>();

  add(chunk: ChatCompletionChunk): void {
    if (!this.id && chunk.id) {
      this.id = chunk.id;
      this.created = chunk.created;
      this.model = chunk.model;
    }
    if (chunk.system_fingerprint != null) this.fingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      let draft = this.choices.get(choice.index);
      if (!draft) {
        draft = { content: [], refusal: [], toolCalls: new Map(), finish: null };
        this.choices.set(choice.index, draft);
      }
      const delta = choice.delta;
      if (delta.content) draft.content.push(delta.content);
      if (delta.refusal) draft.refusal.push(delta.refusal);
      if (delta.tool_calls) {
        for (const part of delta.tool_calls) {
          let call = draft.toolCalls.get(part.index);
          if (!call) {
            call = { id: '', name: '', args: [] };
            draft.toolCalls.set(part.index, call);
          }
          if (part.id) call.id = part.id;
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) call.args.push(part.function.arguments);
        }
      }
      if (choice.finish_reason) draft.finish = choice.finish_reason;
    }
  }

  /** The usage reported so far (the upstream's last word), if any. */
  get reportedUsage(): ChatUsage | undefined {
    return this.usage;
  }

  result(usage: ChatUsage | undefined = this.usage): ChatCompletion {
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    if (indexes.length === 0) indexes.push(0);
    const completion: ChatCompletion = {
      id: this.id,
      object: 'chat.completion',
      created: this.created,
      model: this.model,
      choices: indexes.map((index) => {
        const draft = this.choices.get(index);
        const toolCalls = draft
          ? [...draft.toolCalls.entries()]
              .sort(([a], [b]) => a - b)
              .map(([, call]): ChatToolCall => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: call.args.join('') },
              }))
          : [];
        const text = draft?.content.join('') ?? '';
        const refusal = draft?.refusal.join('') ?? '';
        return {
          index,
          message: {
            role: 'assistant' as const,
            // OpenAI answers content: null for a pure tool call.
            content: text === '' && toolCalls.length > 0 ? null : text,
            refusal: refusal === '' ? null : refusal,
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: draft?.finish ?? null,
          logprobs: null,
        };
      }),
    };
    if (this.fingerprint !== undefined) completion.system_fingerprint = this.fingerprint;
    if (usage) completion.usage = usage;
    return completion;
  }
}

export function assembleChatCompletion(chunks: Iterable<ChatCompletionChunk>): ChatCompletion {
  const assembler = new ChatCompletionAssembler();
  for (const chunk of chunks) assembler.add(chunk);
  return assembler.result();
}

/**
 * The chunks equivalent to a non-streaming completion: one chunk per choice with everything, then a
 * usage chunk. Used for upstreams that answer JSON although we asked for a stream.
 */
export function completionToChunks(completion: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created };
  const chunks: ChatCompletionChunk[] = completion.choices.map((choice) => ({
    ...base,
    model: completion.model,
    choices: [
      {
        index: choice.index,
        delta: {
          role: 'assistant',
          content: choice.message.content ?? '',
          ...(choice.message.refusal ? { refusal: choice.message.refusal } : {}),
          ...(choice.message.tool_calls
            ? {
                tool_calls: choice.message.tool_calls.map((call, index) => ({
                  index,
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.function.name, arguments: call.function.arguments },
                })),
              }
            : {}),
        },
        finish_reason: choice.finish_reason,
      },
    ],
  }));
  if (completion.usage)
    chunks.push({ ...base, model: completion.model, choices: [], usage: completion.usage });
  return chunks;
}
