import { REJECTIONS, type RejectReason } from '../engine/rejections';

/**
 * The body of every error answer. Grid Desk's own envelope `{"errors":{"detail"}}` (with `code`, the
 * engine's numbered rejection code, when the engine refused the command) and, beside it, the public
 * exchange's `{"error":{"code","message","details"}}`: `code` a constant in the spec's style
 * (`INSUFFICIENT_BALANCE`, `ORDER_NOT_FOUND`, `VALIDATION_ERROR`, ...), `message` the same text as
 * `detail`, `details` the HTTP status and, for a rejection, its number and reason.
 */
export interface ErrorBody {
  errors: { detail: string; code?: number };
  error: {
    code: string;
    message: string;
    details: { status: number; rejection_code?: number; reason?: string };
  };
}

const REASON_BY_CODE = new Map<number, RejectReason>(
  Object.entries(REJECTIONS).map(([reason, { code }]) => [code, reason as RejectReason]),
);

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'AUTH_FAILED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  421: 'MISDIRECTED_REQUEST',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMIT',
  500: 'INTERNAL_ERROR',
  503: 'UNAVAILABLE',
};

export function errorBody(status: number, detail: string, rejectionCode?: number): ErrorBody {
  const reason = rejectionCode === undefined ? undefined : REASON_BY_CODE.get(rejectionCode);
  return {
    errors: { detail, ...(rejectionCode !== undefined && { code: rejectionCode }) },
    error: {
      code: reason ? reason.toUpperCase() : (CODE_BY_STATUS[status] ?? 'ERROR'),
      message: detail,
      details: {
        status,
        ...(rejectionCode !== undefined && { rejection_code: rejectionCode }),
        ...(reason !== undefined && { reason }),
      },
    },
  };
}
