import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { httpApp } from './api/http-app';
import { STREAM_PATH, streams } from './api/streams';
import { UI_BRIDGE_PATH, uiBridge } from './api/ui-bridge';
import type { WebSocketEndpoint } from './api/websocket-endpoint';
import { type Clock, ExchangeService } from './service/exchange-service';
import { Operations } from './service/operations';
import { AutoTopUps, SweepScheduler } from './service/lifecycle';
import { ReferencePriceSchedule } from './service/reference-prices';

export interface ExchangeNodeOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** The built renderer to serve to browsers; null serves the APIs only. */
  rendererDir?: string | null;
  clock?: Clock;
}

export interface ExchangeNode {
  service: ExchangeService;
  ops: Operations;
  url: string;
  close(): Promise<void>;
}

/** Opens the exchange and starts its HTTP and WebSocket servers; used by Electron and headless alike. */
export async function startExchangeNode(options: ExchangeNodeOptions): Promise<ExchangeNode> {
  const service = await ExchangeService.open({
    dataDir: options.dataDir,
    ...(options.clock && { clock: options.clock }),
  });
  const ops = new Operations(service);
  // Reference prices publish at every 4-hour UTC boundary, and once at start if one was missed.
  const referencePrices = new ReferencePriceSchedule(service);
  await referencePrices.start();
  // Sweeps on their schedule (missed ones run now, in order), Lot expiry, and Auto Mode top-ups.
  const sweeps = new SweepScheduler(service);
  await sweeps.start();
  const autoTopUps = new AutoTopUps(service);
  autoTopUps.start();
  const server = createAdaptorServer({ fetch: httpApp(ops, options.rendererDir ?? null).fetch }) as Server;
  // Each WebSocket path has its endpoint; an upgrade to any other path is refused.
  const endpoints = new Map<string, WebSocketEndpoint>([
    [UI_BRIDGE_PATH, uiBridge(ops)],
    [STREAM_PATH, streams(ops)],
  ]);
  server.on('upgrade', (request, socket, head) => {
    const endpoint = endpoints.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (endpoint) endpoint.upgrade(request, socket, head);
    else socket.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 7420, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    service.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ops.apiUrl = `http://${host}:${address.port}`;

  let closing: Promise<void> | null = null;
  return {
    service,
    ops,
    url: ops.apiUrl,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        referencePrices.stop();
        sweeps.stop();
        autoTopUps.stop();
        for (const endpoint of endpoints.values()) endpoint.close();
        server.closeAllConnections();
        server.close(() => {
          service.close();
          resolve();
        });
      })),
  };
}
