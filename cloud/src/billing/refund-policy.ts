/**
 * Refunds by cancellation policy, as a pure function of the policy, the amount, the start and
 * `now` (STYLE: no clock, no lookup inside). A library may override the defaults under
 * `policy.refund` (core's `RefundPolicy`, set in the portal's policy section); absent keys take the
 * defaults, an invalid document all of them.
 *
 *   cancelled ≥ fullRefundHours before start     → 100 %
 *   cancelled < fullRefundHours before start     → partialRefundPercent %
 *   cancelled at or after the start              → lateRefundPercent % (default 0)
 *
 * A request the library cannot honour (the hub rejected it) is always refunded in full: that is
 * not a cancellation (see `refundPayment(…, 'request_rejected')`).
 */
import { defaultRefundPolicy, RefundPolicy } from '@studyspot/core';

export { defaultRefundPolicy, RefundPolicy };

/** The library's refund policy from its `policy` document; defaults for anything missing or invalid. */
export function refundPolicyOf(libraryPolicy: unknown): RefundPolicy {
  const raw = (libraryPolicy as { refund?: unknown } | null)?.refund ?? {};
  const parsed = RefundPolicy.safeParse(raw);
  return parsed.success ? parsed.data : defaultRefundPolicy;
}

/** Paise to refund when a payment of `paidPaise` for something starting at `startsAt` is cancelled at `now`. */
export function cancellationRefund(
  policy: RefundPolicy,
  paidPaise: number,
  startsAt: number,
  now: number,
): number {
  const hoursBefore = (startsAt - now) / 3_600_000;
  const percent =
    hoursBefore >= policy.fullRefundHours
      ? 100
      : hoursBefore > 0
        ? policy.partialRefundPercent
        : policy.lateRefundPercent;
  return Math.floor((paidPaise * percent) / 100);
}
