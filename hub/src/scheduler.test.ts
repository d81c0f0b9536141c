import { DAY, MINUTE } from '@studyspot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../test/fixture.ts';
import { at, hubFixture, system, TODAY } from '../test/fixture.ts';

describe('scheduler', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await hubFixture({ noShowStrikes: { count: 2, windowDays: 7, banDays: 3 } });
  });
  afterEach(() => f.close());

  const hours = (start: string, n = 1, date = TODAY) => ({ kind: 'hours' as const, date, start, hours: n });
  const seat = (i: number) => f.ids.seatIds[i] as string;
  const state = (id: string) => f.bookings.byId(id)?.state;

  it('expires lapsed holds, no-shows after the grace period and completes at the end', () => {
    const m1 = f.newMember();
    const m2 = f.newMember();
    const m3 = f.newMember();
    const now = f.clock.now();
    const held = f.allocator.hold(
      { seatId: seat(0), memberId: m1, slot: hours('10:00'), source: 'kiosk' },
      system,
      now,
    );
    const absent = f.allocator.book(
      { seatId: seat(1), memberId: m2, slot: hours('09:00'), source: 'staff' },
      { method: 'cash' },
      system,
      now,
    );
    const present = f.allocator.book(
      { seatId: seat(2), memberId: m3, slot: hours('09:00'), source: 'staff' },
      { method: 'cash' },
      system,
      now,
    );
    f.allocator.checkIn(present.id, system, now);

    expect(f.scheduler.tick(now + 9 * MINUTE)).toEqual({
      expired: 0,
      noShows: 0,
      completed: 0,
      waitlistClosed: 0,
    });
    expect(f.scheduler.tick(now + 10 * MINUTE).expired).toBe(1);
    expect(state(held.id)).toBe('expired');
    expect(f.scheduler.tick(now + 30 * MINUTE).noShows).toBe(1);
    expect(state(absent.id)).toBe('no_show');
    expect(f.scheduler.tick(at('10:00')).completed).toBe(1);
    expect(state(present.id)).toBe('completed');
  });

  it('[BOOK-12] gives a booking sold after its start its grace from the sale (a noon day pass)', () => {
    f.clock.set(at('12:00'));
    const dayPass = f.allocator.book(
      { seatId: seat(3), memberId: f.newMember(), slot: { kind: 'day', date: TODAY }, source: 'staff' },
      { method: 'cash' },
      system,
      f.clock.now(),
    );
    f.clock.advance(20 * MINUTE);
    f.scheduler.tick(f.clock.now());
    expect(state(dayPass.id)).toBe('confirmed');
    f.allocator.checkIn(dayPass.id, system, f.clock.now());
    expect(state(dayPass.id)).toBe('checked_in');
  });

  it('catches up on start after the hub was off for two days, then bans the repeat no-show', () => {
    const m = f.newMember();
    const now = f.clock.now();
    const tomorrow = '2026-12-01';
    const dayAfter = '2026-12-02';
    const b1 = f.allocator.book(
      { seatId: seat(0), memberId: m, slot: hours('10:00', 1, tomorrow), source: 'staff' },
      { method: 'cash' },
      system,
      now,
    );
    const b2 = f.allocator.book(
      { seatId: seat(0), memberId: m, slot: hours('10:00', 1, dayAfter), source: 'staff' },
      { method: 'cash' },
      system,
      now,
    );
    const held = f.allocator.hold(
      { seatId: seat(1), memberId: m, slot: hours('12:00'), source: 'kiosk' },
      system,
      now,
    );

    // The hub is off until the third day: the first tick applies everything that fell due meanwhile.
    const back = at('08:00', '2026-12-03');
    f.clock.set(back);
    expect(f.scheduler.tick(back)).toEqual({ expired: 1, noShows: 2, completed: 0, waitlistClosed: 0 });
    expect([state(b1.id), state(b2.id), state(held.id)]).toEqual(['no_show', 'no_show', 'expired']);
    expect(f.scheduler.tick(back)).toEqual({ expired: 0, noShows: 0, completed: 0, waitlistClosed: 0 });

    // [BOOK-11] two no-shows within 7 days: banned for 3 days after the last one.
    const slot = hours('10:00', 1, '2026-12-03');
    expect(() =>
      f.allocator.hold({ seatId: seat(3), memberId: m, slot, source: 'kiosk' }, system, back),
    ).toThrow(/blocked until/);
    const later = at('10:00', '2026-12-05') + 1;
    const ok = f.allocator.hold(
      { seatId: seat(3), memberId: m, slot: hours('12:00', 1, '2026-12-05'), source: 'kiosk' },
      system,
      later,
    );
    expect(ok.state).toBe('held');
  });

  it('offers a freed seat to the first in line and passes a lapsed offer to the next', () => {
    const cabins = f.ids.zoneIds[1];
    const cabinSeats = f.catalog.data.seats.filter((s) => s.zoneId === cabins);
    const slot = hours('11:00', 2);
    const now = f.clock.now();
    const holders = cabinSeats.map((s) => {
      const m = f.newMember();
      return f.allocator.book(
        { seatId: s.id, memberId: m, slot, source: 'staff' },
        { method: 'cash' },
        system,
        now,
      );
    });
    const first = f.newMember('First');
    const second = f.newMember('Second');
    const e1 = f.waitlist.join({ memberId: first, zoneId: cabins, slot }, system, now);
    const e2 = f.waitlist.join({ memberId: second, zoneId: cabins, slot }, system, now + 1);
    expect([e1.state, e2.state]).toEqual(['waiting', 'waiting']);

    const freed = holders[3];
    if (!freed) throw new Error('no holder');
    f.allocator.cancel(freed.id, system, now + MINUTE);
    const offered = f.waitlist.byId(e1.id);
    expect(offered).toMatchObject({ state: 'offered', offeredSeatId: freed.seatId });
    expect(f.waitlist.byId(e2.id)?.state).toBe('waiting');

    // The offer lapses unanswered: it passes to the second in line.
    f.scheduler.tick(now + MINUTE + 15 * MINUTE);
    expect(f.waitlist.byId(e1.id)?.state).toBe('expired');
    const next = f.waitlist.byId(e2.id);
    expect(next).toMatchObject({ state: 'offered', offeredSeatId: freed.seatId });
    const booking = f.waitlist.accept(e2.id, { method: 'cash' }, system, now + 17 * MINUTE);
    expect(booking).toMatchObject({ state: 'confirmed', seatId: freed.seatId, memberId: second });
    expect(f.waitlist.byId(e2.id)?.state).toBe('accepted');
  });

  it('closes waiting entries whose time has passed', () => {
    const slot = hours('10:00');
    const cabins = f.ids.zoneIds[1];
    for (const s of f.catalog.data.seats.filter((x) => x.zoneId === cabins)) {
      f.allocator.book(
        { seatId: s.id, memberId: f.newMember(), slot, source: 'staff' },
        { method: 'cash' },
        system,
        f.clock.now(),
      );
    }
    const e = f.waitlist.join({ memberId: f.newMember(), zoneId: cabins, slot }, system, f.clock.now());
    expect(f.scheduler.tick(at('11:00')).waitlistClosed).toBe(1);
    expect(f.waitlist.byId(e.id)?.state).toBe('expired');
    expect(f.scheduler.tick(at('11:00') + DAY).waitlistClosed).toBe(0);
  });
});
