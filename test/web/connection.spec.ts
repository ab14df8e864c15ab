import { createServer, connect, type Server, type Socket } from 'node:net';
import { generateKeyPairSync, sign } from 'node:crypto';
import WebSocket from 'ws';
import { expect, test } from '@playwright/test';
import { signingKeyOf } from '../helpers/signing';
import { DESK_VIEWPORT, placeOrder, ticket, useHeadlessExchange } from '../helpers/web';

const web = useHeadlessExchange('grid-desk-connection-');
/** A second node, reached as a participant with its signing key. */
const remote = useHeadlessExchange('grid-desk-remote-');

/** A TCP relay in front of the exchange that can cut every connection and refuse new ones, like a node going away. */
async function relay(target: string) {
  const { hostname, port } = new URL(target);
  let up = true;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    down() {
      up = false;
      for (const socket of open) socket.destroy();
    },
    up() {
      up = true;
    },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

test('the token travels in the first message; a lost exchange shows a banner, pauses actions and resynchronises', async ({
  browser,
}) => {
  const proxy = await relay(web.exchange.baseUrl);
  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  try {
    await page.goto(`${proxy.url}/#token=${web.token}`);
    await expect(page.getByTestId('connection-indicator')).toContainText('Operator: may act for anyone');
    expect(sockets.length).toBeGreaterThan(0);
    for (const url of sockets) {
      expect(url).toMatch(/\/v1\/ui$/);
      expect(url).not.toContain(web.token);
    }
    await page.getByRole('tab', { name: 'Participants' }).click();
    const workspaceButton = page.getByRole('button', { name: 'Create participant' });
    await expect(workspaceButton).toBeEnabled();

    await test.step('the exchange goes away: a banner with the reconnect status, actions disabled', async () => {
      proxy.down();
      const banner = page.getByTestId('connection-banner');
      await expect(banner).toContainText('The exchange went away');
      await expect(banner).toContainText(/Reconnecting (in \d+ s|now) \(attempt \d+\)/);
      await expect(workspaceButton).toBeDisabled();
      await expect(page.getByTestId('connection-indicator')).toContainText('offline');
    });

    await test.step('commits made meanwhile show once it is back', async () => {
      await web.admin('/v1/admin/participants', { name: 'Made While Away', role: 'consumer' });
      proxy.up();
      // The next attempt comes within the backoff (at most 15 s; "Reconnect now" is unit-tested).
      await expect(page.getByTestId('connection-banner')).toHaveCount(0, { timeout: 20_000 });
      await expect(workspaceButton).toBeEnabled();
      await expect(page.getByRole('main')).toContainText('Made While Away');
    });
  } finally {
    await context.close();
    await proxy.close();
  }
});

test('a participant signs in with its key, acts as itself, and is refused acting as another', async ({
  browser,
}) => {
  const alice = await remote.admin('/v1/admin/participants', { name: 'Alice Apps', role: 'consumer' });
  const bob = await remote.admin('/v1/admin/participants', { name: 'Bob Bots', role: 'consumer' });
  for (const who of [alice, bob]) {
    await remote.admin(`/v1/admin/participants/${who.participant_id}/usd-adjustments`, {
      amount: '50.00',
      idempotency_key: `fund-${who.participant_id}`,
      reason: 'sandbox deposit',
    });
  }
  const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
  await remote.admin(`/v1/admin/participants/${alice.participant_id}/signing-keys`, {
    public_key: key.publicKey,
    label: 'desk',
  });
  const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  try {
    await test.step('the desk signs in with the key and acts as Alice', async () => {
      await page.goto(remote.exchange.baseUrl);
      await page.getByRole('radio', { name: 'Participant key' }).click();
      await page.getByLabel('Ed25519 private key (PEM)').fill(pem);
      await page.getByRole('button', { name: 'Connect' }).click();
      await expect(page.getByTestId('connection-indicator')).toContainText(
        'Signed in as Alice Apps (consumer, acts as itself only)',
      );
      // The desk opens on Alice's own workspace, with Alice chosen: no Operator workspace, no Supplier
      // one, and no other participant to pick, here or in the command palette.
      const nav = page.getByRole('navigation', { name: 'Workspace' });
      await expect(nav.getByRole('button')).toHaveText(['Consumer']);
      await expect(nav.getByRole('button', { name: 'Consumer' })).toHaveAttribute('aria-pressed', 'true');
      const picker = page.getByLabel('Participant', { exact: true });
      await expect(picker.locator('option')).toHaveText(['Alice Apps']);
      await expect(picker).toHaveValue(alice.participant_id);
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      const search = palette.getByRole('combobox', { name: 'Type a command' });
      await search.fill('operator');
      await expect(palette.getByRole('option')).toHaveCount(0);
      await search.fill('supplier');
      await expect(palette.getByRole('option')).toHaveCount(0);
      await search.fill('consumer trading');
      await expect(palette.getByRole('option')).toHaveText(['Go toConsumer: Trading']);
      await page.keyboard.press('Escape');
      await expect(palette).toHaveCount(0);
      // The workspace shortcuts cannot leave it either.
      await page.keyboard.press('Control+1');
      await expect(page.getByTestId('trading-desk')).toBeVisible();
      await placeOrder(page, { side: 'Buy', quantity: 1, price: '1.000' });
      await expect(ticket(page).getByRole('status')).toContainText('Order resting');
    });

    await test.step("the node refuses the same credential acting as Bob (the UI socket's own protocol)", async () => {
      const market = (await remote.contract('instruments.list', {}))[0].trading_parameters
        .market_id as string;
      const socket = new WebSocket(`${remote.exchange.baseUrl.replace('http', 'ws')}/v1/ui`);
      await new Promise((opened) => socket.once('open', opened));
      const replies: any[] = [];
      socket.on('message', (data) => replies.push(JSON.parse(String(data))));
      const timestamp = Math.floor(Date.now() / 1000);
      socket.send(
        JSON.stringify({
          op: 'auth',
          fingerprint: key.fingerprint,
          timestamp,
          signature: sign(null, Buffer.from(`${timestamp}GET/v1/ui`), key.privateKey).toString('base64'),
        }),
      );
      await expect
        .poll(() => replies.find((reply) => reply.op === 'authenticated'))
        .toMatchObject({
          participant_id: alice.participant_id,
          may_act_as_anyone: false,
        });
      const order = { market_id: market, side: 'buy', type: 'limit', quantity: 1, price: '1.000' };
      socket.send(
        JSON.stringify({
          id: 1,
          name: 'orders.place',
          args: { ...order, participant_id: bob.participant_id },
        }),
      );
      await expect.poll(() => replies.find((reply) => reply.id === 1)?.error?.status).toBe(403);
      socket.close();
      expect(
        await remote.contract('orders.list', { participant_id: bob.participant_id, status: 'all' }),
      ).toEqual([]);
    });
  } finally {
    await context.close();
  }
});

test('the command palette and the shortcuts sheet drive the desk from the keyboard', async ({ browser }) => {
  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  try {
    await page.goto(web.exchange.uiUrl);
    await expect(page.getByRole('tab', { name: 'Instruments' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Type a command' }).fill('operator audit');
    await expect(palette.getByRole('option')).toHaveText(['Go toOperator: Audit log']);
    await page.keyboard.press('Enter');
    await expect(palette).toHaveCount(0);
    await expect(page.getByRole('tab', { name: 'Audit log' })).toHaveAttribute('aria-selected', 'true');

    await page.keyboard.press('Control+2');
    await expect(page.getByRole('button', { name: 'Supplier', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await page.keyboard.press('Control+/');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toContainText('Command paletteCtrl+K');
    await expect(sheet).toContainText('Cancel all orders in this marketCtrl+Shift+X');
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('every page carries a strict Content-Security-Policy, and the desk loads without breaking it', async ({
  browser,
}) => {
  for (const path of ['/', '/index.html', '/some/client/route']) {
    const response = await fetch(`${web.exchange.baseUrl}${path}`);
    const policy = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "frame-src 'none'",
    ])
      expect(policy, `${path}: ${directive}`).toContain(directive);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  }
  // The same policy rides in the page itself, for the desktop app's file:// window.
  const html = await (await fetch(web.exchange.baseUrl)).text();
  expect(html).toMatch(
    /http-equiv="Content-Security-Policy"\s+content="[^"]*script-src 'self'[^"]*object-src 'none'/,
  );

  const context = await browser.newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  try {
    await page.goto(web.exchange.uiUrl);
    await expect(page.getByTestId('connection-indicator')).toContainText('Operator');
    // An injected inline script is refused by the policy.
    await page.evaluate(
      "const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s)",
    );
    expect(await page.evaluate('window.injected')).toBeUndefined();
    expect(errors.filter((text) => !text.includes('Content Security Policy'))).toEqual([]);
  } finally {
    await context.close();
  }
});
