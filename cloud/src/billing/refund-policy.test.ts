import { describe, expect, it } from 'vitest';
import { cancellationRefund, defaultRefundPolicy, refundPolicyOf } from './refund-policy.ts';

const start = Date.parse('2026-11-10T08:00:00Z');
const hours = (n: number) => start - n * 3_600_000;

describe('refund by cancellation policy', () => {
  it('refunds in full a day ahead, half within the day, nothing after the start (defaults)', () => {
    expect(cancellationRefund(defaultRefundPolicy, 11_800, start, hours(48))).toBe(11_800);
    expect(cancellationRefund(defaultRefundPolicy, 11_800, start, hours(24))).toBe(11_800);
    expect(cancellationRefund(defaultRefundPolicy, 11_800, start, hours(23.9))).toBe(5_900);
    expect(cancellationRefund(defaultRefundPolicy, 11_801, start, hours(1))).toBe(5_900);
    expect(cancellationRefund(defaultRefundPolicy, 11_800, start, start)).toBe(0);
  });

  it('reads a library override and falls back to the defaults when it is invalid', () => {
    const policy = refundPolicyOf({
      holdMinutes: 10,
      refund: { fullRefundHours: 2, partialRefundPercent: 25 },
    });
    expect(policy).toEqual({ fullRefundHours: 2, partialRefundPercent: 25, lateRefundPercent: 0 });
    expect(cancellationRefund(policy, 10_000, start, hours(1))).toBe(2_500);
    expect(refundPolicyOf({ refund: { partialRefundPercent: 500 } })).toEqual(defaultRefundPolicy);
    expect(refundPolicyOf(null)).toEqual(defaultRefundPolicy);
  });
});
