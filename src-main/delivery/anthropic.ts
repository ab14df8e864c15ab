import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatMessage,
  ChatRequest,
  ChatUsage,
  FinishReason,
} from './chat';
import { DeliveryError } from './endpoint';
import { sseEventJson } from './sse';
import { MALFORMED, rejectionFrom, type RequestRejection } from './validation';

/**
 * The Anthropic Messages surface (beta), translated to and from the chat format every supplier speaks:
 * the request schema, request -> ChatRequest, chat.completion -> message, and a streaming translator
 * from chat.completion.chunk to the Messages event sequence the official SDK's stream parser expects
 * (message_start, content_block_start / _delta / _stop per block, message_delta, message_stop).
 */

// ---------------------------------------------------------------------------------------------------
// Request

const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('base64'),
      media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      data: z.string(),
    }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
  ]),
});
const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
});
// Thinking blocks come back from clients replaying a conversation; the chat format has no place for them.
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

const anthropicMessage = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(contentBlock)]) }),
  z.looseObject({ role: z.literal('assistant'), content: z.union([z.string(), z.array(contentBlock)]) }),
]);

const anthropicTool = z.looseObject({
  type: z.literal('custom').optional(),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
});

const parallel = { disable_parallel_tool_use: z.boolean().optional() };
const anthropicToolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), ...parallel }),
  z.looseObject({ type: z.literal('any'), ...parallel }),
  z.looseObject({ type: z.literal('tool'), name: z.string(), ...parallel }),
  z.looseObject({ type: z.literal('none') }),
]);

export const anthropicRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    max_tokens: z.int().min(1),
    messages: z.array(anthropicMessage).min(1),
    system: z.union([z.string(), z.array(textBlock)]).optional(),
    stop_sequences: z.array(z.string()).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.int().min(0).optional(),
    tools: z.array(anthropicTool).optional(),
    tool_choice: anthropicToolChoice.optional(),
    stream: z.boolean().optional(),
    metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  })
  .superRefine((req, ctx) => {
    const choice = req.tool_choice;
    if (!choice || choice.type === 'auto' || choice.type === 'none') return;
    const names = new Set((req.tools ?? []).map((t) => t.name));
    if (names.size === 0) {
      ctx.addIssue({ code: 'custom', path: ['tool_choice'], message: 'tool_choice needs tools' });
    } else if (choice.type === 'tool' && !names.has(choice.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tool_choice', 'name'],
        message: `no tool named ${choice.name}`,
      });
    }
  })
  .superRefine((req, ctx) => {
    // The chat format needs every tool result to answer a tool call made earlier in the conversation.
    const calls = new Set<string>();
    req.messages.forEach((message, m) => {
      if (typeof message.content === 'string') return;
      message.content.forEach((block, b) => {
        if (block.type === 'tool_use') calls.add(block.id);
        if (block.type === 'tool_result' && !calls.has(block.tool_use_id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['messages', m, 'content', b, 'tool_use_id'],
            message: `no tool_use block with id ${block.tool_use_id} precedes this tool_result`,
            params: MALFORMED,
          });
        }
      });
    });
  });

export type AnthropicRequest = z.output<typeof anthropicRequestSchema>;
export type ParsedAnthropicRequest = { ok: true; request: AnthropicRequest } | RequestRejection;

export function parseAnthropicRequest(body: unknown): ParsedAnthropicRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, detail: 'the body must be a JSON object' };
  }
  const parsed = anthropicRequestSchema.safeParse(body, { reportInput: true });
  return parsed.success ? { ok: true, request: parsed.data } : rejectionFrom(parsed.error);
}

type ContentBlock = z.output<typeof contentBlock>;
type UserPart = Exclude<Extract<ChatMessage, { role: 'user' }>['content'], string>[number];

/** The Messages request as a chat request for the supplier (always asking for usage when streaming). */
export function anthropicToChat(request: AnthropicRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined) {
    const system =
      typeof request.system === 'string' ? request.system : request.system.map((b) => b.text).join('\n');
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      messages.push({ role: message.role, content: message.content });
    } else if (message.role === 'assistant') {
      messages.push(assistantMessage(message.content));
    } else {
      messages.push(...userMessages(message.content));
    }
  }

  const chat: ChatRequest = { model: request.model, messages, max_tokens: request.max_tokens };
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  // Not an OpenAI field, but vLLM, llama.cpp and Ollama honour it; others ignore unknown fields.
  if (request.top_k !== undefined) chat['top_k'] = request.top_k;
  if (request.stop_sequences && request.stop_sequences.length > 0) chat.stop = request.stop_sequences;
  if (request.tools && request.tools.length > 0) {
    chat.tools = request.tools.map((tool) => ({
      type: 'function' as const,
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.input_schema,
      },
    }));
  }
  const choice = request.tool_choice;
  if (choice) {
    chat.tool_choice =
      choice.type === 'auto'
        ? 'auto'
        : choice.type === 'any'
          ? 'required'
          : choice.type === 'none'
            ? 'none'
            : { type: 'function', function: { name: choice.name } };
    if ('disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use)
      chat.parallel_tool_calls = false;
  }
  if (request.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  if (request.metadata?.user_id) chat.user = request.metadata.user_id;
  return chat;
}

function assistantMessage(blocks: ContentBlock[]): ChatMessage {
  let text = '';
  const toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> =
    [];
  for (const block of blocks) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
  }
  return {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
}

/** A user turn: its tool results become tool messages (which must follow the assistant's calls), then the rest. */
function userMessages(blocks: ContentBlock[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: UserPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      const content =
        block.content === undefined
          ? ''
          : typeof block.content === 'string'
            ? block.content
            : block.content.map((b) => (b.type === 'text' ? b.text : '[image]')).join('\n');
      out.push({
        role: 'tool',
        tool_call_id: block.tool_use_id,
        content: block.is_error ? `Error: ${content}` : content,
      });
    } else if (block.type === 'text') {
      parts.push({ type: 'text', text: block.text });
    } else if (block.type === 'image') {
      const url =
        block.source.type === 'base64'
          ? `data:${block.source.media_type};base64,${block.source.data}`
          : block.source.url;
      parts.push({ type: 'image_url', image_url: { url } });
    }
  }
  if (parts.length > 0) {
    const onlyText = parts.every((p) => p.type === 'text');
    out.push({
      role: 'user',
      content: onlyText ? parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n') : parts,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Response

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: { input_tokens: number; output_tokens: number };
}

export function anthropicStopReason(finish: FinishReason | null | undefined): AnthropicStopReason {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      // The chat format says 'stop' for a stop sequence too, without saying which: end_turn it is.
      return 'end_turn';
  }
}

export function newMessageId(): string {
  return `msg_${randomUUID().replace(/-/g, '')}`;
}

function newToolUseId(): string {
  return `toolu_${randomUUID().replace(/-/g, '')}`;
}

/**
 * A chat.completion as an Anthropic message. `usage` defaults to the completion's; pass the tokenizer's
 * count when the upstream gave none. Tool arguments that are not a JSON object make the answer a bad
 * response, unless the output was cut by max_tokens (then the input is left empty, as it was never finished).
 */
export function chatToAnthropic(
  completion: ChatCompletion,
  model: string,
  usage: ChatUsage | undefined = completion.usage,
): AnthropicMessage {
  const choice = completion.choices[0];
  const content: AnthropicContentBlock[] = [];
  const text = `${choice?.message.content ?? ''}${choice?.message.refusal ?? ''}`;
  if (text !== '') content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id || newToolUseId(),
      name: call.function.name,
      input: toolInput(call.function.arguments, choice?.finish_reason === 'length'),
    });
  }
  return {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: anthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: { input_tokens: usage?.prompt_tokens ?? 0, output_tokens: usage?.completion_tokens ?? 0 },
  };
}

function toolInput(args: string, truncated: boolean): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const value = JSON.parse(args) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Falls through.
  }
  if (truncated) return {};
  throw new DeliveryError(
    'bad_response',
    `the model's tool arguments are not a JSON object: ${args.slice(0, 200)}`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Streaming

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | {
      type: 'content_block_delta';
      index: number;
      delta: { type: 'text_delta'; text: string } | { type: 'input_json_delta'; partial_json: string };
    }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason; stop_sequence: string | null };
      usage: { input_tokens?: number; output_tokens: number };
    }
  | { type: 'message_stop' };

/**
 * Feeds on an endpoint's chunks and produces the Messages stream. message_start goes out with the
 * first chunk (so a failure before the first token can still be answered with an HTTP error), text and
 * tool calls open blocks in order, and finish() closes the message with the stop reason and usage.
 * `inputTokens` is the prompt estimate for message_start; the final usage corrects it in message_delta.
 */
export class AnthropicStreamTranslator {
  private started = false;
  private ended = false;
  private nextBlock = 0;
  private open: { index: number; kind: 'text' | 'tool' } | undefined;
  private readonly toolBlocks = new Map<number, number>();
  private stopReason: AnthropicStopReason | undefined;
  private usage: ChatUsage | undefined;
  readonly messageId: string;

  constructor(private readonly options: { model: string; inputTokens: number; messageId?: string }) {
    this.messageId = options.messageId ?? newMessageId();
  }

  push(chunk: ChatCompletionChunk): AnthropicStreamEvent[] {
    const events: AnthropicStreamEvent[] = [];
    this.start(events);
    if (chunk.usage) this.usage = chunk.usage;
    // Anthropic has one answer per message; n is always 1 here.
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return events;
    const delta = choice.delta;
    const text = `${delta.content ?? ''}${delta.refusal ?? ''}`;
    if (text !== '') {
      if (this.open?.kind !== 'text') {
        this.close(events);
        this.open = { index: this.nextBlock++, kind: 'text' };
        events.push({
          type: 'content_block_start',
          index: this.open.index,
          content_block: { type: 'text', text: '' },
        });
      }
      events.push({
        type: 'content_block_delta',
        index: this.open.index,
        delta: { type: 'text_delta', text },
      });
    }
    for (const call of delta.tool_calls ?? []) {
      let index = this.toolBlocks.get(call.index);
      if (index === undefined) {
        this.close(events);
        index = this.nextBlock++;
        this.toolBlocks.set(call.index, index);
        this.open = { index, kind: 'tool' };
        events.push({
          type: 'content_block_start',
          index,
          content_block: {
            type: 'tool_use',
            id: call.id || newToolUseId(),
            name: call.function?.name ?? '',
            input: {},
          },
        });
      }
      const json = call.function?.arguments;
      if (json)
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: json },
        });
    }
    if (choice.finish_reason) {
      this.stopReason = anthropicStopReason(choice.finish_reason);
      this.close(events);
    }
    return events;
  }

  /** Ends the message. `usage` overrides the upstream's (e.g. the tokenizer's count when it gave none). */
  finish(usage: ChatUsage | undefined = this.usage): AnthropicStreamEvent[] {
    const events: AnthropicStreamEvent[] = [];
    if (this.ended) return events;
    this.start(events);
    this.close(events);
    this.ended = true;
    events.push({
      type: 'message_delta',
      delta: { stop_reason: this.stopReason ?? 'end_turn', stop_sequence: null },
      usage: {
        ...(usage ? { input_tokens: usage.prompt_tokens } : {}),
        output_tokens: usage?.completion_tokens ?? 0,
      },
    });
    events.push({ type: 'message_stop' });
    return events;
  }

  /** push() as SSE frames, ready to write. */
  pushSSE(chunk: ChatCompletionChunk): string {
    return toAnthropicSSE(this.push(chunk));
  }

  finishSSE(usage?: ChatUsage): string {
    return toAnthropicSSE(this.finish(usage));
  }

  private start(events: AnthropicStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({
      type: 'message_start',
      message: {
        id: this.messageId,
        type: 'message',
        role: 'assistant',
        model: this.options.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: this.options.inputTokens, output_tokens: 0 },
      },
    });
  }

  private close(events: AnthropicStreamEvent[]): void {
    if (!this.open) return;
    events.push({ type: 'content_block_stop', index: this.open.index });
    this.open = undefined;
  }
}

/** Anthropic names every event: `event: <type>\ndata: <json>\n\n`. */
export function toAnthropicSSE(events: readonly AnthropicStreamEvent[]): string {
  let out = '';
  for (const event of events) out += sseEventJson(event.type, event);
  return out;
}

/** The `error` event Anthropic sends when a stream fails after it started. */
export function anthropicErrorSSE(type: string, message: string): string {
  return sseEventJson('error', { type: 'error', error: { type, message } });
}
