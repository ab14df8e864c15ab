import { MonitoringStore } from '../store/monitoring-store';
import { ApiKeys } from './api-keys';
import { Backups, type BackupOptions, DEFAULT_BACKUPS } from './backups';
import { Calls } from './calls';
import { ConsumptionKeys } from './consumption-keys';
import { ExchangeService, type ServiceOptions, SYSTEM_ACTOR } from './exchange-service';
import { AutoTopUps } from './auto-top-ups';
import { LifecycleOperations } from './lifecycle';
import { MarketData } from './market-data';
import { ModelEndpoints } from './model-endpoints';
import { DEFAULT_MONITOR, DeliveryMonitor, type MonitorOptions } from './monitor';
import { Operations } from './operations';
import { Probes } from './probes';
import { ReferencePrices, ReferencePriceSchedule } from './reference-prices';
import { newRosterEntryId, RosterJobs, RosterOperations } from './rosters';
import { SecretBox } from './secret-box';
import { SupplierLiability } from './supplier-liability';
import { SupplyOperations } from './supply';
import { SweepScheduler } from './sweep-scheduler';
import { realTimers, type Timers } from './timers';
import { Usage } from './usage';

export interface ComposeOptions extends ServiceOptions {
  /** The timer seam of every scheduled job (tests inject manual timers); the clock is `clock`. */
  timers?: Timers;
  /** Delivery monitoring: window size, minimum calls, grace before suspension. */
  monitor?: Partial<MonitorOptions>;
  /** Calls per conformance probe (default 3), and how often admitted endpoints are probed (0: never). */
  probeCalls?: number;
  probeIntervalMs?: number;
  /** Scheduled backups: how often, how many kept (see backups.ts). */
  backups?: Partial<BackupOptions>;
}

/** A scheduled job or reactor of the exchange: started after the domains exist, stopped before the store closes. */
export interface Job {
  start(): unknown;
  stop(): void;
}

/** The running exchange as one object: the service, every domain behind `ops`, and its jobs. */
export interface Exchange {
  service: ExchangeService;
  ops: Operations;
  /**
   * Starts: releases the holds of calls interrupted by the last stop, turns rosters on (once), then the
   * jobs in order: reference prices (a missed boundary first), sweeps and expiry, Auto Mode, the delivery
   * monitor, specification revisions and scheduled probes.
   */
  start(): Promise<void>;
  /** Stops the jobs and closes the databases (committing what is pending). */
  close(): void;
}

/**
 * The composition root: builds the exchange once (database, store, engine service, every domain service,
 * every scheduled job), on one clock and one timer seam. Electron, headless, tests and benchmarks all
 * open the exchange through it; adapters receive `ops` and never construct services.
 */
export async function composeExchange(options: ComposeOptions): Promise<Exchange> {
  const service = await ExchangeService.open(options);
  const timers = options.timers ?? realTimers;
  const monitoring = new MonitoringStore(options.dataDir);
  const referencePrices = new ReferencePrices(service);
  const sweeps = new SweepScheduler(service, timers);
  const autoTopUps = new AutoTopUps(service);
  const consumptionKeys = new ConsumptionKeys(service);
  const endpoints = new ModelEndpoints(service, SecretBox.loadOrCreate(options.dataDir));
  const calls = new Calls(service, consumptionKeys, endpoints, autoTopUps);
  const monitor = new DeliveryMonitor(service, monitoring, timers, {
    ...DEFAULT_MONITOR,
    ...options.monitor,
  });
  calls.onAttemptFailed = (endpoint, instrumentId, at) =>
    monitor.attemptFailed(endpoint.endpoint_id, instrumentId, at);
  const probes = new Probes(service, endpoints, monitoring, options.probeCalls);
  const rosters = new RosterOperations(service, endpoints, probes, monitor);
  const backups = new Backups(service, timers, { ...DEFAULT_BACKUPS, ...options.backups });
  const ops = new Operations(service, {
    keys: new ApiKeys(service),
    marketData: new MarketData(service),
    referencePrices,
    lifecycle: new LifecycleOperations(service, sweeps, new SupplierLiability(service)),
    supply: new SupplyOperations(service),
    autoTopUps,
    consumptionKeys,
    endpoints,
    calls,
    usage: new Usage(service, calls),
    monitor,
    rosters,
    backups,
  });
  const jobs: Job[] = [
    new ReferencePriceSchedule(service, { timers, publisher: referencePrices }),
    sweeps,
    autoTopUps,
    monitor,
    new RosterJobs(service, rosters, timers, options.probeIntervalMs ?? 0),
    backups,
  ];
  let started = false;
  return {
    service,
    ops,
    async start() {
      if (started) return;
      started = true;
      const state = service.engine.state;
      if (state.reservations.size > 0) await service.submit({ type: 'release_reservations' }, SYSTEM_ACTOR);
      if (!state.rostersEnabled) {
        const approved = [...state.supply.values()].filter((r) => r.status === 'approved').length;
        const entry_ids = Array.from({ length: approved }, newRosterEntryId);
        await service.submit({ type: 'enable_rosters', entry_ids }, SYSTEM_ACTOR);
      }
      for (const job of jobs) await job.start();
    },
    close() {
      for (const job of [...jobs].reverse()) job.stop();
      probes.stop();
      service.close();
      monitoring.close();
    },
  };
}
