import { startExchangeNode, type ExchangeNode, type ExchangeNodeOptions } from '../../src-main/server';
import { tempDir } from './temp-dir';

/** An exchange on a free loopback port with its own data folder; `stop` closes it and removes the data. */
export async function startTestExchange(options: Partial<ExchangeNodeOptions> = {}): Promise<{
  node: ExchangeNode;
  token: string;
  api: (path: string, init?: { method?: string; body?: unknown; token?: string | null }) => Promise<Response>;
  stop: () => Promise<void>;
}> {
  const dir = tempDir();
  const node = await startExchangeNode({ dataDir: dir.path, port: 0, ...options });
  const token = node.service.operatorToken.value;
  const api = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) => {
    const bearer = init.token === undefined ? token : init.token;
    return fetch(`${node.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        'content-type': 'application/json',
        ...(bearer !== null && { authorization: `Bearer ${bearer}` }),
      },
      ...(init.body !== undefined && {
        body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      }),
    });
  };
  return {
    node,
    token,
    api,
    stop: async () => {
      await node.close();
      dir.remove();
    },
  };
}
