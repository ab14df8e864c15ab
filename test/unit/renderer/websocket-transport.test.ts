// The UI socket as a user meets it: authenticated in its first message, paused and resumed when the
// exchange goes away, caught up after a gap, stopped for good when the credential is refused.
import { describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../../src-preload/contract';
import type { UiAuthMessage } from '../../../src-preload/shell';
import { retryDelay, webSocketLink } from '../../../src-renderer/transport/websocket-transport';
import type { LinkStatus } from '../../../src-renderer/transport/websocket-transport';
import { identityLabel, statusMessage, versionMessage } from '../../../src-renderer/connection/status';
import { keyLabel, matches, paletteMatch } from '../../../src-renderer/desktop/keys';

type Listener = (event: { data?: unknown; code?: number; reason?: string }) => void;

/** A WebSocket double: records what the page sends and lets the test play the node. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: unknown[] = [];
  private listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000, reason = '') {
    this.readyState = 3;
    this.fire('close', { code, reason });
  }
  fire(type: string, event: { data?: unknown; code?: number; reason?: string } = {}) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.fire('open');
  }
  answer(data: unknown) {
    this.fire('message', { data: JSON.stringify(data) });
  }
  /** The node's answer to the newest request named `name`. */
  reply(name: string, result: unknown) {
    const request = [...this.sent].reverse().find((sent) => (sent as { name?: string }).name === name) as {
      id: number;
    };
    this.answer({ id: request.id, ok: true, result });
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const authenticated = {
  op: 'authenticated',
  participant_id: 'p1',
  role: 'operator',
  may_act_as_anyone: true,
};

function harness() {
  FakeSocket.instances = [];
  const timers: { run: () => void; ms: number }[] = [];
  let signed = 0;
  const link = webSocketLink({
    url: 'ws://node.example:7420/v1/ui',
    authenticate: () => Promise.resolve<UiAuthMessage>({ op: 'auth', token: `secret-${++signed}` }),
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    now: () => 1_000_000,
    random: () => 0.5,
    setTimer: (run, ms) => {
      const timer = { run, ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1),
  });
  const statuses: LinkStatus[] = [];
  link.onStatus((status) => statuses.push(status));
  const events: PushedEvent[] = [];
  link.transport.subscribe((event) => events.push(event));
  const socket = () => FakeSocket.instances.at(-1)!;
  return { link, timers, statuses, events, socket };
}

async function connectFirst(h: ReturnType<typeof harness>, sequence = 10) {
  h.socket().open();
  await flush();
  h.socket().answer(authenticated);
  await flush();
  h.socket().reply('system.info', { last_sequence: sequence });
  await flush();
}

describe('the UI socket', () => {
  it('sends the credential as its first message, never in the URL, and holds requests until the node accepts it', async () => {
    const h = harness();
    expect(h.socket().url).toBe('ws://node.example:7420/v1/ui');
    const reply = h.link.transport.invoke('instruments.list', {});
    h.socket().open();
    await flush();
    expect(h.socket().sent).toEqual([{ op: 'auth', token: 'secret-1' }]);
    h.socket().answer(authenticated);
    await flush();
    expect(h.link.status()).toEqual({
      kind: 'open',
      identity: { participant_id: 'p1', role: 'operator', may_act_as_anyone: true },
    });
    h.socket().reply('instruments.list', []);
    expect(await reply).toEqual({ ok: true, result: [] });
  });

  it('stops for good when the node refuses the credential', async () => {
    const h = harness();
    const reply = h.link.transport.invoke('system.info', {});
    h.socket().open();
    await flush();
    h.socket().close(4401, 'unknown signing key');
    expect(h.link.status()).toEqual({ kind: 'refused', detail: 'unknown signing key' });
    expect(await reply).toEqual({ ok: false, error: { status: 401, detail: 'unknown signing key' } });
    expect(h.timers).toHaveLength(0);
  });

  it('answers in-flight requests with 503 when the exchange goes away, and reconnects with growing delays', async () => {
    const h = harness();
    await connectFirst(h);
    const inFlight = h.link.transport.invoke('participants.list', {});
    h.socket().close(1006, '');
    expect(await inFlight).toEqual({
      ok: false,
      error: { status: 503, detail: 'the connection to the exchange was lost' },
    });
    expect(h.link.status()).toEqual({
      kind: 'reconnecting',
      attempt: 1,
      retryAt: 1_000_500,
      detail: 'the exchange went away',
    });
    expect(await h.link.transport.invoke('participants.list', {})).toEqual({
      ok: false,
      error: { status: 503, detail: 'not connected to the exchange: reconnecting' },
    });
    h.timers.shift()!.run();
    h.socket().close(1006, '');
    expect(h.timers.map((timer) => timer.ms)).toEqual([1000]);
    expect(h.link.status()).toMatchObject({
      kind: 'reconnecting',
      attempt: 2,
      detail: 'cannot reach the exchange',
    });
  });

  it('signs in afresh on reconnecting and resynchronises every view when commits were missed', async () => {
    const h = harness();
    await connectFirst(h, 10);
    h.socket().answer({ event: 'exchange.committed', payload: { sequence: 12 } });
    h.socket().close(1006, '');
    h.timers.shift()!.run();
    h.socket().open();
    await flush();
    expect(h.socket().sent).toEqual([{ op: 'auth', token: 'secret-2' }]);
    h.socket().answer(authenticated);
    await flush();
    h.socket().reply('system.info', { last_sequence: 15 });
    await flush();
    expect(h.events.map((event) => event.payload.sequence)).toEqual([12, 15]);
    expect(h.link.status().kind).toBe('open');
  });

  it('does not disturb the views when nothing was missed', async () => {
    const h = harness();
    await connectFirst(h, 10);
    h.socket().close(1006, '');
    h.link.reconnectNow();
    expect(h.timers).toHaveLength(0);
    h.socket().open();
    await flush();
    h.socket().answer(authenticated);
    await flush();
    h.socket().reply('system.info', { last_sequence: 10 });
    await flush();
    expect(h.events).toEqual([]);
  });

  it('backs off exponentially with jitter, up to 15 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => retryDelay(attempt, () => 0.5))).toEqual([
      500, 1000, 2000, 4000, 8000, 15000, 15000,
    ]);
    expect(retryDelay(1, () => 0)).toBe(375);
    expect(retryDelay(1, () => 1)).toBe(625);
  });
});

describe('connection words', () => {
  it('says who the desk acts as', () => {
    const participant: LinkStatus = {
      kind: 'open',
      identity: { participant_id: 'p9', role: 'consumer', may_act_as_anyone: false },
    };
    expect(identityLabel({ via: 'ipc', sandbox: true }, participant, () => null)).toBe(
      'Sandbox: acts as anyone',
    );
    expect(identityLabel({ via: 'websocket', sandbox: false }, participant, () => 'Alice Apps')).toBe(
      'Signed in as Alice Apps (consumer, acts as itself only)',
    );
  });

  it('counts down to the next attempt and names a version mismatch', () => {
    const status: LinkStatus = {
      kind: 'reconnecting',
      attempt: 3,
      retryAt: 10_500,
      detail: 'the exchange went away',
    };
    expect(statusMessage(status, 8_000)).toBe(
      'The exchange went away (the exchange went away). Reconnecting in 3 s (attempt 3); actions are paused until it is back.',
    );
    expect(statusMessage(status, 11_000)).toContain('Reconnecting now');
    expect(versionMessage('0.1.0', '0.1.0')).toBeNull();
    expect(versionMessage('0.1.0', '0.2.0')).toContain(
      'This app is version 0.1.0 but the exchange runs 0.2.0',
    );
  });
});

describe('keyboard', () => {
  const press = (
    key: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {},
  ) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('matches Cmd on a Mac and Ctrl elsewhere, Shift exactly', () => {
    expect(matches('CmdOrCtrl+K', press('k', { ctrlKey: true }), false)).toBe(true);
    expect(matches('CmdOrCtrl+K', press('k', { metaKey: true }), true)).toBe(true);
    expect(matches('CmdOrCtrl+K', press('k', { ctrlKey: true }), true)).toBe(false);
    expect(matches('CmdOrCtrl+Shift+X', press('X', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matches('CmdOrCtrl+Shift+X', press('x', { ctrlKey: true }), false)).toBe(false);
    expect(keyLabel('CmdOrCtrl+Shift+N', true)).toBe('⌘⇧N');
    expect(keyLabel('CmdOrCtrl+Shift+N', false)).toBe('Ctrl+Shift+N');
  });

  it('finds palette commands by any words of their name', () => {
    expect(paletteMatch('Operator: Audit log', 'audit op')).toBe(true);
    expect(paletteMatch('Operator: Audit log', 'supplier')).toBe(false);
  });
});
