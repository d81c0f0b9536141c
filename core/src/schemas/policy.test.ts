import { describe, expect, it } from 'vitest';
import { defaultPolicy, Policy } from './policy.ts';

const rejectedAt = (value: unknown) => {
  const r = Policy.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => i.path.join('.')) ?? [];
};

describe('Policy', () => {
  it('the default policy is valid', () => {
    expect(Policy.parse(defaultPolicy)).toEqual(defaultPolicy);
  });

  it('accepts the edges: same-day booking only, no early check-in, no ban', () => {
    const edge = {
      ...defaultPolicy,
      advanceDays: 0,
      checkInEarlyMinutes: 0,
      noShowStrikes: { count: 1, windowDays: 1, banDays: 0 },
    };
    expect(Policy.parse(edge)).toEqual(edge);
  });

  it.each([
    ['holdMinutes', { holdMinutes: 0 }],
    ['noShowGraceMinutes', { noShowGraceMinutes: 24 * 60 + 1 }],
    ['checkInEarlyMinutes', { checkInEarlyMinutes: -1 }],
    ['advanceDays', { advanceDays: 367 }],
    ['maxBookingsPerDay', { maxBookingsPerDay: 0 }],
    ['noShowStrikes.count', { noShowStrikes: { count: 0, windowDays: 30, banDays: 7 } }],
    ['noShowStrikes.windowDays', { noShowStrikes: { count: 3, windowDays: 1.5, banDays: 7 } }],
    ['noShowStrikes.banDays', { noShowStrikes: { count: 3, windowDays: 30, banDays: 366 } }],
    ['waitlistOfferMinutes', { waitlistOfferMinutes: 0 }],
    ['abandonedMinutes', { abandonedMinutes: 2_000 }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt({ ...defaultPolicy, ...change })).toEqual([path]);
  });
});
