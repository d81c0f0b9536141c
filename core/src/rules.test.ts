import { describe, expect, it } from 'vitest';
import type { BookingCandidate, BookingContext, BookingLike } from './rules.ts';
import { checkBooking, checkInWindow, holdExpiry, noShowAt } from './rules.ts';
import type { BookingState } from './schemas/booking.ts';
import type { Policy } from './schemas/policy.ts';
import { defaultPolicy } from './schemas/policy.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

const policy: Policy = defaultPolicy; // hold 10 min, grace 30, early 30, 14 days ahead, 3 a day, 3 strikes/30 d → 7 d
const SEAT = 'seat-1';
const OTHER_SEAT = 'seat-2';
const ME = 'member-1';
const YOU = 'member-2';

// 2024-06-03 10:00 IST (UTC+05:30).
const now = Date.UTC(2024, 5, 3, 4, 30);
const at = (hoursFromNow: number) => now + hoursFromNow * HOUR;
const slot = (fromH: number, toH: number) => ({ startsAt: at(fromH), endsAt: at(toH), shiftId: null });

const candidate = (over: Partial<BookingCandidate> = {}): BookingCandidate => ({
  seat: { id: SEAT, status: 'active' },
  memberId: ME,
  interval: slot(1, 3),
  ...over,
});

const context = (over: Partial<BookingContext> = {}): BookingContext => ({
  library: { timezone: 'Asia/Kolkata' },
  seatBookings: [],
  memberBookings: [],
  noShowStarts: [],
  ...over,
});

let seq = 0;
const booking = (over: Partial<BookingLike> & { fromH: number; toH: number }): BookingLike => {
  const { fromH, toH, ...rest } = over;
  seq += 1;
  return {
    id: `b${seq}`,
    seatId: SEAT,
    memberId: ME,
    startsAt: at(fromH),
    endsAt: at(toH),
    state: 'confirmed',
    ...rest,
  };
};

const codes = (c: BookingCandidate, ctx: BookingContext, n = now) =>
  checkBooking(c, ctx, policy, n).map((v) => v.code);

describe('checkBooking', () => {
  it('finds nothing wrong with a free, active seat in the window', () => {
    expect(checkBooking(candidate(), context(), policy, now)).toEqual([]);
  });

  it('rejects an interval that does not end after it starts, and checks nothing else', () => {
    const empty = candidate({ interval: slot(2, 2), seat: { id: SEAT, status: 'out_of_service' } });
    expect(checkBooking(empty, context(), policy, now)).toEqual([
      { code: 'invalid_interval', message: 'the booking must end after it starts', field: 'slot' },
    ]);
    expect(codes(candidate({ interval: slot(3, 2) }), context())).toEqual(['invalid_interval']);
  });

  describe('[BOOK-6] not in the past, not too far ahead', () => {
    it('rejects a slot that has already ended, at the instant it ends', () => {
      expect(checkBooking(candidate({ interval: slot(-3, -1) }), context(), policy, now)).toEqual([
        { code: 'in_past', message: 'that time has already passed', field: 'slot.date' },
      ]);
      expect(codes(candidate({ interval: slot(-2, 0) }), context())).toEqual(['in_past']);
    });

    it('still sells a slot that has started but not ended (a walk-in)', () => {
      expect(codes(candidate({ interval: slot(-1, 1) }), context())).toEqual([]);
    });

    it('opens advanceDays ahead, to the millisecond', () => {
      const edge = now + policy.advanceDays * DAY;
      const inWindow = { startsAt: edge, endsAt: edge + HOUR, shiftId: null };
      expect(codes(candidate({ interval: inWindow }), context())).toEqual([]);
      const beyond = { startsAt: edge + 1, endsAt: edge + HOUR, shiftId: null };
      expect(checkBooking(candidate({ interval: beyond }), context(), policy, now)).toEqual([
        { code: 'too_far_ahead', message: 'bookings open 14 days ahead', field: 'slot.date' },
      ]);
    });
  });

  it('[BOOK-3] refuses a seat that is out of service', () => {
    const c = candidate({ seat: { id: SEAT, status: 'out_of_service' } });
    expect(checkBooking(c, context(), policy, now)).toEqual([
      { code: 'seat_inactive', message: 'the seat is out of service', field: 'seatId' },
    ]);
  });

  describe('[BOOK-4] one active booking per seat at any instant', () => {
    it.each<BookingState>(['held', 'confirmed', 'checked_in'])(
      'an overlapping %s booking takes the seat',
      (state) => {
        const theirs = booking({ fromH: 2, toH: 4, memberId: YOU, state });
        expect(checkBooking(candidate(), context({ seatBookings: [theirs] }), policy, now)).toEqual([
          { code: 'seat_taken', message: 'the seat is already booked for that time', field: 'seatId' },
        ]);
      },
    );

    it.each<BookingState>(['completed', 'cancelled', 'expired', 'no_show'])(
      'a %s booking frees the seat',
      (state) => {
        const theirs = booking({ fromH: 2, toH: 4, memberId: YOU, state });
        const mine = booking({ fromH: 1, toH: 3, state });
        expect(codes(candidate(), context({ seatBookings: [theirs, mine] }))).toEqual([]);
      },
    );

    it('ignores bookings that only touch the interval, and bookings of other seats', () => {
      const seatBookings = [
        booking({ fromH: 0, toH: 1, memberId: YOU }),
        booking({ fromH: 3, toH: 4, memberId: YOU }),
        booking({ fromH: 0, toH: 1 }),
        booking({ fromH: 1, toH: 3, memberId: YOU, seatId: OTHER_SEAT }),
        booking({ fromH: 1, toH: 3, seatId: OTHER_SEAT, state: 'cancelled' }),
      ];
      expect(codes(candidate(), context({ seatBookings }))).toEqual([]);
    });

    it('the member’s own overlapping booking of the seat takes it too, reported once', () => {
      const mine = booking({ fromH: 2, toH: 4 });
      expect(codes(candidate(), context({ seatBookings: [mine], memberBookings: [mine] }))).toEqual([
        'seat_taken',
      ]);
    });
  });

  describe('[BOOK-5] one seat per member at any instant', () => {
    it('refuses a second seat while the member holds one', () => {
      const elsewhere = booking({ fromH: 2, toH: 4, seatId: OTHER_SEAT, state: 'held' });
      expect(checkBooking(candidate(), context({ memberBookings: [elsewhere] }), policy, now)).toEqual([
        { code: 'member_busy', message: 'the member already has a seat at that time', field: 'memberId' },
      ]);
    });

    it('ignores ended, touching and other members’ bookings', () => {
      const memberBookings = [
        booking({ fromH: 1, toH: 3, seatId: OTHER_SEAT, state: 'cancelled' }),
        booking({ fromH: 3, toH: 5, seatId: OTHER_SEAT }),
        booking({ fromH: 1, toH: 3, seatId: OTHER_SEAT, memberId: YOU }),
      ];
      expect(codes(candidate(), context({ memberBookings }))).toEqual([]);
    });
  });

  describe('[BOOK-7] per-day quota', () => {
    const day = (fromH: number, state: BookingState = 'completed') =>
      booking({ fromH, toH: fromH + 1, seatId: OTHER_SEAT, state });

    it('refuses the booking past maxBookingsPerDay on the same local day', () => {
      const memberBookings = [day(-2), day(-1, 'no_show'), day(4, 'confirmed')];
      expect(checkBooking(candidate(), context({ memberBookings }), policy, now)).toEqual([
        { code: 'quota_exceeded', message: 'at most 3 bookings a day', field: 'memberId' },
      ]);
    });

    it('allows the last booking of the quota', () => {
      expect(codes(candidate(), context({ memberBookings: [day(-2), day(4)] }))).toEqual([]);
    });

    it('does not count cancelled or expired bookings, other members or other days', () => {
      const memberBookings = [
        day(-2, 'cancelled'),
        day(-1, 'expired'),
        { ...day(4), memberId: YOU },
        day(-11), // 2024-06-02 23:00 IST
        day(14), // 2024-06-04 00:00 IST
        day(5),
      ];
      expect(codes(candidate(), context({ memberBookings }))).toEqual([]);
    });

    it('counts local days in the library timezone, not UTC days', () => {
      // 2024-06-03 00:30 IST is still 2024-06-02 in UTC.
      const earlyLocal = day(-9.5);
      const memberBookings = [earlyLocal, day(-2), day(5)];
      expect(codes(candidate(), context({ memberBookings }))).toEqual(['quota_exceeded']);
      // In UTC the same three bookings would straddle two days.
      expect(codes(candidate(), context({ memberBookings, library: { timezone: 'UTC' } }))).toEqual([]);
    });
  });

  describe('[BOOK-11] banned members cannot book', () => {
    it('refuses while the ban lasts and says until when', () => {
      const noShowStarts = [now - 20 * DAY, now - 10 * DAY, now - 2 * DAY];
      const found = checkBooking(candidate(), context({ noShowStarts }), policy, now);
      const until = new Date(now + 5 * DAY).toISOString();
      expect(found).toEqual([
        {
          code: 'member_banned',
          message: `booking is blocked until ${until} after repeated no-shows`,
          field: 'memberId',
        },
      ]);
    });

    it('lets the member book again once the ban is over', () => {
      const noShowStarts = [now - 20 * DAY, now - 10 * DAY, now - 7 * DAY];
      expect(codes(candidate(), context({ noShowStarts }))).toEqual([]);
    });
  });

  it('reports every violation it finds, in rule order', () => {
    const c = candidate({ seat: { id: SEAT, status: 'out_of_service' }, interval: slot(-3, -1) });
    const ctx = context({
      seatBookings: [booking({ fromH: -3, toH: -1, memberId: YOU, state: 'checked_in' })],
      memberBookings: [
        booking({ fromH: -2, toH: 0, seatId: OTHER_SEAT, state: 'checked_in' }),
        booking({ fromH: -6, toH: -5, seatId: OTHER_SEAT }),
        booking({ fromH: -5, toH: -4, seatId: OTHER_SEAT }),
      ],
      noShowStarts: [now - 3 * DAY, now - 2 * DAY, now - DAY],
    });
    expect(codes(c, ctx)).toEqual([
      'in_past',
      'seat_inactive',
      'seat_taken',
      'member_busy',
      'quota_exceeded',
      'member_banned',
    ]);
  });
});

describe('[BOOK-9] holdExpiry', () => {
  it('is holdMinutes after the hold was placed', () => {
    expect(holdExpiry(now, policy)).toBe(now + 10 * MINUTE);
    expect(holdExpiry(now, { ...policy, holdMinutes: 1 })).toBe(now + MINUTE);
  });
});

describe('[BOOK-12] noShowAt', () => {
  it('is noShowGraceMinutes after the start', () => {
    expect(noShowAt({ startsAt: at(1), createdAt: at(0) }, policy)).toBe(at(1) + 30 * MINUTE);
  });

  it('runs from the sale for a booking made after its start', () => {
    expect(noShowAt({ startsAt: at(1), createdAt: at(4) }, policy)).toBe(at(4) + 30 * MINUTE);
  });
});

describe('checkInWindow', () => {
  const b = { startsAt: at(1), endsAt: at(3), createdAt: at(0) };

  it('is closed before checkInEarlyMinutes ahead of the start', () => {
    expect(checkInWindow(b, policy, at(1) - 30 * MINUTE - 1)).toEqual({
      code: 'too_early',
      message: 'check-in has not opened yet for this booking',
      field: 'bookingId',
    });
  });

  it('is open from checkInEarlyMinutes before the start until just before the grace period ends', () => {
    expect(checkInWindow(b, policy, at(1) - 30 * MINUTE)).toBeNull();
    expect(checkInWindow(b, policy, at(1) + 30 * MINUTE - 1)).toBeNull();
  });

  it('[BOOK-12] is closed once the grace period has passed, before the scheduler runs', () => {
    expect(checkInWindow(b, policy, at(1) + 30 * MINUTE)).toEqual({
      code: 'no_show',
      message: 'the grace period to check in has passed',
      field: 'bookingId',
    });
    expect(checkInWindow(b, policy, at(2))).toMatchObject({ code: 'no_show' });
  });

  it('is closed once the booking has ended', () => {
    expect(checkInWindow(b, policy, at(3))).toEqual({
      code: 'in_past',
      message: 'this booking has already ended',
      field: 'bookingId',
    });
  });
});
