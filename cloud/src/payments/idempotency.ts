/**
 * Idempotency keys for outgoing provider calls, derived from our own row ids so that a retry after
 * an outage carries the same key without any lookup:
 *   - checkout: the payment id (Razorpay: the order `receipt`, max 40 chars; Stripe: the
 *     `Idempotency-Key` header of the PaymentIntent create);
 *   - refund: the refund id (Razorpay: `X-Refund-Idempotency` header; Stripe: `Idempotency-Key`).
 * Razorpay requires refund keys of 10+ characters from [A-Za-z0-9_-]; a uuid satisfies both.
 */

const KEY_PATTERN = /^[A-Za-z0-9_-]{10,40}$/;

export function checkoutIdempotencyKey(paymentId: string): string {
  return assertKey(paymentId);
}

export function refundIdempotencyKey(refundId: string): string {
  return assertKey(refundId);
}

function assertKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new TypeError(`idempotency key must match ${KEY_PATTERN}: ${key}`);
  return key;
}
