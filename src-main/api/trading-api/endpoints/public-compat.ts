import { z } from 'zod';
import { MarketId } from '../../../../src-preload/contract';
import {
  RegisterSigningKeyBody,
  SigningKeySchema,
  type SigningKeyView,
} from '../../../../src-preload/contract-api-keys';
import { Iso, ParticipantRoleName, ParticipantStatus } from '../../../../src-preload/contract-kit';
import { ExchangeError } from '../../../service/errors';
import { APP_VERSION } from '../../../service/operations';
import type { TradingApiContext } from '../context';
import { type Endpoint, single } from '../endpoint';
import { PublicTransferBody } from '../public-accounts';
import { DEFAULT_RATE_LIMIT, rateLimitFromEnv } from '../rate-limit';
import { SupplierLiabilitySchema } from '../schemas';
import { ALL } from './lifecycle';

/**
 * Endpoints the public exchange's clients call that Grid Desk had no reason to have: who am I, health
 * and diagnostics, rate limits, an issuance summary, liability of one instrument, self-service signing
 * keys, and the transfer back from consumption (refused: Grid Desk's transfers are one-way).
 */

const MeSchema = z.object({
  user_id: z.string(),
  id: z.string(),
  participant_id: z.string(),
  email: z.string().describe('A placeholder address (Grid Desk participants have no email)'),
  name: z.string(),
  role: ParticipantRoleName,
  status: ParticipantStatus,
  account_mode: z.literal('advanced').describe('Orders may be placed by hand (Auto Mode is per instrument)'),
  capabilities: z.array(z.string()),
  email_verified: z.boolean(),
  accepted_terms: z.boolean(),
  created_at: Iso,
  updated_at: Iso,
});

const HealthSchema = z.object({
  status: z.literal('ok'),
  service: z.string(),
  version: z.string(),
  sequence: z.number().describe('The last committed exchange sequence number'),
  server_time: Iso,
});

const DiagnosticsSchema = z.object({
  status: z.enum(['ok', 'warn', 'fail']),
  service: z.string(),
  server_time: Iso,
  checks: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['ok', 'warn', 'fail']),
      code: z.string(),
      detail: z.string(),
    }),
  ),
  summary: z.record(z.string(), z.unknown()),
});

const LimitsSchema = z.object({
  market_id: z.string().nullable(),
  order_rate_limits: z.object({
    scope: z.literal('user_market'),
    max_orders_per_second: z.number(),
    max_orders_per_minute: z.number(),
    burst_capacity: z.number(),
    window_seconds: z.number(),
  }),
  response_headers: z.object({ limit: z.string(), remaining: z.string(), retry_after: z.string() }),
});

const SupplySummarySchema = z.object({
  instrument_id: z.string(),
  instrument_symbol: z.string(),
  total_issued: z.number().describe('Units ever issued'),
  units_available: z.number().describe('Units still in the Issuance account'),
  units_transferred_to_trading: z.number(),
  issuance_count: z.number(),
});

/** A signing key in the public exchange's shape: Grid Desk's, with the ids and flag its clients read. */
const PublicSigningKeySchema = z.object({
  key_id: z.string().describe('The fingerprint'),
  id: z.string(),
  ...SigningKeySchema.shape,
  is_active: z.boolean(),
});
const publicKey = (key: SigningKeyView): z.output<typeof PublicSigningKeySchema> => ({
  ...key,
  key_id: key.fingerprint,
  id: key.fingerprint,
  is_active: key.revoked_at === null,
});

/** The TypeScript SDK wraps the key in `signing_key`; other clients send it bare. Both are accepted. */
const SelfServiceKeyBody = z.union([
  z.object({ signing_key: RegisterSigningKeyBody }).strict(),
  RegisterSigningKeyBody,
]);

const CAPABILITIES: Record<string, string[]> = {
  consumer: ['trade', 'transfer_to_consumption', 'auto_mode'],
  supplier: ['trade', 'issue_supply', 'transfer_issuance_to_trading'],
  operator: [],
};

export function publicCompatEndpoints(api: TradingApiContext): Endpoint[] {
  const { ops } = api;
  const keys = ops.keys;
  const life = ops.lifecycle;
  const supply = ops.supply;
  const now = () => new Date(ops.service.clock()).toISOString();

  return [
    single({
      method: 'get',
      path: '/me',
      summary: 'The participant whose key signed the request',
      tag: 'Accounts',
      auth: 'signed',
      response: MeSchema,
      handle: ({ participantId }) => {
        const me = ops.participant(participantId);
        return {
          user_id: me.participant_id,
          id: me.participant_id,
          participant_id: me.participant_id,
          email: `${me.participant_id}@participants.grid-desk.invalid`,
          name: me.name,
          role: me.role,
          status: me.status,
          account_mode: 'advanced' as const,
          capabilities: CAPABILITIES[me.role] ?? [],
          email_verified: false,
          accepted_terms: true,
          created_at: me.created_at,
          updated_at: me.created_at,
        };
      },
    }),
    single({
      method: 'get',
      path: '/health',
      summary: 'Liveness of the Trading API',
      tag: 'System',
      auth: 'public',
      response: HealthSchema,
      handle: () => ({
        status: 'ok' as const,
        service: 'grid-desk',
        version: APP_VERSION,
        sequence: ops.service.lastSeq,
        server_time: now(),
      }),
    }),
    single({
      method: 'get',
      path: '/diagnostics',
      summary: 'Read-only self-checks of the Trading API',
      tag: 'System',
      auth: 'public',
      response: DiagnosticsSchema,
      handle: ({ participantId }) => ({
        status: 'ok' as const,
        service: 'grid-desk',
        server_time: now(),
        checks: [
          {
            name: 'trading_api',
            status: 'ok' as const,
            code: 'ok',
            detail: `Grid Desk ${APP_VERSION} is serving`,
          },
          {
            name: 'signature',
            status: participantId ? ('ok' as const) : ('warn' as const),
            code: participantId ? 'ok' : 'unsigned',
            detail: participantId ? `signed as ${participantId}` : 'the request was not signed',
          },
        ],
        summary: { sequence: ops.service.lastSeq, markets: ops.markets().length },
      }),
    }),
    single({
      method: 'get',
      path: '/account/limits',
      summary: 'The request rate limit that applies to this key',
      tag: 'Accounts',
      auth: 'signed',
      query: z.object({ market_id: MarketId.optional() }),
      response: LimitsSchema,
      handle: ({ query }) => {
        const rate = rateLimitFromEnv() ?? DEFAULT_RATE_LIMIT;
        const perSecond = rate.limit / (rate.windowMs / 1000);
        return {
          market_id: query.market_id ?? null,
          order_rate_limits: {
            scope: 'user_market' as const,
            max_orders_per_second: Math.floor(perSecond),
            max_orders_per_minute: Math.floor(perSecond * 60),
            burst_capacity: rate.limit,
            window_seconds: rate.windowMs / 1000,
          },
          response_headers: {
            limit: 'x-ratelimit-limit',
            remaining: 'x-ratelimit-remaining',
            retry_after: 'retry-after',
          },
        };
      },
    }),
    single({
      method: 'get',
      path: '/supply-issuances/summary',
      summary: 'Per instrument: Units issued, still in the Issuance account, and moved to trading',
      tag: 'Suppliers',
      auth: 'signed',
      response: z.array(SupplySummarySchema),
      handle: ({ participantId }) => {
        const issuances = supply.issuances(participantId, ALL);
        const available = new Map(
          life.issuanceAccounts(participantId).map((a) => [a.instrument_id, a.units]),
        );
        const rows = new Map<string, z.output<typeof SupplySummarySchema>>();
        for (const issuance of issuances) {
          const row = rows.get(issuance.instrument_id) ?? {
            instrument_id: issuance.instrument_id,
            instrument_symbol: issuance.symbol,
            total_issued: 0,
            units_available: available.get(issuance.instrument_id) ?? 0,
            units_transferred_to_trading: 0,
            issuance_count: 0,
          };
          row.total_issued += issuance.quantity;
          row.issuance_count += 1;
          row.units_transferred_to_trading = Math.max(0, row.total_issued - row.units_available);
          rows.set(issuance.instrument_id, row);
        }
        return [...rows.values()].sort((a, b) => a.instrument_symbol.localeCompare(b.instrument_symbol));
      },
    }),
    single({
      method: 'get',
      path: '/supplier-liability/:instrument_id',
      summary: 'Liability and revenue in one instrument',
      tag: 'Suppliers',
      auth: 'signed',
      params: { instrument_id: 'instrument_id, or the symbol' },
      response: SupplierLiabilitySchema,
      errors: [404],
      handle: ({ participantId, params }) => {
        const id = params.instrument_id!;
        const row = life
          .supplierLiability(participantId)
          .find((r) => r.instrument_id === id || r.symbol === id);
        if (!row) throw new ExchangeError(404, `no liability in instrument ${id}`);
        return row;
      },
    }),
    single({
      method: 'post',
      path: '/signing-keys',
      summary: 'Register another signing key for yourself (signed with a key you already have)',
      tag: 'Signing keys',
      auth: 'signed',
      body: SelfServiceKeyBody,
      response: PublicSigningKeySchema,
      status: 201,
      errors: [409, 422],
      handle: async ({ participantId, body }) => {
        const key = 'signing_key' in body ? body.signing_key : body;
        return publicKey(await keys.register(participantId, key, participantId));
      },
    }),
    single({
      method: 'get',
      path: '/signing-keys',
      summary: 'Your signing keys',
      tag: 'Signing keys',
      auth: 'signed',
      response: z.array(PublicSigningKeySchema),
      handle: ({ participantId }) => keys.list(participantId).map(publicKey),
    }),
    single({
      method: 'delete',
      path: '/signing-keys/:id',
      summary: 'Revoke one of your signing keys (by fingerprint)',
      tag: 'Signing keys',
      auth: 'signed',
      params: { id: 'The fingerprint (key_id)' },
      response: PublicSigningKeySchema,
      errors: [404],
      handle: async ({ participantId, params }) =>
        publicKey(await keys.revoke(participantId, decodeURIComponent(params.id!), participantId)),
    }),
    single({
      method: 'post',
      path: '/transfers/consumption-to-trading',
      summary: 'Refused: moving Units from consumption back to trading is not allowed',
      description:
        'Grid Desk keeps transfers one-way (Units in consumption back Lots that expire); always 422.',
      tag: 'Transfers',
      auth: 'signed',
      body: PublicTransferBody,
      response: z.never(),
      errors: [422],
      handle: () => {
        throw new ExchangeError(
          422,
          'transfers are one-way on Grid Desk: Units moved to consumption cannot return to trading',
        );
      },
    }),
  ];
}
