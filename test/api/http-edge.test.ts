import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchangeNode } from '../../src-main/server';
import { startTestExchange } from '../helpers/exchange-node';
import { tempDir } from '../helpers/temp-dir';
import { selfSignedCert } from '../helpers/tls-cert';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

/** A GET with a chosen Host header (fetch does not let one set it): status and body. */
function getWithHost(url: string, host: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(url, { headers: { host, ...headers } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The first line the server answers to a WebSocket upgrade sent with this Host. */
function upgradeWithHost(path: string, host: string): Promise<string> {
  const { port } = new URL(exchange.node.url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
    );
    socket.on('data', (chunk) => {
      answer += chunk;
      socket.destroy();
      resolve(answer.split('\r\n', 1)[0]!);
    });
    socket.on('error', () => resolve(answer));
  });
}

describe('the Host check', () => {
  it('answers the loopback names, with or without the port', async () => {
    const { port } = new URL(exchange.node.url);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost'])
      expect((await getWithHost(`${exchange.node.url}/v1/markets`, host)).status).toBe(200);
  });

  it('refuses another name (a DNS-rebinding page) with 421 on every API, the UI socket and the streams', async () => {
    const { port } = new URL(exchange.node.url);
    for (const path of ['/health', '/v1/markets', '/v1/admin/participants', '/v1/models']) {
      const answer = await getWithHost(`${exchange.node.url}${path}`, `rebind.example:${port}`, {
        authorization: `Bearer ${exchange.token}`,
      });
      expect(answer.status).toBe(421);
      expect(JSON.parse(answer.body).errors.detail).toMatch(
        /does not answer to the host name rebind\.example/,
      );
    }
    const token = exchange.node.service.operatorToken.value;
    for (const path of [`/v1/ui?token=${token}`, '/v1/ws'])
      expect(await upgradeWithHost(path, `rebind.example:${port}`)).toBe('HTTP/1.1 421 Misdirected Request');
    expect(await upgradeWithHost('/v1/ws', `127.0.0.1:${port}`)).toBe('HTTP/1.1 101 Switching Protocols');
  });

  it('answers the names given in allowedHosts', async () => {
    const dir = tempDir();
    const node = await startExchangeNode({ dataDir: dir.path, port: 0, allowedHosts: ['desk.example'] });
    try {
      expect((await getWithHost(`${node.url}/health`, 'desk.example:443')).status).toBe(200);
      expect((await getWithHost(`${node.url}/health`, 'other.example')).status).toBe(421);
    } finally {
      await node.close();
      dir.remove();
    }
  });
});

describe('/health', () => {
  it('shows the database path to the operator only', async () => {
    const anyone = (await (await fetch(`${exchange.node.url}/health`)).json()) as Record<string, unknown>;
    expect(anyone).toEqual({ status: 'ok', version: expect.any(String) });
    expect(JSON.stringify(anyone)).not.toContain(exchange.node.service.databasePath);
    const wrong = await fetch(`${exchange.node.url}/health`, { headers: { authorization: 'Bearer nope' } });
    expect(await wrong.json()).not.toHaveProperty('database');
    const operator = await fetch(`${exchange.node.url}/health`, {
      headers: { authorization: `Bearer ${exchange.token}` },
    });
    expect(await operator.json()).toMatchObject({ database: exchange.node.service.databasePath });
  });
});

describe('binding and TLS', () => {
  it('refuses to serve plain HTTP on an address other machines can reach, unless told', async () => {
    const dir = tempDir();
    try {
      await expect(startExchangeNode({ dataDir: dir.path, host: '0.0.0.0', port: 0 })).rejects.toThrow(
        /refusing to serve plain HTTP on 0\.0\.0\.0.*--tls-cert FILE --tls-key FILE.*--insecure-bind/,
      );
      const node = await startExchangeNode({
        dataDir: dir.path,
        host: '0.0.0.0',
        port: 0,
        insecureBind: true,
      });
      await node.close();
    } finally {
      dir.remove();
    }
  });

  it('serves HTTPS and WSS with a certificate and key, also on a reachable address', async (context) => {
    const dir = tempDir();
    const cert = selfSignedCert(dir.path);
    if (!cert) {
      dir.remove();
      context.skip('openssl is not installed: cannot make a test certificate');
      return;
    }
    const node = await startExchangeNode({
      dataDir: dir.path,
      host: '0.0.0.0',
      port: 0,
      tls: { cert: cert.cert, key: cert.key },
    });
    try {
      const port = new URL(node.url).port;
      expect(node.url).toMatch(/^https:/);
      const health = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(`https://localhost:${port}/health`, { ca: cert.cert }, (response) => {
          response.resume();
          resolve(response.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
      expect(health).toBe(200);
      const reply = await new Promise<unknown>((resolve, reject) => {
        const socket = new WebSocket(`wss://localhost:${port}/v1/ws`, { ca: cert.cert });
        socket.once('open', () => socket.send(JSON.stringify({ op: 'ping' })));
        socket.once('message', (data) => {
          resolve(JSON.parse(String(data)));
          socket.close();
        });
        socket.once('error', reject);
      });
      expect(reply).toMatchObject({ type: 'pong' });
      // Plain HTTP on the TLS port gets nothing served.
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      await node.close();
      dir.remove();
    }
  });
});
