import type { RejectCategory, Rejection } from '../engine/rejections';

/** An error a caller caused or must know about, with the HTTP status every edge answers it with. */
export class ExchangeError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The engine's numbered rejection code, when the engine refused a command. */
    readonly code?: number,
  ) {
    super(detail);
  }
}

const STATUS_BY_CATEGORY: Record<RejectCategory, number> = {
  not_found: 404,
  conflict: 409,
  invalid: 422,
  insufficient: 422,
  forbidden: 403,
};

export function rejectionError(rejection: Rejection): ExchangeError {
  return new ExchangeError(STATUS_BY_CATEGORY[rejection.category], rejection.message, rejection.code);
}
