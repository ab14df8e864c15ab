import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONSUMPTION_BODY_LIMIT } from '../../src-main/api/consumption/consumption-http';
import { STREAM_PATHS } from '../../src-main/api/streams';
import { consumerWithUnits, instrumentBySymbol } from '../helpers/consumption';
import { startTestExchange } from '../helpers/exchange-node';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

let consumer: Promise<{ key: string }> | undefined;
/** A consumer's consumption key (made once). */
const anyKey = () =>
  (consumer ??= consumerWithUnits(
    exchange.node.ops,
    instrumentBySymbol(exchange.node.ops, 'text-prime'),
    0,
    'Nested',
  ));

/** Opens a WebSocket by hand, sends raw bytes after the handshake, and waits for the server to hang up. */
function sendRaw(path: string, frame: Buffer): Promise<void> {
  const { port } = new URL(exchange.node.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('data', () => socket.write(frame));
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), 2_000);
  });
}

const BAD_FRAMES: [string, Buffer][] = [
  ['an unmasked frame', Buffer.from([0x81, 0x02, 0x68, 0x69])],
  ['a reserved opcode', Buffer.from([0x83, 0x80, 0, 0, 0, 0])],
  ['an RSV bit', Buffer.from([0xc1, 0x80, 0, 0, 0, 0])],
  ['invalid UTF-8 text', Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28])],
  [
    'an oversized length',
    Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
  ],
];

it.each(BAD_FRAMES)('survives %s on every socket endpoint', async (_name, frame) => {
  const token = exchange.node.service.operatorToken.value;
  const ui = [`/v1/ui?token=${token}`, '/v1/ui?token=wrong'];
  for (const path of [...ui, ...STREAM_PATHS]) await sendRaw(path, frame);
  const health = await fetch(`${exchange.node.url}/health`);
  expect(health.status).toBe(200);
});

it('refuses an oversized unsigned body with 413 before reading it, and keeps answering', async () => {
  const big = 'x'.repeat(4 * 1024 * 1024);
  const response = await fetch(`${exchange.node.url}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: big,
  });
  expect(response.status).toBe(413);
  expect(((await response.json()) as any).errors.detail).toMatch(/larger than/);
  expect((await fetch(`${exchange.node.url}/health`)).status).toBe(200);
});

/** Sends a request head by hand (the body, if any, is up to `feed`) and resolves with the answer's status line and body. */
function rawRequest(
  head: string,
  feed: (socket: Socket) => void = () => undefined,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(exchange.node.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(head);
      feed(socket);
    });
    socket.on('data', (chunk) => (answer += chunk));
    const done = () => {
      const [status, body = ''] = answer.split('\r\n\r\n');
      if (!status) return reject(new Error('no answer'));
      resolve({ status: Number(status.split(' ')[1]), body });
    };
    socket.on('close', done);
    socket.on('error', () => undefined);
  });
}

describe('the Consumption API reads no body it will refuse', () => {
  let key: string;
  beforeAll(async () => (key = (await anyKey()).key));

  it('refuses an unknown key from the headers alone (the body never arrives)', async () => {
    const answer = await rawRequest(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-wrong\r\n' +
        'Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n',
    );
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error).toMatchObject({ type: 'authentication_error' });
  });

  it('refuses a declared length past the limit before reading, and an Anthropic call in its envelope', async () => {
    const answer = await rawRequest(
      `POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${CONSUMPTION_BODY_LIMIT + 1}\r\n\r\n`,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/larger than/) },
    });
  });

  it('cuts a chunked body off at the limit with 413 in the OpenAI envelope', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const answer = await rawRequest(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      (socket) => {
        // Keep sending until the exchange answers and hangs up (it must stop reading at the limit).
        const more = () => {
          while (!socket.destroyed && socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`));
        };
        socket.on('drain', more);
        socket.on('error', () => socket.destroy());
        more();
      },
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({
      type: 'invalid_request_error',
      message: `the body is larger than ${CONSUMPTION_BODY_LIMIT} bytes`,
    });
    expect((await fetch(`${exchange.node.url}/health`)).status).toBe(200);
  });
});

describe('the Trading and admin APIs', () => {
  it('cut a chunked body without content-length off at the limit with 413', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const answer = await rawRequest(
      'POST /v1/admin/participants HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Authorization: Bearer ${exchange.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      (socket) => {
        const more = () => {
          while (!socket.destroyed && socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`));
        };
        socket.on('drain', more);
        socket.on('error', () => socket.destroy());
        more();
      },
    );
    expect(answer.status).toBe(413);
  });
});

describe('deeply nested JSON', () => {
  const nested = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
  const deep = `{"name":${nested},"role":"consumer"}`;

  it('gets 400 from the admin API (and the Trading API, which reads bodies the same way), not 500', async () => {
    const admin = await exchange.api('/v1/admin/participants', { body: deep });
    expect(admin.status).toBe(400);
    expect(((await admin.json()) as any).errors.detail).toMatch(/nested deeper than/);
  });

  it('gets 400 from the Consumption API and the UI bridge', async () => {
    const consumption = await fetch(`${exchange.node.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await anyKey()).key}`, 'content-type': 'application/json' },
      body: deep,
    });
    expect(consumption.status).toBe(400);
    // The text as sent: the test's own JSON.stringify could not write this nesting either.
    const reply = await new Promise<any>((resolve, reject) => {
      const socket = new WebSocket(
        `${exchange.node.url.replace('http', 'ws')}/v1/ui?token=${exchange.token}`,
      );
      socket.once('open', () => socket.send(`{"id":1,"name":${nested},"args":{}}`));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (!('ok' in message)) return; // a pushed event
        resolve(message);
        socket.close();
      });
      socket.once('close', () => reject(new Error('the UI socket closed without a reply')));
      socket.once('error', reject);
    });
    expect(reply).toMatchObject({ ok: false, error: { status: 400 } });
    expect((await fetch(`${exchange.node.url}/health`)).status).toBe(200);
  });
});

describe('a client that goes away mid-body', () => {
  it('is logged in one line, without a stack', async () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    try {
      for (const head of [
        `POST /v1/admin/participants HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${exchange.token}\r\n`,
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${(await anyKey()).key}\r\n`,
      ]) {
        await rawRequest(
          `${head}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":`,
          (socket) => setImmediate(() => socket.destroy()),
        ).catch(() => undefined);
      }
      await vi.waitFor(() =>
        expect(warnings.mock.calls.length + errors.mock.calls.length).toBeGreaterThanOrEqual(2),
      );
      const logged = [...errors.mock.calls, ...warnings.mock.calls];
      for (const call of logged) {
        expect(call.some((part) => part instanceof Error)).toBe(false);
        expect(call.join(' ')).not.toMatch(/\n\s+at /);
      }
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });
});
