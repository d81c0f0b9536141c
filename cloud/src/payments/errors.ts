/**
 * Payment errors with machine-readable codes. Callers branch on `code` (and `retryable`), never on
 * the message: `provider_unavailable` means "nothing was decided, retry later with the same
 * idempotency key"; everything else is final for that request.
 */

export const PAYMENT_ERROR_CODES = [
  'bad_signature',
  'stale',
  'malformed',
  'provider_unavailable',
  'declined',
  'invalid_request',
  'auth_failed',
  'not_found',
  'amount_mismatch',
  'unsupported',
] as const;

export type PaymentErrorCode = (typeof PAYMENT_ERROR_CODES)[number];

export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(code: PaymentErrorCode, message?: string, meta: Record<string, unknown> = {}) {
    super(message ?? code);
    this.name = 'PaymentError';
    this.code = code;
    this.meta = meta;
  }

  /** Only an outage is worth retrying; a decline or a forged webhook never becomes valid. */
  get retryable(): boolean {
    return this.code === 'provider_unavailable';
  }
}

export function isPaymentError(error: unknown): error is PaymentError {
  return error instanceof PaymentError;
}
