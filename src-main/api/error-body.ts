import { z } from 'zod';
import { REJECTIONS, type RejectReason } from '../engine/rejections';

/**
 * The body of every error answer. Grid Desk's own envelope `{"errors":{"detail"}}` (with `code`, the
 * engine's numbered rejection code, when the engine refused the command) and, beside it, the public
 * exchange's `{"error":{"code","message","details"}}`: `code` a constant in the spec's style
 * (`INSUFFICIENT_BALANCE`, `ORDER_NOT_FOUND`, `VALIDATION_ERROR`, ...), `message` the same text as
 * `detail`, `details` the HTTP status and, for a rejection, its number and reason.
 */
export const ErrorBodySchema = z
  .object({
    errors: z.object({
      detail: z.string(),
      code: z.number().int().optional().describe('The numbered rejection code, when there is one'),
    }),
    error: z.object({
      code: z.string().describe('e.g. INSUFFICIENT_BALANCE, ORDER_NOT_FOUND, VALIDATION_ERROR'),
      message: z.string().describe('The same text as errors.detail'),
      details: z.object({
        status: z.number().int(),
        rejection_code: z.number().int().optional(),
        reason: z.string().optional(),
      }),
    }),
  })
  .describe('Grid Desk’s envelope (errors) and the public exchange’s (error), always both');
export type ErrorBody = z.output<typeof ErrorBodySchema>;

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
