import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { consumptionHttp } from './api/consumption/consumption-http';
import { HostCheck } from './api/host-check';
import { httpApp } from './api/http-app';
import { STREAM_PATHS, type StreamHub, type StreamOptions, streams } from './api/streams';
import { UI_BRIDGE_PATH, uiBridge } from './api/ui-bridge';
import type { WebSocketEndpoint } from './api/websocket-endpoint';
import { type ComposeOptions, composeExchange } from './service/compose';
import { type SandboxSeed, seedSandbox } from './service/sandbox';
import type { Clock, ExchangeService } from './service/exchange-service';
import type { Operations } from './service/operations';
import type { Timers } from './service/timers';
import { bindingRefusal, type TlsCredentials } from './tls';

export interface ExchangeNodeOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** The built renderer to serve to browsers; null serves the APIs only. */
  rendererDir?: string | null;
  clock?: Clock;
  timers?: Timers;
  /** Delivery monitoring and probe settings (see compose.ts). */
  monitor?: ComposeOptions['monitor'];
  probeIntervalMs?: number;
  /** Seed an empty exchange with simulated suppliers and a funded consumer (see sandbox.ts). */
  sandbox?: boolean;
  /** Stream limits (see api/streams). */
  streams?: StreamOptions;
  /** Serve HTTPS and WSS with this certificate and key. */
  tls?: TlsCredentials;
  /** Serve plain HTTP on an address other machines can reach (refused otherwise). */
  insecureBind?: boolean;
  /** Host names answered besides the loopback ones and the bound address (`*`: any). */
  allowedHosts?: readonly string[];
  /** Scheduled backups (see service/backups.ts). */
  backups?: ComposeOptions['backups'];
}

export interface ExchangeNode {
  service: ExchangeService;
  ops: Operations;
  url: string;
  /** The market and user streams (for their counters: connections, dropped clients, queued bytes). */
  streams: StreamHub;
  /** What `sandbox` seeded (null when the exchange was not empty, or not asked). */
  sandbox: SandboxSeed | null;
  close(): Promise<void>;
}

/** Opens the exchange and starts its HTTP and WebSocket servers; used by Electron and headless alike. */
export async function startExchangeNode(options: ExchangeNodeOptions): Promise<ExchangeNode> {
  const bindHost = options.host ?? '127.0.0.1';
  const refusal = bindingRefusal(bindHost, options.tls !== undefined, options.insecureBind === true);
  if (refusal) throw new Error(refusal);
  // A specific bound address is a name clients may use (a literal address cannot be rebound by DNS).
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]';
  const hosts = new HostCheck([...(options.allowedHosts ?? []), ...(wildcard ? [] : [bindHost])]);
  const exchange = await composeExchange({
    dataDir: options.dataDir,
    ...(options.clock && { clock: options.clock }),
    ...(options.timers && { timers: options.timers }),
    ...(options.monitor && { monitor: options.monitor }),
    ...(options.probeIntervalMs !== undefined && { probeIntervalMs: options.probeIntervalMs }),
    ...(options.backups && { backups: options.backups }),
  });
  const { service, ops } = exchange;
  // Reference prices (a missed boundary first), sweeps (missed ones in order), Lot expiry, Auto Mode.
  await exchange.start();
  // The Consumption API answers first (a streaming proxy on plain node:http); everything else is Hono's.
  const consumption = consumptionHttp(ops);
  const app = getRequestListener(httpApp(ops, options.rendererDir ?? null).fetch);
  const listener: RequestListener = (req, res) => {
    if (!hosts.allows(req.headers.host)) hosts.refuseRequest(res, req.headers.host);
    else if (!consumption(req, res)) void app(req, res);
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  // Each WebSocket path has its endpoint; an upgrade to any other path is refused.
  const hub = streams(ops, options.streams);
  const endpoints = new Map<string, WebSocketEndpoint>([
    [UI_BRIDGE_PATH, uiBridge(ops)],
    ...STREAM_PATHS.map((path) => [path, hub] as const),
  ]);
  server.on('upgrade', (request, socket, head) => {
    if (!hosts.allows(request.headers.host)) return hosts.refuseUpgrade(socket, request.headers.host);
    const endpoint = endpoints.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (endpoint) endpoint.upgrade(request, socket, head);
    else socket.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 7420, bindHost, () => resolve());
    });
  } catch (error) {
    exchange.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ops.apiUrl = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;

  let sandbox: SandboxSeed | null = null;
  if (options.sandbox) sandbox = await seedSandbox(ops);

  let closing: Promise<void> | null = null;
  return {
    service,
    ops,
    url: ops.apiUrl,
    streams: hub,
    sandbox,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const endpoint of new Set(endpoints.values())) endpoint.close();
        server.closeAllConnections();
        server.close(() => {
          exchange.close();
          resolve();
        });
      })),
  };
}
