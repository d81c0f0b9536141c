import { describe, expect, it } from 'vitest';
import type { Policy } from './schemas/policy.ts';
import { defaultPolicy } from './schemas/policy.ts';
import { bannedUntil } from './strikes.ts';
import { DAY } from './time.ts';

// [BOOK-11] 3 no-shows within 30 days ban booking for 7 days after the last of them.
const policy: Policy = { ...defaultPolicy, noShowStrikes: { count: 3, windowDays: 30, banDays: 7 } };
const now = Date.UTC(2024, 5, 3, 4, 30);
const daysAgo = (n: number) => now - n * DAY;

describe('bannedUntil', () => {
  it('is null with no no-shows or fewer than count', () => {
    expect(bannedUntil([], policy, now)).toBeNull();
    expect(bannedUntil([daysAgo(2), daysAgo(1)], policy, now)).toBeNull();
  });

  it('bans for banDays after the last of count no-shows within windowDays', () => {
    expect(bannedUntil([daysAgo(20), daysAgo(10), daysAgo(1)], policy, now)).toBe(daysAgo(1) + 7 * DAY);
  });

  it('takes no-shows in any order', () => {
    expect(bannedUntil([daysAgo(1), daysAgo(20), daysAgo(10)], policy, now)).toBe(daysAgo(1) + 7 * DAY);
  });

  it('counts a window of exactly windowDays, not one a millisecond longer', () => {
    expect(bannedUntil([daysAgo(31), daysAgo(10), daysAgo(1)], policy, now)).toBe(now + 6 * DAY);
    expect(bannedUntil([daysAgo(31) - 1, daysAgo(10), daysAgo(1)], policy, now)).toBeNull();
  });

  it('ends the ban at banDays after the last no-show (exclusive)', () => {
    const starts = [daysAgo(20), daysAgo(10), daysAgo(7)];
    expect(bannedUntil(starts, policy, now - 1)).toBe(now);
    expect(bannedUntil(starts, policy, now)).toBeNull();
  });

  it('reports the latest end when several windows qualify', () => {
    const starts = [daysAgo(40), daysAgo(39), daysAgo(38), daysAgo(3), daysAgo(2), daysAgo(1)];
    expect(bannedUntil(starts, policy, daysAgo(37))).toBe(daysAgo(1) + 7 * DAY);
    expect(bannedUntil(starts, policy, now)).toBe(daysAgo(1) + 7 * DAY);
  });

  it('keeps an earlier ban when a later window does not qualify', () => {
    const starts = [daysAgo(5), daysAgo(4), daysAgo(3), daysAgo(3) + 40 * DAY];
    expect(bannedUntil(starts, policy, now)).toBe(daysAgo(3) + 7 * DAY);
  });

  it('counts repeated starts once each, keeping the first of equal ends', () => {
    const starts = [daysAgo(3), daysAgo(2), daysAgo(2), daysAgo(2)];
    expect(bannedUntil(starts, policy, now)).toBe(daysAgo(2) + 7 * DAY);
  });

  it('never bans with banDays 0, and bans on a single strike with count 1', () => {
    expect(
      bannedUntil(
        [daysAgo(2), daysAgo(1), now],
        { ...policy, noShowStrikes: { count: 3, windowDays: 30, banDays: 0 } },
        now,
      ),
    ).toBeNull();
    expect(
      bannedUntil([daysAgo(1)], { ...policy, noShowStrikes: { count: 1, windowDays: 1, banDays: 2 } }, now),
    ).toBe(now + DAY);
  });
});
