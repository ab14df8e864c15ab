import { RequestError } from '../transport/client';

/** The text to show for a failed call: the exchange's own words when it answered. */
export function errorText(error: unknown): string {
  if (error instanceof RequestError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * True when the request may never have reached the exchange (the socket dropped or could not open),
 * so retrying it with the same idempotency key is the safe thing to do.
 */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof RequestError && error.status === 503;
}

/**
 * A refused action as shown beside the form that sent it: the exchange's words, with the engine's
 * numbered rejection code where there is one ("Rejected (code 1005): not enough USD …").
 */
export function rejectionText(error: unknown): string {
  if (error instanceof RequestError && error.code !== undefined)
    return `Rejected (code ${error.code}): ${error.detail}`;
  return errorText(error);
}
