/**
 * Domain errors carry a machine-readable code. UIs translate the code; nobody parses a message.
 * The hub and cloud map codes to HTTP statuses in one place each.
 */
export const errorCodes = [
  // booking rules (see core/SPEC.md)
  'outside_hours',
  'off_grid',
  'seat_inactive',
  'seat_taken',
  'member_busy',
  'in_past',
  'too_far_ahead',
  'quota_exceeded',
  'member_banned',
  'invalid_interval',
  'invalid_transition',
  'hold_expired',
  'payment_required',
  'offer_expired',
  'already_waiting',
  'not_for_sale',
  'too_early',
  'no_show',
  // generic
  'validation_failed',
  'not_found',
  'unauthorized',
  'forbidden',
  'conflict',
  'rate_limited',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * The HTTP status each code leaves an API with — one rule for the hub and the cloud (ADR 7):
 * 409 when the current state refuses (the same request may succeed later or elsewhere), 422 when
 * the request cannot be honoured as written, then the usual 400/401/403/404/429/500.
 */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500;

export const httpStatusOf: Record<ErrorCode, HttpStatus> = {
  seat_taken: 409,
  member_busy: 409,
  quota_exceeded: 409,
  member_banned: 409,
  seat_inactive: 409,
  invalid_transition: 409,
  hold_expired: 409,
  offer_expired: 409,
  already_waiting: 409,
  too_early: 409,
  no_show: 409,
  conflict: 409,
  outside_hours: 422,
  off_grid: 422,
  in_past: 422,
  too_far_ahead: 422,
  invalid_interval: 422,
  payment_required: 422,
  not_for_sale: 422,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  internal: 500,
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly meta: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, meta: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.meta = meta;
  }
}

/** A rule's finding. Rules return these instead of throwing so callers can report all of them. */
export interface Violation {
  code: ErrorCode;
  message: string;
  field?: string;
}

export function toError(violations: readonly Violation[]): DomainError | null {
  const [first] = violations;
  if (!first) return null;
  return new DomainError(first.code, first.message, {
    field: first.field,
    violations: violations.map((v) => v.code),
  });
}
