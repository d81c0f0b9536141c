/**
 * A tiny allocator, written here in the test, that books seats using only core's functions
 * (resolveSlot, checkBooking, nextState, holdExpiry, noShowAt, checkInWindow). Random sequences of
 * holds, confirmations, cancellations, check-ins, check-outs, no-show sweeps and clock advances run
 * against it, and after every step the booking invariants of core/SPEC.md are checked with code
 * written independently of core's: [BOOK-3] [BOOK-4] [BOOK-5] [BOOK-6] [BOOK-7] [BOOK-11], and after
 * every sweep [BOOK-9] [BOOK-12]; every booking's history must replay through the lifecycle.
 * Fixed seed, bounded runs: it stays on in CI. A failing seed's counterexample becomes a unit test.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { BookingEvent } from './booking-machine.ts';
import { nextState } from './booking-machine.ts';
import type { BookingLike } from './rules.ts';
import { checkBooking, checkInWindow, holdExpiry, noShowAt } from './rules.ts';
import type { BookingState, SlotRequest } from './schemas/booking.ts';
import type { Library, Seat, Shift } from './schemas/library.ts';
import type { Policy } from './schemas/policy.ts';
import { resolveSlot } from './slots.ts';
import { addDays, DAY, instantToLocal, MINUTE } from './time.ts';

const hours = { open: '08:00', close: '22:00' };
const library: Library = {
  id: '01900000-0000-7000-8000-000000000001',
  name: 'Property Library',
  timezone: 'Asia/Kolkata',
  address: { line1: '1 Test Road', city: 'Pune', state: 'MH', postalCode: '411001', country: 'IN' },
  geo: { lat: 18.52, lng: 73.86 },
  amenities: [],
  openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: null },
  slotMinutes: 60,
  currency: 'INR',
};
const shift = (n: number, start: string, end: string): Shift => ({
  id: `01900000-0000-7000-8000-0000000000a${n}`,
  libraryId: library.id,
  name: `Shift ${n}`,
  start,
  end,
});
const shifts: Shift[] = [shift(1, '08:00', '14:00'), shift(2, '14:00', '22:00')];
const seats: Pick<Seat, 'id' | 'status'>[] = [
  { id: 'seat-0', status: 'active' },
  { id: 'seat-1', status: 'active' },
  { id: 'seat-2', status: 'out_of_service' },
];
const members = ['member-0', 'member-1', 'member-2'];
/** Tight numbers so quotas, expiries and bans all happen within a few dozen commands. */
const policy: Policy = {
  holdMinutes: 15,
  noShowGraceMinutes: 30,
  checkInEarlyMinutes: 30,
  advanceDays: 2,
  maxBookingsPerDay: 2,
  noShowStrikes: { count: 2, windowDays: 3, banDays: 1 },
  waitlistOfferMinutes: 15,
  abandonedMinutes: 45,
};
// Monday 2024-06-03 07:00 IST: before opening, so the first day can be booked in full.
const start = Date.UTC(2024, 5, 3, 1, 30);

interface ModelBooking extends BookingLike {
  holdExpiresAt: number;
  createdAt: number;
  /** Every event the booking took, in order, starting from `held`. */
  history: BookingEvent[];
}

type Command =
  /** `slot.date` is replaced by the clock's local date plus `days`, so requests follow the clock. */
  | { kind: 'hold'; member: number; seat: number; days: number; slot: SlotRequest; payNow: boolean }
  | { kind: 'confirm' | 'cancel' | 'check_in' | 'check_out'; pick: number }
  | { kind: 'sweep' }
  | { kind: 'advance'; minutes: number }
  /** Moves the clock (never back) to `minutes` around the start of a booking, where things happen. */
  | { kind: 'advance_to'; pick: number; minutes: number };

/** The date is a placeholder: `step` puts the clock's local date plus `days` there. */
const slotArb: fc.Arbitrary<SlotRequest> = fc.oneof(
  {
    // Short hourly slots most often, so a member can fit more bookings in a day than the quota.
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('hours' as const),
      date: fc.constant('2024-06-03'),
      start: fc
        .tuple(fc.integer({ min: 7, max: 21 }), fc.constantFrom('00', '00', '00', '30'))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${m}`),
      hours: fc.constantFrom(1, 1, 2, 4),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('shift' as const),
      date: fc.constant('2024-06-03'),
      shiftId: fc.constantFrom(...shifts.map((s) => s.id), '01900000-0000-7000-8000-0000000000af'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('day' as const), date: fc.constant('2024-06-03') }) },
);

/** Which booking a command acts on, counted from the newest: mostly one of the last few. */
const pickArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.nat(3) },
  { weight: 1, arbitrary: fc.nat(99) },
);

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('hold' as const),
      member: fc.constantFrom(0, 0, 0, 1, 2),
      seat: fc.constantFrom(0, 0, 1, 1, 2),
      // Today and tomorrow most often; 3 days ahead is past the advance window.
      days: fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 3),
      // Most people pay at the kiosk right away; the rest confirm later, or let the hold lapse.
      payNow: fc.boolean(),
      slot: slotArb,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom('confirm', 'cancel', 'check_in', 'check_in', 'check_out', 'check_out'),
      pick: pickArb,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'sweep' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      minutes: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 45 }) },
        { weight: 2, arbitrary: fc.integer({ min: 46, max: 240 }) },
        { weight: 1, arbitrary: fc.constantFrom(720, 1440) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance_to' as const),
      pick: pickArb,
      minutes: fc.integer({ min: -45, max: 45 }),
    }),
  },
);

/** What the runs exercised, so a generator that stopped reaching a rule fails loudly. */
const seen = new Map<string, number>();
const note = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);

class Allocator {
  now = start;
  readonly bookings: ModelBooking[] = [];
  #seq = 0;

  pick(fromNewest: number): ModelBooking | undefined {
    const n = this.bookings.length;
    return this.bookings[n - 1 - (fromNewest % Math.max(1, n))];
  }

  noShowStarts(memberId: string): number[] {
    return this.bookings
      .filter((b) => b.memberId === memberId && b.state === 'no_show')
      .map((b) => b.startsAt);
  }

  /** Applies one event through the machine; an illegal one leaves the booking as it was. */
  fire(b: ModelBooking, event: BookingEvent): boolean {
    const next = nextState(b.state, event);
    if (next === null) return false;
    b.state = next;
    b.history.push(event);
    return true;
  }

  /** The timed events that are due for `b`: hold expiry, [BOOK-12] no-show after grace, the end. */
  settle(b: ModelBooking): void {
    if (b.state === 'held' && this.now >= b.holdExpiresAt) this.fire(b, 'hold_expired');
    if (b.state === 'confirmed' && this.now >= noShowAt(b, policy)) this.fire(b, 'grace_elapsed');
    if (this.now >= b.endsAt) this.fire(b, 'ended');
  }

  hold(memberId: string, seat: Pick<Seat, 'id' | 'status'>, slot: SlotRequest): ModelBooking | null {
    const resolved = resolveSlot(slot, library, shifts);
    if (!resolved.ok) {
      note(resolved.violation.code);
      return null;
    }
    const found = checkBooking(
      { seat, memberId, interval: resolved.interval },
      {
        library,
        seatBookings: this.bookings.filter((b) => b.seatId === seat.id),
        memberBookings: this.bookings.filter((b) => b.memberId === memberId),
        noShowStarts: this.noShowStarts(memberId),
      },
      policy,
      this.now,
    );
    for (const v of found) note(v.code);
    if (found.length === 1) note(`only_${found[0]?.code}`);
    if (found.length > 0) return null;
    this.#seq += 1;
    const { startsAt, endsAt } = resolved.interval;
    const booking: ModelBooking = {
      id: `b${this.#seq}`,
      seatId: seat.id,
      memberId,
      startsAt,
      endsAt,
      state: 'held',
      holdExpiresAt: holdExpiry(this.now, policy),
      createdAt: this.now,
      history: [],
    };
    this.bookings.push(booking);
    note('held');
    return booking;
  }

  act(b: ModelBooking, kind: 'confirm' | 'cancel' | 'check_in' | 'check_out'): void {
    this.settle(b);
    if (kind === 'check_in' && checkInWindow(b, policy, this.now) !== null) {
      note('check_in_window_closed');
      return;
    }
    const before = b.state;
    if (this.fire(b, kind)) note(kind);
    else expect(b.state).toBe(before);
  }
}

// ---- invariants, written without core's helpers -------------------------------------------------

const live: readonly BookingState[] = ['held', 'confirmed', 'checked_in'];
const isLive = (b: ModelBooking) => live.includes(b.state);
const clash = (a: ModelBooking, b: ModelBooking) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

function assertNoOverlaps(bookings: readonly ModelBooking[]): void {
  const active = bookings.filter(isLive);
  for (const [i, a] of active.entries()) {
    for (const b of active.slice(i + 1)) {
      // [BOOK-4] a seat is never double-booked
      if (a.seatId === b.seatId) expect(clash(a, b), `${a.id} and ${b.id} share ${a.seatId}`).toBe(false);
      // [BOOK-5] a member never holds two seats at once
      if (a.memberId === b.memberId) expect(clash(a, b), `${a.id} and ${b.id} of ${a.memberId}`).toBe(false);
    }
  }
}

function assertLegalHistory(b: ModelBooking): void {
  let state: BookingState = 'held';
  for (const event of b.history) {
    const next = nextState(state, event);
    expect(next, `${b.id}: ${state} + ${event}`).not.toBeNull();
    state = next ?? state;
  }
  expect(state).toBe(b.state);
}

function assertQuota(bookings: readonly ModelBooking[]): void {
  // [BOOK-7] bookings that happened (or still may) per member per local day
  const perDay = new Map<string, number>();
  for (const b of bookings) {
    if (b.state === 'cancelled' || b.state === 'expired') continue;
    const key = `${b.memberId} ${instantToLocal(b.startsAt, library.timezone).date}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  for (const [key, n] of perDay) expect(n, key).toBeLessThanOrEqual(policy.maxBookingsPerDay);
}

/** [BOOK-11] by brute force: some no-show with `count` no-shows in the window before it, ban still running. */
function isBanned(noShows: readonly number[], now: number): boolean {
  const { count, windowDays, banDays } = policy.noShowStrikes;
  return noShows.some(
    (last) =>
      noShows.filter((s) => s <= last && last - s <= windowDays * DAY).length >= count &&
      last + banDays * DAY > now,
  );
}

/** After a sweep nothing overdue is left active. */
function assertSettled(model: Allocator): void {
  for (const b of model.bookings) {
    // [BOOK-9] no hold outlives its expiry
    if (b.state === 'held') expect(model.now).toBeLessThan(b.holdExpiresAt);
    // [BOOK-12] no booking stays confirmed past its grace period without a check-in
    if (b.state === 'confirmed')
      expect(model.now).toBeLessThan(Math.max(b.startsAt, b.createdAt) + policy.noShowGraceMinutes * MINUTE);
    if (isLive(b)) expect(model.now).toBeLessThan(b.endsAt);
  }
}

function step(model: Allocator, command: Command): void {
  switch (command.kind) {
    case 'hold': {
      const memberId = members[command.member] as string;
      const seat = seats[command.seat] as Pick<Seat, 'id' | 'status'>;
      const now = model.now;
      const banned = isBanned(model.noShowStarts(memberId), now);
      const date = addDays(instantToLocal(now, library.timezone).date, command.days);
      const made = model.hold(memberId, seat, { ...command.slot, date });
      if (banned) note('banned_attempt');
      if (made === null) return;
      expect(banned, `banned ${memberId} got ${made.id}`).toBe(false);
      expect(seat.status).toBe('active'); // [BOOK-3]
      expect(made.endsAt).toBeGreaterThan(now); // [BOOK-6]
      expect(made.startsAt).toBeLessThanOrEqual(now + policy.advanceDays * DAY);
      if (command.payNow) model.act(made, 'confirm');
      return;
    }
    case 'confirm':
    case 'cancel':
    case 'check_in':
    case 'check_out': {
      const b = model.pick(command.pick);
      if (b) model.act(b, command.kind);
      return;
    }
    case 'sweep':
      for (const b of model.bookings) model.settle(b);
      assertSettled(model);
      return;
    case 'advance':
      model.now += command.minutes * MINUTE;
      return;
    case 'advance_to': {
      const b = model.pick(command.pick);
      if (b) model.now = Math.max(model.now, b.startsAt + command.minutes * MINUTE);
      return;
    }
  }
}

describe('the booking rules under random command sequences', () => {
  afterAll(() => {
    // The generator must keep reaching every rule, each one at least once as the only reason a hold
    // was refused (so that rule alone stood between the allocator and a broken invariant).
    for (const what of [
      'held',
      'confirm',
      'cancel',
      'check_in',
      'check_out',
      'only_seat_taken',
      'only_member_busy',
      'only_quota_exceeded',
      'only_member_banned',
      'banned_attempt',
      'only_seat_inactive',
      'only_in_past',
      'only_too_far_ahead',
      'outside_hours',
      'off_grid',
      'no_show',
    ]) {
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(0);
    }
  });

  it('keeps every invariant after every step', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 60, size: 'max' }), (commands) => {
        const model = new Allocator();
        for (const command of commands) {
          step(model, command);
          assertNoOverlaps(model.bookings);
          assertQuota(model.bookings);
          for (const b of model.bookings) assertLegalHistory(b);
        }
        const noShows = model.bookings.filter((b) => b.state === 'no_show');
        for (const b of noShows) expect(b.history.at(-1)).toMatch(/^(grace_elapsed|ended)$/);
        if (noShows.length > 0) note('no_show');
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
