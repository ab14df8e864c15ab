import { ApiKeys } from './api-keys';
import { Calls } from './calls';
import { ConsumptionKeys } from './consumption-keys';
import { ModelEndpoints } from './model-endpoints';
import { SecretBox } from './secret-box';
import { Usage } from './usage';
import { ExchangeService, type ServiceOptions, SYSTEM_ACTOR } from './exchange-service';
import { AutoTopUps, LifecycleOperations, SweepScheduler } from './lifecycle';
import { MarketData } from './market-data';
import { Operations } from './operations';
import { ReferencePrices, ReferencePriceSchedule } from './reference-prices';
import { SupplyOperations } from './supply';
import { realTimers, type Timers } from './timers';

export interface ComposeOptions extends ServiceOptions {
  /** The timer seam of every scheduled job (tests inject manual timers); the clock is `clock`. */
  timers?: Timers;
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
  /** Starts the jobs in order: reference prices (a missed boundary first), sweeps and expiry, Auto Mode. */
  start(): Promise<void>;
  /** Stops the jobs and closes the database (committing what is pending). */
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
  const referencePrices = new ReferencePrices(service);
  const sweeps = new SweepScheduler(service, timers);
  const autoTopUps = new AutoTopUps(service);
  const consumptionKeys = new ConsumptionKeys(service);
  const endpoints = new ModelEndpoints(service, SecretBox.loadOrCreate(options.dataDir));
  const calls = new Calls(service, consumptionKeys, endpoints, autoTopUps);
  const ops = new Operations(service, {
    keys: new ApiKeys(service),
    marketData: new MarketData(service),
    referencePrices,
    lifecycle: new LifecycleOperations(service, sweeps),
    supply: new SupplyOperations(service),
    autoTopUps,
    consumptionKeys,
    endpoints,
    calls,
    usage: new Usage(service, calls),
  });
  const jobs: Job[] = [
    new ReferencePriceSchedule(service, { timers, publisher: referencePrices }),
    sweeps,
    autoTopUps,
  ];
  let started = false;
  return {
    service,
    ops,
    async start() {
      if (started) return;
      started = true;
      // Calls in flight when the exchange last stopped end unbilled; their holds are released.
      if (service.engine.state.reservations.size > 0)
        await service.submit({ type: 'release_reservations' }, SYSTEM_ACTOR);
      for (const job of jobs) await job.start();
    },
    close() {
      for (const job of [...jobs].reverse()) job.stop();
      service.close();
    },
  };
}
