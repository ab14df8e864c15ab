// The streams' send queues on stand-in sockets, on a clock the sockets advance: a fan-out to many
// sockets is written in slices, letting the event loop (the writer thread's commit reports, requests)
// run between them, and every socket still gets its frames whole and in order.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { Duplex } from 'node:stream';
import { SendQueues } from '../../src-main/api/streams/send-queue';

let clock = 0;
afterEach(() => vi.restoreAllMocks());

/** A socket whose every write takes 1 ms of the (stand-in) clock, as a write of a large delta may. */
function fakeSocket(written: Buffer[][], index: number) {
  written[index] = [];
  const socket = {
    writableNeedDrain: false,
    write(buffer: Buffer) {
      clock += 1;
      written[index]!.push(buffer);
      return true;
    },
    once: () => socket,
  };
  const ws = { readyState: WebSocket.OPEN, bufferedAmount: 0, close() {}, terminate() {} };
  return { ws: ws as unknown as WebSocket, socket: socket as unknown as Duplex };
}

/** The text frames in one write (unmasked, short: a 1-byte length). */
function texts(buffer: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at < buffer.length;) {
    const length = buffer[at + 1]!;
    out.push(buffer.toString('utf8', at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

describe('send queues', () => {
  it('write a fan-out to many sockets in slices, yielding to the event loop between them', async () => {
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const queues = new SendQueues({ maxQueuedBytes: 1 << 20, maxTotalQueuedBytes: 1 << 26 }, () => {});
    const written: Buffer[][] = [];
    const outboxes = Array.from({ length: 200 }, (_, i) => {
      const { ws, socket } = fakeSocket(written, i);
      return queues.open(ws, socket);
    });
    for (const outbox of outboxes) queues.push(outbox, '{"delta":1}');
    await Promise.resolve(); // the flush starts once the fan-out has queued everything
    const count = () => written.filter((writes) => writes.length > 0).length;
    const firstSlice = count();
    expect(firstSlice).toBeGreaterThan(0);
    expect(firstSlice).toBeLessThan(200);
    // Another frame for a socket not written yet joins its first one, in order, in the same write.
    const last = outboxes[199]!;
    queues.push(last, '{"delta":2}');
    // The event loop ran (this callback) while the fan-out was still under way.
    await new Promise((resolve) => setImmediate(resolve));
    expect(count()).toBeLessThan(200);
    await vi.waitFor(() => expect(count()).toBe(200));
    expect(written.slice(0, 199).map((writes) => writes.flatMap(texts))).toEqual(
      Array.from({ length: 199 }, () => ['{"delta":1}']),
    );
    expect(written[199]!.flatMap(texts)).toEqual(['{"delta":1}', '{"delta":2}']);
    expect(queues.queuedBytes).toBe(0);
  });
});
