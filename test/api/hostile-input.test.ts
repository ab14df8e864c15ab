import { STREAM_PATHS } from '../../src-main/api/streams';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestExchange } from '../helpers/exchange-node';

let exchange: Awaited<ReturnType<typeof startTestExchange>>;
beforeAll(async () => (exchange = await startTestExchange()));
afterAll(() => exchange.stop());

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
