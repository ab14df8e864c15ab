import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src-main/delivery/chat';
import {
  countTextTokens,
  countTextTokensAsync,
  estimatePromptTokens,
  estimatePromptTokensAsync,
  promptTokenBound,
  reservePromptTokens,
  textTokenBound,
} from '../../../src-main/delivery/tokens';

/** English-like text of about `bytes` bytes, with a varied vocabulary so the merge cache does not make it trivial. */
function prose(bytes: number): string {
  const words = (
    'the market routes each call to a supplier whose model clears the floor of quality and latency while ' +
    'buyers hold units in lots that expire after four hours so tokens left unused are lost and the exchange ' +
    'measures every stream for time to first token and throughput before it bills anything at all'
  ).split(' ');
  const parts: string[] = [];
  let size = 0;
  let x = 7;
  while (size < bytes) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const word = words[x % words.length]! + (x % 11 === 0 ? `${x % 1000}` : '');
    parts.push(word);
    size += word.length + 1;
    if (x % 17 === 0) parts.push('.\n');
  }
  return parts.join(' ');
}

describe('token counting', () => {
  it('counts with the o200k encoding', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('Hello world')).toBe(2);
    // Special-token text is ordinary text, not an error.
    expect(countTextTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('bounds never fall below the exact count', () => {
    for (const text of ['Hello world', 'ünïcödé 漢字 🙂', 'a1b2c3d4e5f6 x9y8z7 QWERTY', prose(5000)]) {
      expect(textTokenBound(text)).toBeGreaterThanOrEqual(countTextTokens(text));
    }
  });

  it('estimates a prompt with per-message overhead, names, tool calls and tools', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is the weather in Oslo?', name: 'ann' },
    ];
    const plain = estimatePromptTokens(messages);
    const texts = countTextTokens('Be brief.') + countTextTokens('What is the weather in Oslo?');
    // 3 per message, the roles, 1 + the name, 3 for the reply priming.
    expect(plain).toBe(
      texts + 2 * 3 + countTextTokens('system') + countTextTokens('user') + 1 + countTextTokens('ann') + 3,
    );
    const tools = [
      { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object' } } },
    ];
    expect(estimatePromptTokens(messages, tools)).toBe(plain + countTextTokens(JSON.stringify(tools)));
    expect(promptTokenBound(messages, tools)).toBeGreaterThanOrEqual(estimatePromptTokens(messages, tools));
    const image: ChatMessage[] = [
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }],
      },
    ];
    expect(estimatePromptTokens(image)).toBe(3 + 3 + countTextTokens('user') + 85);
  });

  it('reserves exactly for small prompts and with the bound for big ones', () => {
    const small: ChatMessage[] = [{ role: 'user', content: 'hi there' }];
    expect(reservePromptTokens(small)).toEqual({ tokens: estimatePromptTokens(small), exact: true });
    const huge: ChatMessage[] = [{ role: 'user', content: prose(100_000) }];
    const reserved = reservePromptTokens(huge);
    expect(reserved.exact).toBe(false);
    expect(reserved.tokens).toBeGreaterThanOrEqual(estimatePromptTokens(huge));
  });

  it('counts in slices to the same total as one pass', async () => {
    const text = prose(400_000);
    expect(await countTextTokensAsync(text, 10_000)).toBe(countTextTokens(text));
    const messages: ChatMessage[] = [{ role: 'user', content: text }];
    expect(await estimatePromptTokensAsync(messages)).toBe(estimatePromptTokens(messages));
  });

  it('measures: a ~1M-token prompt of several MB', async () => {
    const text = prose(4_500_000);
    const bytes = Buffer.byteLength(text);
    countTextTokens('warm up');
    let t = performance.now();
    const tokens = countTextTokens(text);
    const exactMs = performance.now() - t;
    t = performance.now();
    const bound = textTokenBound(text);
    const boundMs = performance.now() - t;
    t = performance.now();
    const sliced = await countTextTokensAsync(text);
    const slicedMs = performance.now() - t;
    // Random identifiers: the worst case for BPE merges.
    let junk = '';
    let x = 1;
    while (junk.length < 1_000_000) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      junk += `${x.toString(36)} `;
    }
    t = performance.now();
    const junkTokens = countTextTokens(junk);
    const junkMs = performance.now() - t;
    console.log(
      `tokenizer: ${(bytes / 1e6).toFixed(1)} MB prose = ${tokens} tokens in ${exactMs.toFixed(0)} ms ` +
        `(${(bytes / 1e3 / exactMs).toFixed(1)} MB/s), sliced async ${slicedMs.toFixed(0)} ms; ` +
        `byte bound ${bound} in ${boundMs.toFixed(2)} ms; ` +
        `1 MB random identifiers = ${junkTokens} tokens in ${junkMs.toFixed(0)} ms`,
    );
    expect(sliced).toBe(tokens);
    expect(tokens).toBeGreaterThan(700_000);
    expect(bound).toBeGreaterThanOrEqual(tokens);
    expect(boundMs).toBeLessThan(50);
  });
});
