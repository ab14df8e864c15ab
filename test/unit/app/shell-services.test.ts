import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connections } from '../../../src-main/app/connections';
import { RotatingLog, captureUnhandled } from '../../../src-main/app/logs';
import { noticesFor, storageNotice } from '../../../src-main/app/notifications';
import type { NoticeContext } from '../../../src-main/app/notifications';
import { SecretStore } from '../../../src-main/app/secrets';
import type { Keychain } from '../../../src-main/app/secrets';
import { appUrlTest, denyPermissions, hardenContents, trustedSender } from '../../../src-main/app/security';
import { SettingsFile } from '../../../src-main/app/settings';
import { shellDispatcher } from '../../../src-main/app/shell-ipc';
import type { ShellHandlers } from '../../../src-main/app/shell-ipc';
import type { Change } from '../../../src-main/engine/commands';
import { signingKeyOf } from '../../helpers/signing';
import { tempDir } from '../../helpers/temp-dir';

const dirs: { remove(): void }[] = [];
function folder(): string {
  const dir = tempDir('grid-desk-shell-');
  dirs.push(dir);
  return dir.path;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

const context: NoticeContext = {
  nameOf: (id) => ({ c1: 'Acme Apps', s1: 'Blue Compute' })[id] ?? id,
  symbolOf: (id) => ({ i1: 'TEXT-PRIME' })[id] ?? id,
  roleOf: (id) => (id.startsWith('s') ? 'supplier' : 'consumer'),
};

function trade(quantity: number): Change {
  return {
    kind: 'trade',
    trade: {
      trade_id: `t${quantity}`,
      seq: 1,
      market_id: 'm1',
      instrument_id: 'i1',
      price_ticks: 100,
      quantity,
      maker_order_id: 'o1',
      taker_order_id: 'o2',
      maker_participant_id: 's1',
      taker_participant_id: 'c1',
      taker_side: 'buy',
      maker_fee: 0,
      taker_fee: 0,
      executed_at: 0,
    },
  } as Change;
}

describe('notifications', () => {
  it("routes a fill to the buyer's trading desk", () => {
    expect(noticesFor([trade(3)], context)).toEqual([
      {
        kind: 'fill',
        title: 'Order filled',
        body: 'Acme Apps bought 3 Units of TEXT-PRIME',
        route: { workspace: 'consumer', section: 'trading' },
      },
    ]);
  });

  it('merges a burst of fills into one notification', () => {
    const notices = noticesFor([trade(1), trade(2), trade(5)], context);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe('3 orders filled');
  });

  it('opens the right screen for suspensions, halts and failed top-ups, and ignores the rest', () => {
    const changes = [
      {
        kind: 'participant',
        participant: { participant_id: 'c1', name: 'Acme Apps', role: 'consumer', status: 'suspended' },
      },
      {
        kind: 'participant',
        participant: { participant_id: 'c2', name: 'Other', role: 'consumer', status: 'active' },
      },
      { kind: 'market_halt', market_id: 'TEXT-PRIME-USD', halted: true },
      { kind: 'market_halt', market_id: 'TEXT-PRIME-USD', halted: false },
      {
        kind: 'roster_entry',
        entry: {
          participant_id: 's1',
          instrument_id: 'i1',
          status: 'suspended',
          reason: 'latency out of spec',
        },
      },
      {
        kind: 'top_up',
        top_up: { participant_id: 'c1', instrument_id: 'i1', outcome: 'daily_ceiling', message: null },
      },
      {
        kind: 'top_up',
        top_up: { participant_id: 'c1', instrument_id: 'i1', outcome: 'filled', message: null },
      },
      { kind: 'rosters_enabled' },
    ] as unknown as Change[];
    expect(noticesFor(changes, context).map((notice) => [notice.title, notice.route])).toEqual([
      ['Participant suspended', { workspace: 'operator', section: 'participants' }],
      ['Market halted', { workspace: 'operator', section: 'markets' }],
      ['Supplier suspended from a roster', { workspace: 'operator', section: 'rosters' }],
      ['Auto Mode top-up failed', { workspace: 'consumer', section: 'consumption' }],
    ]);
    expect(noticesFor(changes, context)[3]!.body).toBe('Acme Apps on TEXT-PRIME: daily ceiling');
  });

  it('tells a stopped exchange from a nearly full disk', () => {
    expect(storageNotice({ kind: 'stopped', detail: 'SQLITE_FULL' }).title).toBe('The exchange stopped');
    expect(storageNotice({ kind: 'low-disk', freeBytes: 100 * 1024 * 1024 }).body).toBe(
      "100 MB left for the exchange's database",
    );
  });
});

describe('security', () => {
  const isApp = appUrlTest('file:///opt/Grid%20Desk/resources/app.asar/out/renderer/index.html');

  it('knows its own page from any other', () => {
    expect(isApp('file:///opt/Grid%20Desk/resources/app.asar/out/renderer/index.html#x')).toBe(true);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('https://example.com/')).toBe(false);
    expect(appUrlTest('http://localhost:5173/')('http://localhost:5173/index.html')).toBe(true);
    expect(appUrlTest('http://localhost:5173/')('http://localhost:5174/')).toBe(false);
  });

  function fakeContents() {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    return {
      handlers,
      open: (url: string) => openHandler!({ url }),
      contents: {
        setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
        on: (event: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
          void handlers.set(event, listener),
      },
    };
  }

  it('never opens a window, and sends only web links to the OS browser', () => {
    const fake = fakeContents();
    const openExternal = vi.fn();
    hardenContents(fake.contents as never, isApp, openExternal);
    expect(fake.open('https://docs.example.com/')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://docs.example.com/']]);
  });

  it('stays on its page: navigation and redirects elsewhere are stopped, webviews refused', () => {
    const fake = fakeContents();
    hardenContents(fake.contents as never, isApp, vi.fn());
    const attempt = (event: string, url?: string) => {
      const preventDefault = vi.fn();
      fake.handlers.get(event)!({ preventDefault }, url);
      return preventDefault.mock.calls.length > 0;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-redirect', 'file:///tmp/other.html')).toBe(true);
    expect(
      attempt('will-navigate', 'file:///opt/Grid%20Desk/resources/app.asar/out/renderer/index.html'),
    ).toBe(false);
    expect(attempt('will-attach-webview')).toBe(true);
  });

  it('denies every permission request and check', () => {
    let request:
      ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let check: ((contents: unknown, permission: string) => boolean) | null = null;
    denyPermissions({
      setPermissionRequestHandler: (handler) => void (request = handler),
      setPermissionCheckHandler: (handler) => void (check = handler),
    });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) {
      const callback = vi.fn();
      request!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!(null, permission)).toBe(false);
    }
  });

  it('accepts IPC only from the top frame of its own page', () => {
    const page = 'file:///opt/Grid%20Desk/resources/app.asar/out/renderer/index.html';
    expect(trustedSender({ senderFrame: { url: page, parent: null } }, isApp)).toBe(true);
    expect(trustedSender({ senderFrame: { url: page, parent: {} } }, isApp)).toBe(false);
    expect(trustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } }, isApp)).toBe(false);
    expect(trustedSender({ senderFrame: null }, isApp)).toBe(false);
  });
});

describe('shell requests', () => {
  const handlers = () =>
    Object.fromEntries(
      [
        'log',
        'copy-diagnostics',
        'open-logs',
        'set-theme',
        'connections',
        'choose-connection',
        'save-connection',
        'remove-connection',
        'remote-auth',
      ].map((kind) => [kind, vi.fn(() => null)]),
    ) as unknown as ShellHandlers;

  it('refuses unknown and malformed requests before any handler runs', async () => {
    const all = handlers();
    const dispatch = shellDispatcher(all, vi.fn());
    for (const request of [
      { kind: 'exec', command: 'rm -rf /' },
      { kind: 'set-theme', theme: 'pink' },
      'log',
      null,
    ]) {
      expect(await dispatch(request)).toEqual({
        ok: false,
        error: { status: 400, detail: 'unknown or malformed shell request' },
      });
    }
    expect(
      Object.values(all).every((handler) => (handler as ReturnType<typeof vi.fn>).mock.calls.length === 0),
    ).toBe(true);
  });

  it('answers an unexpected failure with a 500 envelope and logs it', async () => {
    const onUnexpected = vi.fn();
    const dispatch = shellDispatcher(
      {
        ...handlers(),
        'copy-diagnostics': () => {
          throw new Error('clipboard busy');
        },
      },
      onUnexpected,
    );
    expect(await dispatch({ kind: 'copy-diagnostics' })).toEqual({
      ok: false,
      error: { status: 500, detail: 'the desktop shell could not do this; see the log' },
    });
    expect(onUnexpected.mock.calls[0]![0]).toContain('clipboard busy');
  });
});

/** A keychain that "encrypts" by reversing, so the file can be checked for cleartext. */
function keychain(available: boolean, backend = 'gnome_libsecret'): Keychain {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(plain).reverse(),
    decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString(),
    getSelectedStorageBackend: () => backend,
  };
}

describe('secrets and settings', () => {
  it('keeps secrets encrypted on disk, and across a restart', () => {
    const path = join(folder(), 'secrets.json');
    new SecretStore(path, keychain(true), 'linux').set('c1', 'operator-token-123');
    expect(readFileSync(path, 'utf8')).not.toContain('operator-token-123');
    expect(new SecretStore(path, keychain(true), 'linux').get('c1')).toBe('operator-token-123');
  });

  it('never writes a secret when there is no keychain, or only Linux basic_text', () => {
    for (const store of [
      new SecretStore(join(folder(), 'secrets.json'), keychain(false), 'darwin'),
      new SecretStore(join(folder(), 'secrets.json'), keychain(true, 'basic_text'), 'linux'),
    ]) {
      store.set('c1', 'token');
      expect(store.persistent).toBe(false);
      expect(store.get('c1')).toBe('token');
    }
    const dir = folder();
    new SecretStore(join(dir, 'secrets.json'), keychain(false), 'win32').set('c1', 'token');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads a corrupt or foreign settings file as defaults, field by field', () => {
    const dir = folder();
    const path = join(dir, 'settings.json');
    const settings = new SettingsFile(path);
    settings.update((current) => ({
      ...current,
      theme: 'dark',
      connection: { kind: 'embedded', sandbox: true },
    }));
    expect(new SettingsFile(path).get()).toMatchObject({
      theme: 'dark',
      connection: { kind: 'embedded', sandbox: true },
    });
    writeFileSync(path, '{"theme":"pink","connection":{"kind":"embedded","sandbox":false},"connections":7}');
    expect(new SettingsFile(path).get()).toEqual({
      theme: null,
      window: null,
      connection: { kind: 'embedded', sandbox: false },
      connections: [],
      automaticUpdates: null,
    });
    writeFileSync(path, 'not json');
    expect(new SettingsFile(path).get().connection).toBeNull();
  });
});

describe('remote connections', () => {
  function connections() {
    const dir = folder();
    return new Connections(
      new SettingsFile(join(dir, 'settings.json')),
      new SecretStore(join(dir, 'secrets.json'), keychain(true), 'linux'),
      () => 1_700_000_000,
    );
  }

  it("signs a participant's first message with its key, which the page never sees", () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const store = connections();
    const saved = store.save({
      name: 'Shared node',
      url: 'https://node.example:7420/some/path',
      credential: { kind: 'key', privateKeyPem: pem },
    });
    expect(saved).toMatchObject({
      url: 'https://node.example:7420',
      credential: 'key',
      fingerprint: signingKeyOf(privateKey).fingerprint,
    });
    expect(JSON.stringify(store.view())).not.toContain('PRIVATE KEY');
    const message = store.authMessage(saved.id);
    if (!('signature' in message)) throw new Error('expected a signed message');
    expect(message).toMatchObject({ op: 'auth', timestamp: 1_700_000_000, fingerprint: saved.fingerprint });
    expect(
      verify(
        null,
        Buffer.from('1700000000GET/v1/ui'),
        createPublicKey(privateKey),
        Buffer.from(message.signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('sends the operator token in the first message, and refuses bad addresses and keys', () => {
    const store = connections();
    const saved = store.save({
      name: 'Ops',
      url: 'http://10.0.0.5:7420',
      credential: { kind: 'token', token: ' abc ' },
    });
    expect(store.authMessage(saved.id)).toEqual({ op: 'auth', token: 'abc' });
    expect(() =>
      store.save({ name: 'x', url: 'ftp://node', credential: { kind: 'token', token: 'a' } }),
    ).toThrow('http://');
    expect(() =>
      store.save({ name: 'x', url: 'https://u:p@node', credential: { kind: 'token', token: 'a' } }),
    ).toThrow('credentials');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() =>
      store.save({ name: 'x', url: 'https://node', credential: { kind: 'key', privateKeyPem: rsa } }),
    ).toThrow('Ed25519');
    expect(() => store.authMessage('nope')).toThrow('no saved connection');
  });

  it('forgets a removed connection, its secret, and the choice of it', () => {
    const store = connections();
    const saved = store.save({
      name: 'Ops',
      url: 'http://10.0.0.5:7420',
      credential: { kind: 'token', token: 'abc' },
    });
    store.choose({ kind: 'remote', id: saved.id });
    store.remove(saved.id);
    expect(store.view()).toMatchObject({ active: null, saved: [] });
    expect(() => store.authMessage(saved.id)).toThrow('no saved connection');
  });
});

describe('logs', () => {
  it('rotates by size and keeps three files', () => {
    const dir = folder();
    const log = new RotatingLog(dir, 'main', () => new Date(0), 200);
    for (let i = 0; i < 20; i++) log.write('info', `line ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(log.tail(1)).toContain('line 19');
    expect(readFileSync(join(dir, 'main.log'), 'utf8').length).toBeLessThanOrEqual(200);
  });

  it('records uncaught exceptions and unhandled rejections', () => {
    const dir = folder();
    const log = new RotatingLog(dir, 'main');
    const listeners = new Map<string, (value: unknown) => void>();
    captureUnhandled(
      { on: (event: string, listener: (value: unknown) => void) => listeners.set(event, listener) } as never,
      log,
    );
    listeners.get('uncaughtException')!(new Error('boom'));
    listeners.get('unhandledRejection')!('nope');
    const text = readFileSync(log.path, 'utf8');
    expect(text).toMatch(/ERROR uncaught exception: Error: boom/);
    expect(text).toMatch(/ERROR unhandled rejection: nope/);
    expect(existsSync(log.path)).toBe(true);
  });
});
