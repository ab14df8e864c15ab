import type { IssuanceView, SupplyRegistrationView } from '../../src-preload/contract-supply';
import type { SignedCall } from './signing';
import { AMPLE_SIMULATED_SUPPLY } from '../../src-main/service/sandbox';

/**
 * Gated issuance as a test (or a user) goes through it, over any contract caller (so Playwright specs
 * can load this too: it imports no main-process code) before a supplier can sell: declare capacity,
 * have the operator approve it, issue into the Issuance account, move the Units to the Trading account.
 */

/** Tokens per second enough for 1,000,000 Units at once (1e9 × a 4-hour Lot lifetime = 14.4M Units). */
export const AMPLE_CAPACITY = 1_000_000_000;

export type ContractReply = { ok: boolean; result?: any; error?: any } | null;
/**
 * One contract request made as the exchange operator: `contractSocket(...).call` with the operator's
 * token, or `operatorCalls(ops)` in process.
 */
export type ContractCall = (name: string, args: unknown) => Promise<ContractReply>;

async function ok<T>(call: ContractCall, name: string, args: unknown): Promise<T> {
  const reply = await call(name, args);
  if (!reply?.ok) throw new Error(`${name} failed: ${JSON.stringify(reply?.error ?? reply)}`);
  return reply.result as T;
}

/** The simulated model test suppliers serve with: instant, conforming on every instrument. */
const TEST_MODEL = AMPLE_SIMULATED_SUPPLY.simulated;
const application = (instrument: string, tokensPerSecond: number) => ({
  instrument_id: instrument,
  quality_score: 60,
  quality_source: 'test',
  context_window: 1_000_000,
  max_output_tokens: 128_000,
  tokens_per_second: tokensPerSecond,
});

/**
 * Gives the supplier `tokensPerSecond` of admitted capacity in the instrument: a simulated endpoint
 * applied to the roster and admitted by the operator (skipped when it already has as much).
 */
export async function approveSupply(
  call: ContractCall,
  supplier: string,
  instrument: string,
  tokensPerSecond = AMPLE_CAPACITY,
): Promise<SupplyRegistrationView> {
  const registration = async () =>
    (
      await ok<SupplyRegistrationView[]>(call, 'supply.registrations', {
        participant_id: supplier,
        instrument_id: instrument,
      })
    )[0]!;
  const current = (
    await ok<SupplyRegistrationView[]>(call, 'supply.registrations', {
      participant_id: supplier,
      instrument_id: instrument,
    })
  )[0];
  if (current?.status === 'approved' && current.tokens_per_second >= tokensPerSecond) return current;
  // Before rosters are on (an exchange not started), the declared capacity and its approval.
  const declared = await call('supply.declare', {
    participant_id: supplier,
    instrument_id: instrument,
    tokens_per_second: tokensPerSecond,
  });
  if (declared?.ok) {
    if (declared.result.status === 'approved') return declared.result as SupplyRegistrationView;
    return ok(call, 'supply.review', {
      participant_id: supplier,
      instrument_id: instrument,
      approved: true,
      reason: 'test supplier',
    });
  }
  if (declared?.error?.code !== 1041)
    throw new Error(`supply.declare failed: ${JSON.stringify(declared?.error)}`);
  const endpoint = await ok<{ endpoint_id: string }>(call, 'endpoints.register', {
    participant_id: supplier,
    kind: 'simulated',
    instrument_id: instrument,
    name: 'Test model',
    tokens_per_second: tokensPerSecond,
    simulated: TEST_MODEL,
  });
  const applied = await ok<{ entry_id: string }>(call, 'roster.apply', {
    participant_id: supplier,
    endpoint_id: endpoint.endpoint_id,
    ...application(instrument, tokensPerSecond),
  });
  await ok(call, 'roster.decide', {
    entry_id: applied.entry_id,
    action: 'admit',
    reason: 'test supplier',
  });
  return registration();
}

/**
 * Approves the supplier (when it is not already), issues `quantity` Units and, unless `toTrading` is
 * false, moves them to its Trading account, ready to sell. Answers the issuance record.
 */
export async function stockUnits(
  call: ContractCall,
  supplier: string,
  instrument: string,
  quantity: number,
  options: { tokensPerSecond?: number; toTrading?: boolean } = {},
): Promise<IssuanceView> {
  await approveSupply(call, supplier, instrument, options.tokensPerSecond);
  const issued = await ok<IssuanceView>(call, 'supply.issue', {
    participant_id: supplier,
    instrument_id: instrument,
    quantity,
  });
  if (options.toTrading !== false) {
    await ok(call, 'issuance.toTrading', { participant_id: supplier, instrument_id: instrument, quantity });
  }
  return issued;
}

type Signed = (method: string, path: string, call?: SignedCall) => Promise<Response>;
type Admin = (path: string, init: { method?: string; body?: unknown }) => Promise<Response>;

async function expectStatus(response: Response, status: number, what: string): Promise<any> {
  const body = (await response.json()) as any;
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(body)}`);
  }
  return body.data;
}

/**
 * The same flow over HTTP as a supplier with a signing key would go through it: `POST /v1/model-endpoints`
 * and `POST /v1/model-endpoints/{id}/applications` (signed), the operator's
 * `POST /v1/admin/roster-entries/{id}/admit`, then `POST /v1/supply-issuances` and
 * `POST /v1/issuance-accounts/transfer` (signed).
 */
export async function stockUnitsOverRest(
  asSupplier: Signed,
  admin: Admin,
  _supplier: string,
  instrument: string,
  quantity: number,
  options: { tokensPerSecond?: number; toTrading?: boolean } = {},
): Promise<IssuanceView> {
  const tps = options.tokensPerSecond ?? AMPLE_CAPACITY;
  const capacity = await asSupplier('GET', `/v1/supply-capacity?instrument_id=${instrument}`);
  const current = ((await capacity.json()) as any).data?.[0];
  if (!(current?.status === 'approved' && current.tokens_per_second >= tps)) {
    const endpoint = await expectStatus(
      await asSupplier('POST', '/v1/model-endpoints', {
        body: {
          kind: 'simulated',
          instrument_id: instrument,
          name: 'Test model',
          tokens_per_second: tps,
          simulated: TEST_MODEL,
        },
      }),
      201,
      'POST /v1/model-endpoints',
    );
    const entry = await expectStatus(
      await asSupplier('POST', `/v1/model-endpoints/${endpoint.endpoint_id}/applications`, {
        body: application(instrument, tps),
      }),
      201,
      'POST /v1/model-endpoints/{id}/applications',
    );
    await expectStatus(
      await admin(`/v1/admin/roster-entries/${entry.entry_id}/admit`, {
        method: 'POST',
        body: { reason: 'test supplier' },
      }),
      200,
      'POST /v1/admin/roster-entries/{id}/admit',
    );
  }
  const issued = await expectStatus(
    await asSupplier('POST', '/v1/supply-issuances', { body: { instrument_id: instrument, quantity } }),
    201,
    'POST /v1/supply-issuances',
  );
  if (options.toTrading !== false) {
    await expectStatus(
      await asSupplier('POST', '/v1/issuance-accounts/transfer', {
        body: { instrument_id: instrument, quantity },
      }),
      201,
      'POST /v1/issuance-accounts/transfer',
    );
  }
  return issued;
}
