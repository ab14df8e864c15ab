import { expect, test, type Browser, type Page } from '@playwright/test';
import type { InstrumentView } from '../../src-preload/contract';
import { contractSocket } from './contract-socket';
import { startHeadless, type HeadlessProcess } from './headless-process';
import { tempDir } from './temp-dir';
import { approveSupply, stockUnits } from './supply';

export const SHOTS = 'test-results/screenshots';

/** The window size of a desk opened with `openDesk`. */
export const DESK_VIEWPORT = { width: 1440, height: 900 };

/**
 * One headless exchange for the test file: started before its tests, stopped (and its data removed)
 * after them. `admin` sets data up through the admin API, as a script would.
 */
export function useHeadlessExchange(prefix: string, extraArgs: string[] = []) {
  let dir: ReturnType<typeof tempDir>;
  let exchange: HeadlessProcess;
  test.beforeAll(async () => {
    dir = tempDir(prefix);
    exchange = await startHeadless(dir.path, extraArgs);
  });
  test.afterAll(async () => {
    exchange.child.kill('SIGTERM');
    await exchange.exited;
    dir.remove();
  });
  return {
    get exchange() {
      return exchange;
    },
    get token() {
      return new URL(exchange.uiUrl).hash.replace('#token=', '');
    },
    /** Stops the exchange cleanly and starts it again on the same data. */
    async restart() {
      exchange.child.kill('SIGTERM');
      expect(await exchange.exited).toBe(0);
      exchange = await startHeadless(dir.path);
    },
    async admin(path: string, body: unknown) {
      const response = await fetch(`${exchange.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { data: { participant_id: string } }).data;
    },
    /** Calls the contract as the UI does (over the UI socket, with the operator token): the raw reply. */
    async call(name: string, args: unknown) {
      const socket = await contractSocket(exchange.baseUrl, this.token);
      try {
        return await socket.call(name, args);
      } finally {
        socket.close();
      }
    },
    /** A contract call that must succeed: its result. */
    async contract(name: string, args: unknown): Promise<any> {
      const reply = await this.call(name, args);
      expect(reply?.error, `${name} failed`).toBeUndefined();
      expect(reply?.ok).toBe(true);
      return reply!.result;
    },
    /** The instrument id of a symbol ("text-prime"). */
    async instrumentId(symbol: string): Promise<string> {
      const instruments = (await this.contract('instruments.list', {})) as InstrumentView[];
      return instruments.find((instrument) => instrument.symbol === symbol)!.instrument_id;
    },
    /** The supplier declares ample capacity in the instrument and the operator approves it. */
    async approveSupply(supplierId: string, symbol: string) {
      const ids = { participant_id: supplierId, instrument_id: await this.instrumentId(symbol) };
      await approveSupply((name, args) => this.call(name, args), supplierId, ids.instrument_id);
      return ids;
    },
    /**
     * Stocks a supplier as the real flow does: approved supply, `quantity` Units issued into its Issuance
     * account and (unless `toTrading` is false) moved to trading.
     */
    async stock(supplierId: string, symbol: string, quantity: number, { toTrading = true } = {}) {
      const instrumentId = await this.instrumentId(symbol);
      await stockUnits((name, args) => this.call(name, args), supplierId, instrumentId, quantity, {
        toTrading,
      });
    },
    /** A desk of its own (own storage, own socket), like a second person at another screen. */
    async openDesk(browser: Browser, workspace: 'Operator' | 'Supplier' | 'Consumer', who?: string) {
      const context = await browser.newContext({ viewport: DESK_VIEWPORT });
      const page = await context.newPage();
      await page.goto(exchange.uiUrl);
      await page.getByRole('button', { name: workspace, exact: true }).click();
      if (who) await page.getByLabel('Participant', { exact: true }).selectOption({ label: who });
      return page;
    },
  };
}

export async function setTheme(page: Page, theme: 'light' | 'dark') {
  // Strings, not functions: this file is type-checked as Node code, without the DOM's types.
  if ((await page.evaluate<string | undefined>('document.documentElement.dataset.theme')) !== theme) {
    await page.getByRole('button', { name: 'Toggle theme' }).click();
  }
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Screenshots of the page in light and dark, from the top of the scrolling area. */
export async function shoot(page: Page, name: string) {
  await page.evaluate("document.querySelector('.app-main')?.scrollTo(0, 0)");
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png` });
  }
  await setTheme(page, 'light');
}

export const ticket = (page: Page) => page.getByRole('form', { name: 'Order ticket' });

/** Places an order through the desk's order ticket. */
export async function placeOrder(
  page: Page,
  order: { side: 'Buy' | 'Sell'; quantity: number; price?: string; type?: 'Limit' | 'Market' },
) {
  const form = ticket(page);
  await form.getByRole('button', { name: order.side, exact: true }).click();
  await form.getByRole('button', { name: order.type ?? 'Limit', exact: true }).click();
  await form.getByLabel('Quantity', { exact: true }).fill(String(order.quantity));
  if (order.price !== undefined) await form.getByLabel('Price', { exact: true }).fill(order.price);
  await form.getByRole('button', { name: 'Place order', exact: true }).click();
}

/**
 * The supplier "Volt GPUs" and the consumer "Initech" with $100.00, set up through the admin API; answers
 * the supplier's id.
 */
export async function supplierAndConsumer(web: ReturnType<typeof useHeadlessExchange>, depositKey: string) {
  const supplier = await web.admin('/v1/admin/participants', { name: 'Volt GPUs', role: 'supplier' });
  const consumer = await web.admin('/v1/admin/participants', { name: 'Initech', role: 'consumer' });
  await web.admin(`/v1/admin/participants/${consumer.participant_id}/usd-adjustments`, {
    amount: '100.00',
    idempotency_key: depositKey,
    reason: 'sandbox deposit',
  });
  return supplier.participant_id;
}
