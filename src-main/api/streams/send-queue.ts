import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/** The close code for a client dropped for being too slow (policy violation). */
export const SLOW_CLIENT_CLOSE_CODE = 1008;
/** How long a dropped or shut-down client gets to take its close frame before it is cut off. */
export const CLOSE_GRACE_MS = 1000;

/** The pause after a flush, in multiples of its duration: flushing takes at most 1 / (1 + 8) of the time. */
const FLUSH_PAUSE = 8;
/** Flushes to fewer sockets than this are never delayed (their cost is small; latency matters more). */
const FLUSH_PAUSE_FROM_SOCKETS = 64;
/** The longest pause, so a flush slowed by the machine's other load cannot hold frames back for long. */
const MAX_FLUSH_PAUSE_MS = 100;
/** The longest a flush writes before it lets the event loop run (commit reports, requests) again. */
const FLUSH_SLICE_MS = 2;
/** Sockets written between looks at the clock. */
const SLICE_CHECK_EVERY = 16;

export interface SendLimits {
  /** Unsent data one socket may hold (queued here and in its socket) before it is dropped. */
  maxQueuedBytes: number;
  /** Unsent data all sockets together may hold; past it the one holding most is dropped. */
  maxTotalQueuedBytes: number;
}

/** One socket's frames that were not handed to its socket yet. */
export interface Outbox {
  readonly ws: WebSocket;
  readonly socket: Duplex;
  /** Frames not handed to the socket yet, oldest first. */
  frames: string[];
  /** Their size in UTF-16 units (JSON here is almost all ASCII: bytes, closely enough for a bound). */
  bytes: number;
  /** Waiting for the socket's 'drain'. */
  waiting: boolean;
  dropped: boolean;
}

/**
 * Per-socket send queues with a bound. Frames are gathered and written once per turn of the event
 * loop, corked, so a commit fanned out to many sockets costs one write per socket rather than one per
 * frame. A socket whose peer stops reading stops being written to (it waits for 'drain'); its frames
 * wait here, counted, and past `maxQueuedBytes` it is dropped with 1008 and a reason. The total over
 * every socket is bounded too, so memory stays bounded however many sockets there are.
 */
export class SendQueues {
  private total = 0;
  private readonly pending = new Set<Outbox>();
  private readonly sockets = new Set<Outbox>();
  private scheduled = false;
  /** When the last flush ended and how long it took (performance.now() ms). */
  private lastFlushEnd = 0;
  private pause = 0;
  /** The flush under way (over its slices so far): time spent writing, and sockets written. */
  private flushWork = 0;
  private flushSockets = 0;

  constructor(
    private readonly limits: SendLimits,
    /** Called once for each socket dropped for being slow. */
    private readonly onDrop: (outbox: Outbox) => void,
  ) {}

  open(ws: WebSocket, socket: Duplex): Outbox {
    const outbox: Outbox = { ws, socket, frames: [], bytes: 0, waiting: false, dropped: false };
    this.sockets.add(outbox);
    return outbox;
  }

  /** Forgets a closed socket's queue. */
  close(outbox: Outbox): void {
    this.discard(outbox);
    this.sockets.delete(outbox);
  }

  /** Bytes queued over every socket (not counting what sockets themselves buffer). */
  get queuedBytes(): number {
    return this.total;
  }

  push(outbox: Outbox, frame: string): void {
    if (outbox.dropped || outbox.ws.readyState !== WebSocket.OPEN) return;
    outbox.frames.push(frame);
    outbox.bytes += frame.length;
    this.total += frame.length;
    if (outbox.bytes + outbox.ws.bufferedAmount > this.limits.maxQueuedBytes) {
      this.drop(outbox, `too slow: more than ${this.limits.maxQueuedBytes} bytes unsent`);
      return;
    }
    if (this.total > this.limits.maxTotalQueuedBytes) this.dropLargest();
    if (outbox.waiting || outbox.dropped) return;
    this.pending.add(outbox);
    if (!this.scheduled) this.schedule();
  }

  private discard(outbox: Outbox): void {
    this.total -= outbox.bytes;
    outbox.frames = [];
    outbox.bytes = 0;
    this.pending.delete(outbox);
  }

  /** Drops a client: its unsent frames are discarded and it is closed with `reason`, then cut off. */
  drop(outbox: Outbox, reason: string): void {
    if (outbox.dropped) return;
    outbox.dropped = true;
    this.discard(outbox);
    this.onDrop(outbox);
    if (outbox.ws.readyState === WebSocket.OPEN) outbox.ws.close(SLOW_CLIENT_CLOSE_CODE, reason);
    // A peer that does not read will not take the close frame either.
    setTimeout(() => outbox.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  private dropLargest(): void {
    let largest: Outbox | null = null;
    for (const outbox of this.sockets) if (!largest || outbox.bytes > largest.bytes) largest = outbox;
    if (largest) this.drop(largest, 'too slow: the exchange’s send buffers are full');
  }

  /**
   * Flushes after the current fan-out (a commit, a reply) has queued everything it sends: at once when
   * the last flush wrote to a few sockets, otherwise after a pause of FLUSH_PAUSE times its duration (at
   * most MAX_FLUSH_PAUSE_MS), so writing to many sockets takes at most about a ninth of the main
   * thread, and the frames of several commits go out in one write per socket.
   */
  private schedule(): void {
    this.scheduled = true;
    const wait = this.lastFlushEnd + this.pause - performance.now();
    if (wait < 1) queueMicrotask(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  /**
   * Writes the pending sockets in slices of at most FLUSH_SLICE_MS, yielding to the event loop between
   * them: a fan-out to a thousand sockets (a merged delta of several KiB each) takes tens of ms, and
   * run in one go it held back the writer thread's commit reports, and so every acknowledgement,
   * behind it. Sockets queued while a flush is under way are written in the same flush, in order.
   */
  private flush(): void {
    const started = performance.now();
    let written = 0;
    for (const outbox of this.pending) {
      this.pending.delete(outbox);
      this.write(outbox);
      if (++written % SLICE_CHECK_EVERY === 0 && performance.now() - started >= FLUSH_SLICE_MS) break;
    }
    const ended = performance.now();
    this.flushWork += ended - started;
    this.flushSockets += written;
    if (this.pending.size > 0) {
      setImmediate(() => this.flush());
      return;
    }
    this.scheduled = false;
    this.lastFlushEnd = ended;
    this.pause =
      this.flushSockets < FLUSH_PAUSE_FROM_SOCKETS
        ? 0
        : Math.min(MAX_FLUSH_PAUSE_MS, this.flushWork * FLUSH_PAUSE);
    this.flushWork = 0;
    this.flushSockets = 0;
  }

  private write(outbox: Outbox): void {
    if (outbox.dropped || outbox.ws.readyState !== WebSocket.OPEN) {
      this.discard(outbox);
      return;
    }
    if (outbox.frames.length > 0) {
      if (outbox.socket.writableNeedDrain) {
        // The peer is not reading fast enough: wait for the socket to drain rather than pile up there.
        this.await(outbox);
        return;
      }
      const frames = outbox.frames;
      this.total -= outbox.bytes;
      outbox.frames = [];
      outbox.bytes = 0;
      outbox.socket.write(textFrames(frames));
    }
  }

  private await(outbox: Outbox): void {
    if (outbox.waiting) return;
    outbox.waiting = true;
    outbox.socket.once('drain', () => {
      outbox.waiting = false;
      this.write(outbox);
    });
  }
}

/**
 * WebSocket text frames (RFC 6455 5.2: FIN, opcode 1, unmasked from a server, no extension: the
 * server offers none) for every queued message, in one buffer: one socket write per flush instead of
 * ws's one per message, which is what fanning a commit out to many sockets costs. Written between
 * whole frames of ws's own (pings, close), in order, so the stream stays well-formed.
 */
function textFrames(messages: readonly string[]): Buffer {
  let size = 0;
  const lengths = messages.map((message) => {
    const length = Buffer.byteLength(message);
    size += length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
    return length;
  });
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  messages.forEach((message, i) => {
    const length = lengths[i]!;
    out[at++] = 0x81;
    if (length < 126) {
      out[at++] = length;
    } else if (length < 65_536) {
      out[at++] = 126;
      out.writeUInt16BE(length, at);
      at += 2;
    } else {
      out[at++] = 127;
      out.writeBigUInt64BE(BigInt(length), at);
      at += 8;
    }
    at += out.write(message, at, 'utf8');
  });
  return out;
}
