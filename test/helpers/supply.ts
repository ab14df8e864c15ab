import type { IssuanceView, SupplyRegistrationView } from '../../src-preload/contract-supply';
import type { SignedCall } from './signing';

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

/**
 * Declares `tokensPerSecond` for the supplier in the instrument and has the operator approve it; a
 * declaration that keeps an existing approval (same or lower capacity) is not reviewed again.
 */
export async function approveSupply(
  call: ContractCall,
  supplier: string,
  instrument: string,
  tokensPerSecond = AMPLE_CAPACITY,
): Promise<SupplyRegistrationView> {
  const declared = await ok<SupplyRegistrationView>(call, 'supply.declare', {
    participant_id: supplier,
    instrument_id: instrument,
    tokens_per_second: tokensPerSecond,
  });
  if (declared.status === 'approved') return declared;
  return ok(call, 'supply.review', {
    participant_id: supplier,
    instrument_id: instrument,
    approved: true,
    reason: 'test supplier',
  });
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
 * The same flow over HTTP as a supplier with a signing key would go through it: `PUT /v1/supply-capacity`
 * (signed), the operator's `PUT /v1/admin/supply-registrations/...` (skipped when the declaration kept
 * its approval), `POST /v1/supply-issuances` and `POST /v1/issuance-accounts/transfer` (signed).
 */
export async function stockUnitsOverRest(
  asSupplier: Signed,
  admin: Admin,
  supplier: string,
  instrument: string,
  quantity: number,
  options: { tokensPerSecond?: number; toTrading?: boolean } = {},
): Promise<IssuanceView> {
  const declared = await expectStatus(
    await asSupplier('PUT', '/v1/supply-capacity', {
      body: { instrument_id: instrument, tokens_per_second: options.tokensPerSecond ?? AMPLE_CAPACITY },
    }),
    200,
    'PUT /v1/supply-capacity',
  );
  if (declared.status !== 'approved') {
    await expectStatus(
      await admin(`/v1/admin/supply-registrations/${supplier}/${instrument}`, {
        method: 'PUT',
        body: { approved: true, reason: 'test supplier' },
      }),
      200,
      'PUT /v1/admin/supply-registrations',
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
