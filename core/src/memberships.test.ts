import { describe, expect, it } from 'vitest';
import { coveringMembership, membershipEnd } from './memberships.ts';
import type { Shift } from './schemas/library.ts';
import type { Membership, MembershipStatus } from './schemas/member.ts';
import type { Interval } from './slots.ts';
import { HOUR } from './time.ts';

const LIBRARY = '01900000-0000-7000-8000-000000000001';
const ZONE = '01900000-0000-7000-8000-0000000000c1';
const OTHER_ZONE = '01900000-0000-7000-8000-0000000000c2';
const library = { timezone: 'Asia/Kolkata' };

const shift = (n: number, start: string, end: string): Shift => ({
  id: `01900000-0000-7000-8000-0000000000a${n}`,
  libraryId: LIBRARY,
  name: `Shift ${n}`,
  start,
  end,
});
const morning = shift(1, '08:00', '14:00');
const late = shift(2, '18:00', '24:00');
const shifts = [morning, late];

let seq = 0;
const membership = (over: Partial<Membership> = {}): Membership => {
  seq += 1;
  return {
    id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    libraryId: LIBRARY,
    memberId: '01900000-0000-7000-8000-0000000000b1',
    planId: '01900000-0000-7000-8000-0000000000e1',
    shiftId: null,
    zoneId: null,
    startsOn: '2024-06-01',
    endsOn: '2024-06-30',
    status: 'active',
    createdAt: 0,
    ...over,
  };
};

// Local IST wall time on June `day` 2024 as an instant.
const ist = (day: number, h: number, m = 0) => Date.UTC(2024, 5, day, h, m) - 5.5 * HOUR;
const interval = (day: number, fromH: number, toH: number): Interval => ({
  startsAt: ist(day, fromH),
  endsAt: ist(day, toH),
  shiftId: null,
});
const seat = { zoneId: ZONE };
const cover = (ms: Membership[], iv: Interval = interval(3, 9, 12)) =>
  coveringMembership(ms, seat, iv, library, shifts);

describe('[BOOK-8] coveringMembership', () => {
  it('a full-day, any-zone membership covers any booking on its dates', () => {
    const m = membership();
    expect(cover([m])).toBe(m);
    expect(cover([m], interval(3, 20, 23))).toBe(m);
  });

  it.each<MembershipStatus>(['active', 'provisional'])('a %s membership counts', (status) => {
    const m = membership({ status });
    expect(cover([m])).toBe(m);
  });

  it.each<MembershipStatus>(['cancelled', 'expired'])('a %s membership does not', (status) => {
    expect(cover([membership({ status })])).toBeNull();
  });

  it('covers its first and last date inclusive, by the local date of the start', () => {
    const m = membership({ startsOn: '2024-06-03', endsOn: '2024-06-05' });
    expect(cover([m], interval(3, 9, 10))).toBe(m);
    expect(cover([m], interval(5, 9, 10))).toBe(m);
    expect(cover([m], interval(2, 9, 10))).toBeNull();
    expect(cover([m], interval(6, 9, 10))).toBeNull();
    // 2024-06-06 01:00 IST is still 2024-06-05 in UTC: the library's date decides.
    expect(cover([m], interval(6, 1, 2))).toBeNull();
  });

  it('a zone membership covers seats of that zone only', () => {
    const m = membership({ zoneId: ZONE });
    expect(cover([m])).toBe(m);
    expect(coveringMembership([m], { zoneId: OTHER_ZONE }, interval(3, 9, 12), library, shifts)).toBeNull();
  });

  it('a shift membership covers bookings inside that shift', () => {
    const m = membership({ shiftId: morning.id });
    expect(cover([m], interval(3, 8, 14))).toBe(m);
    expect(cover([m], interval(3, 10, 12))).toBe(m);
  });

  it('a shift membership does not cover bookings that start before or end after the shift', () => {
    const m = membership({ shiftId: morning.id });
    expect(cover([m], interval(3, 7, 9))).toBeNull();
    expect(cover([m], interval(3, 13, 15))).toBeNull();
    expect(cover([m], interval(3, 18, 20))).toBeNull();
  });

  it('a shift ending at 24:00 covers a booking that ends at local midnight', () => {
    const m = membership({ shiftId: late.id });
    expect(cover([m], { startsAt: ist(3, 22), endsAt: ist(4, 0), shiftId: null })).toBe(m);
  });

  it('a shift membership does not cover a booking that runs past midnight', () => {
    const m = membership({ shiftId: late.id });
    expect(cover([m], { startsAt: ist(3, 22), endsAt: ist(4, 1), shiftId: null })).toBeNull();
  });

  it('a membership whose shift is unknown covers nothing', () => {
    expect(cover([membership({ shiftId: '01900000-0000-7000-8000-0000000000af' })])).toBeNull();
  });

  it('returns the first membership that covers, skipping those that do not', () => {
    const cancelled = membership({ status: 'cancelled' });
    const a = membership({ zoneId: ZONE });
    const b = membership();
    expect(cover([cancelled, a, b])).toBe(a);
    expect(cover([])).toBeNull();
  });
});

describe('membershipEnd', () => {
  it('is the last day inclusive of durationDays from the start', () => {
    expect(membershipEnd({ durationDays: 30 }, '2024-06-01')).toBe('2024-06-30');
    expect(membershipEnd({ durationDays: 1 }, '2024-06-01')).toBe('2024-06-01');
    expect(membershipEnd({ durationDays: 29 }, '2024-02-01')).toBe('2024-02-29');
  });

  it('defaults to 30 days when the plan has no duration', () => {
    expect(membershipEnd({ durationDays: null }, '2024-02-15')).toBe('2024-03-15');
  });
});
