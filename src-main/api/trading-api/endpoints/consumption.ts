import { z } from 'zod';
import {
  CALL_OUTCOMES,
  CallSchema,
  ConsumptionKeySchema,
  CreateKeyBody,
  EndpointBody,
  EndpointId,
  EndpointTestSchema,
  EndpointUpdateBody,
  KeyId,
  ModelEndpointSchema,
  UpdateKeyBody,
} from '../../../../src-preload/contract-consumption';
import {
  ApplicationBody,
  PublicRosterSchema,
  RosterEntrySchema,
} from '../../../../src-preload/contract-rosters';
import { ExchangeError } from '../../../service/errors';
import { DEFAULT_TEST_PROMPT } from '../../handlers/consumption';
import { parseOrThrow } from '../../validation';
import type { TradingApiContext } from '../context';
import { type Endpoint, list, single } from '../endpoint';
import { pageQuery, paginate, paginateList } from '../pagination';

/** The public exchange's clients send `{"api_key": {...}}`; plain bodies are accepted too. */
const KeyBody = (schema: z.ZodType) =>
  z.preprocess(
    (body) =>
      body && typeof body === 'object' && 'api_key' in body && Object.keys(body).length === 1
        ? (body as { api_key: unknown }).api_key
        : body,
    schema,
  );
const CreateKey = KeyBody(CreateKeyBody) as unknown as typeof CreateKeyBody;
const UpdateKey = KeyBody(UpdateKeyBody) as unknown as typeof UpdateKeyBody;
const KeysQuery = pageQuery(['created_at'], 'desc');
const EndpointsQuery = pageQuery(['created_at'], 'asc');
const UsageListQuery = pageQuery(['sequence'], 'desc').extend({
  view: z
    .enum(['consumed', 'served'])
    .default('consumed')
    .describe('consumed: the calls your keys made; served: the calls your endpoints served (suppliers)'),
  key_id: KeyId.optional(),
  instrument_id: z.string().optional(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
const idOf = (params: Record<string, string>, schema: z.ZodType<string>, what: string) => {
  const parsed = schema.safeParse(params.id);
  if (!parsed.success) throw new ExchangeError(404, `${what} ${params.id} not found`);
  return parsed.data;
};

const tag = 'Consumption';

type Maybe<T> = T | Promise<T>;

/** One of the signer's resources at `path/:id`: read, change and remove it, acting as the signer. */
interface OwnResource<R extends z.ZodType, B extends z.ZodType> {
  path: string;
  /** The id parameter's description. */
  idParam: string;
  /** The id from the path; an id that cannot name one is a 404. */
  idOf: (params: Record<string, string>) => string;
  response: R;
  get: { summary: string; handle: (participantId: string, id: string) => Maybe<z.output<R>> };
  update: {
    summary: string;
    body: B;
    handle: (participantId: string, id: string, body: z.output<B>) => Maybe<z.output<R>>;
  };
  remove: { summary: string; handle: (participantId: string, id: string) => Maybe<z.output<R>> };
}

/** GET, PUT and DELETE of one of the signer's resources: the same three for keys and model endpoints. */
function ownResource<R extends z.ZodType, B extends z.ZodType>(resource: OwnResource<R, B>): Endpoint[] {
  const { idOf, response, get, update, remove } = resource;
  const at = {
    path: `${resource.path}/:id`,
    tag,
    auth: 'signed',
    params: { id: resource.idParam },
    response,
  } as const;
  return [
    single({
      ...at,
      method: 'get',
      summary: get.summary,
      errors: [404],
      handle: ({ participantId, params }) => get.handle(participantId, idOf(params)),
    }),
    single({
      ...at,
      method: 'put',
      summary: update.summary,
      body: update.body,
      errors: [404, 409, 422],
      handle: ({ participantId, params, body }) =>
        // `Out<B>` of a generic B does not narrow; the router parsed the body with `update.body`.
        update.handle(participantId, idOf(params), body as z.output<B>),
    }),
    single({
      ...at,
      method: 'delete',
      summary: remove.summary,
      errors: [404],
      handle: ({ participantId, params }) => remove.handle(participantId, idOf(params)),
    }),
  ];
}

/**
 * Consumption keys in the public exchange's key-management shape, suppliers' model endpoints, and the
 * usage record of every call, acting as the signing key's owner.
 */
export function consumptionEndpoints(api: TradingApiContext): Endpoint[] {
  const { consumptionKeys: keys, endpoints, calls, usage, rosters } = api.ops;
  const keyId = (params: Record<string, string>) => idOf(params, KeyId, 'consumption key');
  const endpointId = (params: Record<string, string>) => idOf(params, EndpointId, 'model endpoint');
  return [
    single({
      method: 'post',
      path: '/api-keys',
      summary: 'Create a consumption key (the secret `key` is in this answer only)',
      tag,
      auth: 'signed',
      body: CreateKey,
      response: ConsumptionKeySchema,
      status: 201,
      errors: [403, 422],
      handle: ({ participantId, body }) => keys.create(participantId, body, participantId),
    }),
    list({
      method: 'get',
      path: '/api-keys',
      summary: 'Your consumption keys, without their secrets',
      tag,
      auth: 'signed',
      query: KeysQuery,
      response: ConsumptionKeySchema,
      errors: [422],
      handle: ({ participantId, query }) =>
        paginateList(query, keys.list(participantId), (k) => [k.created_at, k.id]),
    }),
    ...ownResource({
      path: '/api-keys',
      idParam: 'The key id',
      idOf: keyId,
      response: ConsumptionKeySchema,
      get: {
        summary: 'One of your consumption keys',
        handle: (participantId, id) => keys.get(participantId, id),
      },
      update: {
        summary: 'Rename a key, change its expiry, limits or budget, or deactivate it (is_active: false)',
        body: UpdateKey,
        handle: (participantId, id, body) => keys.update(participantId, id, body, participantId),
      },
      remove: {
        summary: 'Revoke a consumption key: calls with it get 401 from now on',
        handle: (participantId, id) => keys.revoke(participantId, id, participantId),
      },
    }),
    single({
      method: 'post',
      path: '/model-endpoints',
      summary:
        'Register a model endpoint for an instrument (suppliers): an OpenAI-compatible upstream or a simulated model',
      description:
        "It serves calls once admitted to an instrument's roster: apply it with `POST /model-endpoints/{id}/applications`. An upstream's api_key is stored encrypted and never shown again.",
      tag,
      auth: 'signed',
      // A union cannot be extended; each branch is checked by the contract schema in the handler.
      body: z.looseObject({ kind: z.enum(['simulated', 'openai']) }),
      response: ModelEndpointSchema,
      status: 201,
      errors: [403, 404, 409, 422],
      handle: ({ participantId, body }) =>
        endpoints.register(participantId, parseOrThrow(EndpointBody, body), participantId),
    }),
    list({
      method: 'get',
      path: '/model-endpoints',
      summary: 'Your model endpoints and whether each is serving',
      tag,
      auth: 'signed',
      query: EndpointsQuery,
      response: ModelEndpointSchema,
      errors: [422],
      handle: ({ participantId, query }) =>
        paginateList(query, endpoints.list(participantId), (e) => [e.created_at, e.endpoint_id]),
    }),
    ...ownResource({
      path: '/model-endpoints',
      idParam: 'The endpoint id',
      idOf: endpointId,
      response: ModelEndpointSchema,
      get: {
        summary: 'One of your model endpoints',
        handle: (participantId, id) => endpoints.view(endpoints.owned(participantId, id)),
      },
      update: {
        summary: 'Rename, pause or resume an endpoint, or change its throughput or simulated configuration',
        body: EndpointUpdateBody,
        handle: (participantId, id, body) => endpoints.update(participantId, id, body, participantId),
      },
      remove: {
        summary: 'Delete an endpoint (its past calls keep naming it)',
        handle: (participantId, id) => endpoints.remove(participantId, id, participantId),
      },
    }),
    single({
      method: 'post',
      path: '/model-endpoints/:id/test',
      summary: 'Run one unbilled call through the endpoint: TTFT, throughput, the answer and the verdict',
      tag,
      auth: 'signed',
      params: { id: 'The endpoint id' },
      body: z.object({ prompt: z.string().min(1).max(10_000).optional() }).strict(),
      response: EndpointTestSchema,
      errors: [404],
      handle: ({ participantId, params, body }) =>
        calls.test(endpoints.owned(participantId, endpointId(params)), body.prompt ?? DEFAULT_TEST_PROMPT),
    }),
    single({
      method: 'post',
      path: '/model-endpoints/:id/applications',
      summary: "Apply an endpoint to an instrument's roster (a conformance probe starts at once)",
      description:
        'Declares its quality score (and the public index it comes from), context window, max output and capacity. ' +
        'The operator admits or rejects it beside its probe report; only admitted endpoints serve calls and back issuance.',
      tag,
      auth: 'signed',
      params: { id: 'The endpoint id' },
      body: ApplicationBody,
      response: RosterEntrySchema,
      status: 201,
      errors: [404, 409, 422],
      handle: ({ participantId, params, body }) =>
        rosters.apply(participantId, endpointId(params), body, participantId),
    }),
    list({
      method: 'get',
      path: '/roster-entries',
      summary: 'Your endpoints on every roster, with their monitoring window and latest probe',
      tag,
      auth: 'signed',
      query: EndpointsQuery,
      response: RosterEntrySchema,
      errors: [422],
      handle: ({ participantId, query }) =>
        paginateList(query, rosters.mine(participantId), (e) => [e.applied_at, e.entry_id]),
    }),
    single({
      method: 'get',
      path: '/instruments/:id/roster',
      summary: 'The admitted suppliers and models of an instrument (public; no secrets)',
      tag: 'Instruments',
      auth: 'public',
      params: { id: 'instrument_id, or the symbol' },
      response: PublicRosterSchema,
      errors: [404],
      handle: ({ params }) => rosters.publicRoster(params.id!),
    }),
    list({
      method: 'get',
      path: '/usage',
      summary: 'The usage record of every call: your own (consumed), or the ones your endpoints served',
      tag,
      auth: 'signed',
      query: UsageListQuery,
      response: CallSchema,
      errors: [422],
      handle: ({ participantId, query }) => {
        const own =
          query.view === 'served' ? { supplier_id: participantId } : { participant_id: participantId };
        return paginate(
          query,
          (c) => [c.sequence],
          ({ after, direction, take }) => {
            if (direction === 'asc') throw new ExchangeError(422, 'usage is listed newest first');
            return usage.pageNow({
              ...own,
              key_id: query.key_id,
              instrument_id: query.instrument_id,
              outcome: query.outcome,
              from: query.from,
              to: query.to,
              before: after === undefined ? undefined : Number(after[0]),
              limit: take,
            }).calls;
          },
          { backward: false },
        );
      },
    }),
  ];
}
