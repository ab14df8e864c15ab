import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatMessage, ChatTool } from './chat';

/**
 * Token counting with a real BPE tokenizer (o200k_base, the GPT-4o/GPT-5 family encoding). Suppliers'
 * models use their own tokenizers, so any count here is an estimate of theirs; it is what Grid Desk
 * bills with when an upstream reports no usage, and what it reserves with before a call.
 *
 * Speed (measured on this machine's 2 cores; tokens.test.ts prints a figure each run): 4.5 MB of JS source
 * (1.08M tokens) in 0.43 s, 4.7 MB of markdown docs (1.33M tokens) in 1.46 s, 1 MB of random
 * identifiers in 0.33 s; that is 3-10 MB/s, i.e. 0.1-0.3 ms per KB. The tokenizer is synchronous, so a
 * several-MB prompt would stall the event loop (and every other stream's timing) for up to ~1.5 s.
 * Hence:
 *   - countTextTokens / estimatePromptTokens: exact, for small inputs and for settling a small call;
 *   - promptTokenBound: O(bytes), never below the exact count (every BPE token covers at least one
 *     byte), for reserving against a huge prompt without tokenizing it;
 *   - reservePromptTokens: exact below a size threshold, the bound above it; the one to use on the hot
 *     path of a call;
 *   - countTextTokensAsync / estimatePromptTokensAsync: the exact count in slices that yield to the
 *     event loop, for a huge prompt whose precise count matters (a context-window check, settlement).
 */

/** Special-token text in a prompt is ordinary text to us: never throw on "<|endoftext|>". */
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() };

/** Priming tokens OpenAI adds to every prompt (`<|im_start|>assistant<|im_sep|>`). */
export const REPLY_PRIMING_TOKENS = 3;
/** Role markers around each message. */
export const PER_MESSAGE_TOKENS = 3;
/** A message's `name` costs one more token. */
export const PER_NAME_TOKENS = 1;
/** OpenAI's cost of a low-detail image, and the most a high-detail one can cost (2048x768, 8 tiles). */
export const LOW_DETAIL_IMAGE_TOKENS = 85;
export const MAX_IMAGE_TOKENS = 1445;
/** Below this many UTF-8 bytes reservePromptTokens tokenizes exactly (~20 ms at worst, a few typically). */
export const EXACT_COUNT_LIMIT_BYTES = 64 * 1024;

export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text, ENCODE_OPTIONS);
}

/** A cheap bound: never below countTextTokens(text). */
export function textTokenBound(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

type Counter = (text: string) => number;

/** Prompt tokens as OpenAI counts them: content, per-message overhead, tool definitions, priming. */
export function estimatePromptTokens(messages: readonly ChatMessage[], tools?: readonly ChatTool[]): number {
  return promptTokens(messages, tools, countTextTokens);
}

/** The same sum with the byte bound per text: an upper bound on estimatePromptTokens, O(bytes). */
export function promptTokenBound(messages: readonly ChatMessage[], tools?: readonly ChatTool[]): number {
  return promptTokens(messages, tools, textTokenBound);
}

/**
 * What to reserve for a prompt before the call starts: exact when the prompt is small, the byte bound
 * when tokenizing it would block the event loop. `exact` says which one it is.
 */
export function reservePromptTokens(
  messages: readonly ChatMessage[],
  tools?: readonly ChatTool[],
  exactLimitBytes = EXACT_COUNT_LIMIT_BYTES,
): { tokens: number; exact: boolean } {
  const bound = promptTokenBound(messages, tools);
  // The bound is at least the prompt's byte size, so it also tells whether tokenizing is cheap.
  if (bound > exactLimitBytes) return { tokens: bound, exact: false };
  return { tokens: estimatePromptTokens(messages, tools), exact: true };
}

/**
 * countTextTokens for big texts without blocking: tokenizes slices of about `sliceChars` split at a
 * single space between two words, where o200k's pre-tokenizer splits anyway, so the sum matches the
 * whole-text count (up to rare boundary effects), yielding to the event loop between slices.
 */
export async function countTextTokensAsync(text: string, sliceChars = 64 * 1024): Promise<number> {
  let total = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + sliceChars);
    if (end < text.length) {
      const split = wordBoundaryBefore(text, end, start);
      if (split > start) end = split;
    }
    total += countTextTokens(text.slice(start, end));
    start = end;
    if (start < text.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return total;
}

/** The last index i in (from, limit] where text[i] is a lone space between non-spaces, or -1. */
function wordBoundaryBefore(text: string, limit: number, from: number): number {
  for (let i = limit; i > from + 1; i--) {
    if (text.charCodeAt(i) === 32 && !isSpace(text.charCodeAt(i - 1)) && !isSpace(text.charCodeAt(i + 1))) {
      return i;
    }
  }
  return -1;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || Number.isNaN(code);
}

/** A prompt as the texts to tokenize plus the tokens that need no tokenizing (overheads, images). */
interface PromptTexts {
  texts: string[];
  fixed: number;
}

function promptTokens(
  messages: readonly ChatMessage[],
  tools: readonly ChatTool[] | undefined,
  count: Counter,
): number {
  const { texts, fixed } = promptTexts(messages, tools);
  let total = fixed;
  for (const text of texts) total += count(text);
  return total;
}

/** estimatePromptTokens without blocking the event loop on a huge prompt. */
export async function estimatePromptTokensAsync(
  messages: readonly ChatMessage[],
  tools?: readonly ChatTool[],
): Promise<number> {
  const { texts, fixed } = promptTexts(messages, tools);
  let total = fixed;
  for (const text of texts) {
    total += text.length > EXACT_COUNT_LIMIT_BYTES ? await countTextTokensAsync(text) : countTextTokens(text);
  }
  return total;
}

function promptTexts(messages: readonly ChatMessage[], tools: readonly ChatTool[] | undefined): PromptTexts {
  const texts: string[] = [];
  let fixed = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    fixed += PER_MESSAGE_TOKENS;
    texts.push(message.role);
    if ('name' in message && typeof message.name === 'string') {
      fixed += PER_NAME_TOKENS;
      texts.push(message.name);
    }
    fixed += contentTexts(message.content, texts);
    if (message.role === 'assistant') {
      if (message.refusal) texts.push(message.refusal);
      for (const call of message.tool_calls ?? []) {
        fixed += PER_MESSAGE_TOKENS;
        texts.push(call.function.name, call.function.arguments);
      }
    }
    if (message.role === 'tool') texts.push(message.tool_call_id);
  }
  // Tools reach the model as a rendered schema; their JSON is a slight over-estimate of it.
  if (tools && tools.length > 0) texts.push(JSON.stringify(tools));
  return { texts, fixed };
}

/** Pushes the content's texts; returns the tokens of its non-text parts. */
function contentTexts(content: ChatMessage['content'], texts: string[]): number {
  if (content == null) return 0;
  if (typeof content === 'string') {
    texts.push(content);
    return 0;
  }
  let fixed = 0;
  for (const part of content) {
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        break;
      case 'refusal':
        texts.push(part.refusal);
        break;
      case 'image_url':
        fixed += part.image_url.detail === 'low' ? LOW_DETAIL_IMAGE_TOKENS : MAX_IMAGE_TOKENS;
        break;
      default:
        // Audio and files: a model's cost for them is not knowable here; a quarter of their JSON size is
        // generous for compressed media, without tokenizing base64.
        fixed += Math.ceil(JSON.stringify(part).length / 4);
    }
  }
  return fixed;
}
