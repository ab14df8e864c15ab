/**
 * Ready-to-paste client code for a consumption key: the official OpenAI and Anthropic SDKs and curl,
 * pointed at this exchange. Pure text: the UI shows it and tests check it.
 */

export type SnippetId = 'openai-ts' | 'openai-py' | 'anthropic-ts' | 'anthropic-py' | 'curl';

export interface Snippet {
  id: SnippetId;
  label: string;
  code: string;
}

/**
 * A single-quoted literal, the same in TypeScript, Python and a POSIX shell. Keys, instrument symbols and
 * the API URL never hold a quote or a backslash; anything else is dropped rather than break the snippet.
 */
function quoted(text: string): string {
  return `'${text.replace(/['\\]/g, '')}'`;
}

/** The API origin without a trailing slash ("http://127.0.0.1:7420"). */
export function apiOrigin(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '');
}

/** One snippet per client, calling `model` with `key` at the exchange reachable at `apiUrl`. */
export function buildSnippets(apiUrl: string, key: string, model: string): Snippet[] {
  const origin = apiOrigin(apiUrl);
  const openaiBase = `${origin}/v1`;
  const body = JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Hello' }],
    stream: true,
  });
  return [
    {
      id: 'openai-ts',
      label: 'OpenAI SDK (TypeScript)',
      code: `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: ${quoted(openaiBase)},
  apiKey: ${quoted(key)},
});

const stream = await client.chat.completions.create({
  model: ${quoted(model)},
  messages: [{ role: 'user', content: 'Hello' }],
  stream: true,
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
}`,
    },
    {
      id: 'openai-py',
      label: 'OpenAI SDK (Python)',
      code: `from openai import OpenAI

client = OpenAI(base_url=${quoted(openaiBase)}, api_key=${quoted(key)})

stream = client.chat.completions.create(
    model=${quoted(model)},
    messages=[{"role": "user", "content": "Hello"}],
    stream=True,
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="", flush=True)`,
    },
    {
      id: 'anthropic-ts',
      label: 'Anthropic SDK (TypeScript)',
      code: `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({
  baseURL: ${quoted(origin)},
  apiKey: ${quoted(key)},
});

const message = await client.messages.create({
  model: ${quoted(model)},
  max_tokens: 512,
  messages: [{ role: 'user', content: 'Hello' }],
});
console.log(message.content);`,
    },
    {
      id: 'anthropic-py',
      label: 'Anthropic SDK (Python)',
      code: `from anthropic import Anthropic

client = Anthropic(base_url=${quoted(origin)}, api_key=${quoted(key)})

message = client.messages.create(
    model=${quoted(model)},
    max_tokens=512,
    messages=[{"role": "user", "content": "Hello"}],
)
print(message.content)`,
    },
    {
      id: 'curl',
      label: 'curl',
      code: `curl ${origin}/v1/chat/completions \\
  -H ${quoted(`authorization: Bearer ${key}`)} \\
  -H 'content-type: application/json' \\
  -d ${quoted(body)}`,
    },
  ];
}
