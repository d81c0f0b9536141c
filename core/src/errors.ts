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
