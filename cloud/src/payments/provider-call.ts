/**
 * Outcome of one attempt at an outgoing provider call, in the shape the pusher loop uses:
 * `ok | retry | failed`. `retry` means the provider was unreachable or answered 5xx: the payment
 * stays pending and the caller tries again after `retryAfterMs` with the SAME idempotency key, so
 * a request that did reach the provider is replayed, never repeated (no double charge).
 */
import { isPaymentError, PaymentError } from './errors.ts';

export type ProviderCallResult<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'retry'; readonly error: PaymentError; readonly retryAfterMs: number }
  | { readonly status: 'failed'; readonly error: PaymentError };

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** Exponential backoff without jitter (jitter belongs to the scheduler, which owns the clock). */
export function backoffMs(attempt: number, policy: BackoffPolicy = defaultBackoff): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
}

export async function attemptProviderCall<T>(
  call: () => Promise<T>,
  attempt = 0,
  policy: BackoffPolicy = defaultBackoff,
): Promise<ProviderCallResult<T>> {
  try {
    return { status: 'ok', value: await call() };
  } catch (error) {
    const paymentError = isPaymentError(error)
      ? error
      : new PaymentError('provider_unavailable', String(error), { cause: String(error) });
    if (paymentError.retryable) {
      return { status: 'retry', error: paymentError, retryAfterMs: backoffMs(attempt, policy) };
    }
    return { status: 'failed', error: paymentError };
  }
}
