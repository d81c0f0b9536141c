/**
 * The booking rules, as pure functions of the candidate, what already exists, the policy and `now`.
 * Each check cites its invariant in core/SPEC.md. The hub runs them inside its write transaction.
 */
import type { Violation } from './errors.ts';
import type { Booking } from './schemas/booking.ts';
import { isActive } from './schemas/booking.ts';
import type { Library, Seat } from './schemas/library.ts';
import type { Policy } from './schemas/policy.ts';
import type { Interval } from './slots.ts';
import { bannedUntil } from './strikes.ts';
import { DAY, instantToLocal, MINUTE, overlaps } from './time.ts';

export type BookingLike = Pick<Booking, 'id' | 'seatId' | 'memberId' | 'startsAt' | 'endsAt' | 'state'>;

export interface BookingCandidate {
  seat: Pick<Seat, 'id' | 'status'>;
  memberId: string;
  interval: Interval;
}

export interface BookingContext {
  library: Pick<Library, 'timezone'>;
  /** Bookings of the seat that may overlap the candidate (any state; only active ones count). */
  seatBookings: readonly BookingLike[];
  /** The member's bookings in this library around the candidate's day (any state). */
  memberBookings: readonly BookingLike[];
  /** Start instants of the member's no-shows. */
  noShowStarts: readonly number[];
}

/** States that use up a day's quota: everything except what never happened. */
const countsForQuota = (b: BookingLike) => b.state !== 'cancelled' && b.state !== 'expired';

export function checkBooking(
  candidate: BookingCandidate,
  context: BookingContext,
  policy: Policy,
  now: number,
): Violation[] {
  const { interval, seat, memberId } = candidate;
  const found: Violation[] = [];
  if (interval.endsAt <= interval.startsAt) {
    found.push({ code: 'invalid_interval', message: 'the booking must end after it starts', field: 'slot' });
    return found;
  }
  // [BOOK-6] not in the past: a slot that has already ended cannot be sold
  if (interval.endsAt <= now) {
    found.push({ code: 'in_past', message: 'that time has already passed', field: 'slot.date' });
  }
  // [BOOK-6] not beyond the advance-booking window
  if (interval.startsAt > now + policy.advanceDays * DAY) {
    found.push({
      code: 'too_far_ahead',
      message: `bookings open ${policy.advanceDays} days ahead`,
      field: 'slot.date',
    });
  }
  // [BOOK-3] only active seats are sold
  if (seat.status !== 'active') {
    found.push({ code: 'seat_inactive', message: 'the seat is out of service', field: 'seatId' });
  }
  // [BOOK-4] a seat has at most one active booking in any instant
  const clash = context.seatBookings.find(
    (b) => b.seatId === seat.id && b.memberId !== memberId && isActive(b.state) && overlaps(b, interval),
  );
  const own = context.seatBookings.find(
    (b) => b.seatId === seat.id && b.memberId === memberId && isActive(b.state) && overlaps(b, interval),
  );
  if (clash || own) {
    found.push({ code: 'seat_taken', message: 'the seat is already booked for that time', field: 'seatId' });
  }
  // [BOOK-5] a member holds at most one seat at any instant in a library
  const busy = context.memberBookings.find(
    (b) => b.memberId === memberId && isActive(b.state) && overlaps(b, interval),
  );
  if (busy && !own) {
    found.push({
      code: 'member_busy',
      message: 'the member already has a seat at that time',
      field: 'memberId',
    });
  }
  // [BOOK-7] at most maxBookingsPerDay bookings per member per local day
  const day = instantToLocal(interval.startsAt, context.library.timezone).date;
  const sameDay = context.memberBookings.filter(
    (b) =>
      b.memberId === memberId &&
      countsForQuota(b) &&
      instantToLocal(b.startsAt, context.library.timezone).date === day,
  );
  if (sameDay.length >= policy.maxBookingsPerDay) {
    found.push({
      code: 'quota_exceeded',
      message: `at most ${policy.maxBookingsPerDay} bookings a day`,
      field: 'memberId',
    });
  }
  // [BOOK-11] no-show strikes ban booking for a while
  const until = bannedUntil(context.noShowStarts, policy, now);
  if (until !== null) {
    found.push({
      code: 'member_banned',
      message: `booking is blocked until ${new Date(until).toISOString()} after repeated no-shows`,
      field: 'memberId',
    });
  }
  return found;
}

/** [BOOK-9] when a hold placed at `now` lapses. */
export const holdExpiry = (now: number, policy: Policy): number => now + policy.holdMinutes * MINUTE;

/**
 * [BOOK-12] when a confirmed booking becomes a no-show: the grace period runs from the start, or
 * from the sale when the booking was made after its start (a day pass bought at noon).
 */
export const noShowAt = (booking: Pick<Booking, 'startsAt' | 'createdAt'>, policy: Policy): number =>
  Math.max(booking.startsAt, booking.createdAt) + policy.noShowGraceMinutes * MINUTE;

/** Check-in is allowed from `checkInEarlyMinutes` before the start until the grace period ends. */
export function checkInWindow(
  booking: Pick<Booking, 'startsAt' | 'endsAt' | 'createdAt'>,
  policy: Policy,
  now: number,
): Violation | null {
  if (now < booking.startsAt - policy.checkInEarlyMinutes * MINUTE) {
    return { code: 'too_early', message: 'check-in has not opened yet for this booking', field: 'bookingId' };
  }
  if (now >= booking.endsAt) {
    return { code: 'in_past', message: 'this booking has already ended', field: 'bookingId' };
  }
  // [BOOK-12] past the grace period the seat is forfeit, whether or not the scheduler has run yet
  if (now >= noShowAt(booking, policy)) {
    return { code: 'no_show', message: 'the grace period to check in has passed', field: 'bookingId' };
  }
  return null;
}
