/**
 * Numbered reasons a command is rejected. The category tells an edge how to answer (HTTP status),
 * the engine itself knows nothing of HTTP.
 */
export type RejectCategory = 'not_found' | 'conflict' | 'invalid' | 'insufficient' | 'forbidden';

export const REJECTIONS = {
  participant_not_found: { code: 1001, category: 'not_found' },
  participant_exists: { code: 1002, category: 'conflict' },
  status_unchanged: { code: 1003, category: 'conflict' },
  operator_immutable: { code: 1004, category: 'invalid' },
  insufficient_balance: { code: 1005, category: 'insufficient' },
  idempotency_conflict: { code: 1006, category: 'conflict' },
  instrument_exists: { code: 1007, category: 'conflict' },
  zero_amount: { code: 1008, category: 'invalid' },
  participant_suspended: { code: 1009, category: 'forbidden' },
  role_not_allowed: { code: 1010, category: 'forbidden' },
  market_not_found: { code: 1011, category: 'not_found' },
  market_halted: { code: 1012, category: 'conflict' },
  instrument_not_found: { code: 1013, category: 'not_found' },
  order_not_found: { code: 1014, category: 'not_found' },
  duplicate_client_order_id: { code: 1015, category: 'conflict' },
  quantity_out_of_range: { code: 1016, category: 'invalid' },
  invalid_order: { code: 1017, category: 'invalid' },
  halt_unchanged: { code: 1018, category: 'conflict' },
  signing_key_exists: { code: 1019, category: 'conflict' },
  signing_key_not_found: { code: 1020, category: 'not_found' },
  insufficient_tokens: { code: 1021, category: 'insufficient' },
  sweep_out_of_order: { code: 1022, category: 'conflict' },
  invalid_schedule: { code: 1023, category: 'invalid' },
  nothing_to_expire: { code: 1024, category: 'conflict' },
  auto_mode_inactive: { code: 1025, category: 'conflict' },
  top_up_not_needed: { code: 1026, category: 'conflict' },
  invalid_capacity: { code: 1027, category: 'invalid' },
  supply_not_declared: { code: 1028, category: 'not_found' },
  issuance_not_approved: { code: 1029, category: 'forbidden' },
  capacity_exceeded: { code: 1030, category: 'conflict' },
  capacity_changed: { code: 1031, category: 'conflict' },
  consumption_key_exists: { code: 1032, category: 'conflict' },
  consumption_key_not_found: { code: 1033, category: 'not_found' },
  endpoint_exists: { code: 1034, category: 'conflict' },
  endpoint_not_found: { code: 1035, category: 'not_found' },
  invalid_endpoint: { code: 1036, category: 'invalid' },
  reservation_exists: { code: 1037, category: 'conflict' },
  reservation_not_found: { code: 1038, category: 'not_found' },
  invalid_settlement: { code: 1039, category: 'invalid' },
  nothing_to_release: { code: 1040, category: 'conflict' },
  invalid_roster: { code: 1041, category: 'conflict' },
  roster_entry_exists: { code: 1042, category: 'conflict' },
  roster_entry_not_found: { code: 1043, category: 'not_found' },
  invalid_revision: { code: 1044, category: 'invalid' },
  stop_buy_needs_cap: { code: 1045, category: 'invalid' },
  amount_out_of_range: { code: 1046, category: 'invalid' },
  invalid_name: { code: 1047, category: 'invalid' },
} as const satisfies Record<string, { code: number; category: RejectCategory }>;

export type RejectReason = keyof typeof REJECTIONS;

export interface Rejection {
  ok: false;
  reason: RejectReason;
  code: number;
  category: RejectCategory;
  message: string;
}

export function reject(reason: RejectReason, message: string): Rejection {
  return { ok: false, reason, message, ...REJECTIONS[reason] };
}
