import type { z } from 'zod';
import type {
  EndpointBody,
  EndpointUpdateBody,
  ModelEndpointView,
} from '../../src-preload/contract-consumption';
import type { ModelEndpoint } from '../engine/consumption-types';
import { unitKey } from '../engine/orders';
import type { ModelEndpoint as Deliverer } from '../delivery/endpoint';
import { OpenAIUpstream } from '../delivery/openai-upstream';
import { SimulatedModel } from '../delivery/simulated-model';
import { ExchangeError } from './errors';
import type { ExchangeService } from './exchange-service';
import { newId } from './ids';
import type { SecretBox } from './secret-box';
import { ownRows } from './own-rows';

const iso = (ms: number) => new Date(ms).toISOString();

/** The live side of an endpoint: the object that delivers, and the calls it is serving now. */
export interface Runtime {
  updatedAt: number;
  deliverer: Deliverer;
  inFlight: number;
}

/**
 * Suppliers' model endpoints: registration (upstream keys sealed before they reach the journal),
 * pausing, deletion, the objects that deliver for each, and whether each may serve now. Until rosters
 * exist, an endpoint serves while it is active and its supplier's capacity for the instrument is approved.
 */
export class ModelEndpoints {
  private readonly runtimes = new Map<string, Runtime>();

  constructor(
    private readonly service: ExchangeService,
    private readonly secrets: SecretBox,
  ) {}

  private get state() {
    return this.service.engine.state;
  }

  async register(
    participantId: string,
    body: z.output<typeof EndpointBody>,
    actor: string,
  ): Promise<ModelEndpointView> {
    const { result } = await this.service.submit<ModelEndpoint>(
      {
        type: 'register_model_endpoint',
        endpoint: {
          endpoint_id: newId('endpoint'),
          participant_id: participantId,
          instrument_id: body.instrument_id,
          name: body.name,
          kind: body.kind,
          tokens_per_second: body.tokens_per_second,
          simulated: body.kind === 'simulated' ? body.simulated : null,
          upstream:
            body.kind === 'openai'
              ? {
                  base_url: body.upstream.base_url,
                  model: body.upstream.model,
                  headers: body.upstream.headers ?? {},
                  api_key_sealed: body.upstream.api_key ? this.secrets.seal(body.upstream.api_key) : null,
                  timeout_ms: body.upstream.timeout_ms,
                }
              : null,
        },
      },
      actor,
    );
    return this.view(result);
  }

  async update(
    participantId: string,
    endpointId: string,
    body: z.output<typeof EndpointUpdateBody>,
    actor: string,
  ): Promise<ModelEndpointView> {
    const current = this.owned(participantId, endpointId);
    if (body.simulated && current.kind !== 'simulated')
      throw new ExchangeError(422, 'only a simulated endpoint has a simulated configuration');
    const { result } = await this.service.submit<ModelEndpoint>(
      {
        type: 'update_model_endpoint',
        endpoint_id: endpointId,
        participant_id: participantId,
        ...(body.name !== undefined && { name: body.name }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.tokens_per_second !== undefined && { tokens_per_second: body.tokens_per_second }),
        ...(body.simulated && { simulated: { ...current.simulated!, ...body.simulated } }),
      },
      actor,
    );
    return this.view(result);
  }

  async remove(participantId: string, endpointId: string, actor: string): Promise<ModelEndpointView> {
    this.owned(participantId, endpointId);
    const { result } = await this.service.submit<ModelEndpoint>(
      {
        type: 'update_model_endpoint',
        endpoint_id: endpointId,
        participant_id: participantId,
        status: 'deleted',
      },
      actor,
    );
    this.runtimes.delete(endpointId);
    return this.view(result);
  }

  /** A supplier's endpoints (not deleted), or every endpoint on the exchange. */
  list(participantId?: string): ModelEndpointView[] {
    return ownRows(this.state.endpoints.values(), participantId, (e) => e.endpoint_id)
      .filter((e) => e.status !== 'deleted')
      .map((e) => this.view(e));
  }

  owned(participantId: string, endpointId: string): ModelEndpoint {
    const endpoint = this.state.endpoints.get(endpointId);
    if (!endpoint || endpoint.participant_id !== participantId || endpoint.status === 'deleted')
      throw new ExchangeError(404, `model endpoint ${endpointId} not found`);
    return endpoint;
  }

  /**
   * Why an endpoint may not serve an instrument now, or null when it may: it must be active, its supplier
   * active, and (once rosters are on) admitted to the instrument's roster; before rosters, its supplier's
   * capacity in the instrument approved.
   */
  notServing(endpoint: ModelEndpoint, instrumentId: string = endpoint.instrument_id): string | null {
    if (endpoint.status !== 'active') return `the endpoint is ${endpoint.status}`;
    if (this.state.participants.get(endpoint.participant_id)?.status !== 'active')
      return 'the supplier is suspended';
    if (this.state.rostersEnabled) {
      let status: string | null = null;
      for (const entry of this.state.roster.values())
        if (entry.endpoint_id === endpoint.endpoint_id && entry.instrument_id === instrumentId) {
          if (entry.status === 'admitted') return null;
          if (entry.status === 'pending' || entry.status === 'suspended') status = entry.status;
        }
      return status === null ? 'not on the roster: apply it to the instrument' : `${status} on the roster`;
    }
    const registration = this.state.supply.get(unitKey(endpoint.participant_id, instrumentId));
    if (registration?.status !== 'approved')
      return "the supplier's capacity in this instrument is not approved";
    return null;
  }

  /** Calls it may serve at once: its declared throughput over the instrument's throughput floor. */
  maxConcurrency(endpoint: ModelEndpoint): number {
    const floor = this.state.instruments.get(endpoint.instrument_id)?.spec.throughput_floor_tps ?? 10;
    return Math.max(1, Math.floor(endpoint.tokens_per_second / Math.max(floor, 1)));
  }

  /** The endpoint's deliverer, rebuilt when its configuration changed. */
  runtime(endpoint: ModelEndpoint): Runtime {
    const existing = this.runtimes.get(endpoint.endpoint_id);
    if (existing && existing.updatedAt === endpoint.updated_at) return existing;
    const runtime: Runtime = {
      updatedAt: endpoint.updated_at,
      deliverer: this.deliverer(endpoint),
      inFlight: existing?.inFlight ?? 0,
    };
    this.runtimes.set(endpoint.endpoint_id, runtime);
    return runtime;
  }

  view(endpoint: ModelEndpoint): ModelEndpointView {
    const blocked = this.notServing(endpoint);
    const upstream = endpoint.upstream;
    return {
      endpoint_id: endpoint.endpoint_id,
      participant_id: endpoint.participant_id,
      supplier_name: this.state.participants.get(endpoint.participant_id)?.name ?? endpoint.participant_id,
      instrument_id: endpoint.instrument_id,
      symbol: this.state.instruments.get(endpoint.instrument_id)?.symbol ?? endpoint.instrument_id,
      name: endpoint.name,
      kind: endpoint.kind,
      status: endpoint.status,
      tokens_per_second: endpoint.tokens_per_second,
      simulated: endpoint.simulated,
      upstream: upstream && {
        base_url: upstream.base_url,
        model: upstream.model,
        has_api_key: upstream.api_key_sealed !== null,
        header_names: Object.keys(upstream.headers),
        timeout_ms: upstream.timeout_ms,
      },
      serving: blocked === null,
      serving_reason: blocked ?? 'serving calls',
      max_concurrency: this.maxConcurrency(endpoint),
      in_flight: this.runtimes.get(endpoint.endpoint_id)?.inFlight ?? 0,
      created_at: iso(endpoint.created_at),
      updated_at: iso(endpoint.updated_at),
    };
  }

  private deliverer(endpoint: ModelEndpoint): Deliverer {
    if (endpoint.simulated) return new SimulatedModel(endpoint.simulated);
    const upstream = endpoint.upstream!;
    const apiKey = upstream.api_key_sealed === null ? null : this.secrets.open(upstream.api_key_sealed);
    return new OpenAIUpstream({
      base_url: upstream.base_url,
      model: upstream.model,
      headers: upstream.headers,
      timeout_ms: upstream.timeout_ms,
      ...(apiKey !== null && { api_key: apiKey }),
    });
  }
}
