import { DomainError, MINUTE } from '@studyspot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../test/fixture.ts';
import { at, hubFixture, system, TODAY } from '../../test/fixture.ts';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('allocator', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await hubFixture();
  });
  afterEach(() => f.close());

  const morning = () => ({ kind: 'shift' as const, date: TODAY, shiftId: f.ids.shiftIds.morning });

  it('holds a seat, quotes the plan with GST, and confirms on cash payment', () => {
    const member = f.newMember();
    const held = f.allocator.hold(
      { seatId: f.ids.seatIds[0] as string, memberId: member, slot: morning(), source: 'kiosk' },
      system,
      f.clock.now(),
    );
    expect(held.state).toBe('held');
    expect(held.amountPaise).toBe(15000);
    expect(held.taxPaise).toBe(2700);
    expect(held.holdExpiresAt).toBe(f.clock.now() + 10 * MINUTE);
    expect(code(() => f.allocator.confirm(held.id, null, system, f.clock.now()))).toBe('payment_required');
    const confirmed = f.allocator.confirm(held.id, { method: 'cash' }, system, f.clock.now());
    expect(confirmed.state).toBe('confirmed');
    const payments = f.db
      .prepare('SELECT total_paise FROM payments WHERE booking_id = ?')
      .pluck()
      .all(held.id);
    expect(payments).toEqual([17700]);
  });

  it('refuses a second booking of the same seat and a second seat for the same member', () => {
    const a = f.newMember();
    const b = f.newMember();
    const seat = f.ids.seatIds[0] as string;
    f.allocator.hold({ seatId: seat, memberId: a, slot: morning(), source: 'kiosk' }, system, f.clock.now());
    expect(
      code(() =>
        f.allocator.hold(
          { seatId: seat, memberId: b, slot: morning(), source: 'kiosk' },
          system,
          f.clock.now(),
        ),
      ),
    ).toBe('seat_taken');
    expect(
      code(() =>
        f.allocator.hold(
          { seatId: f.ids.seatIds[1] as string, memberId: a, slot: morning(), source: 'kiosk' },
          system,
          f.clock.now(),
        ),
      ),
    ).toBe('member_busy');
  });

  it('writes an outbox row in the same transaction as every booking write', () => {
    const m = f.newMember();
    const before = f.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const held = f.allocator.hold(
      { seatId: f.ids.seatIds[2] as string, memberId: m, slot: morning(), source: 'kiosk' },
      system,
      f.clock.now(),
    );
    f.allocator.cancel(held.id, system, f.clock.now());
    const kinds = f.db
      .prepare('SELECT kind FROM outbox ORDER BY seq')
      .pluck()
      .all()
      .slice(before as number);
    expect(kinds).toEqual(['booking.upsert', 'booking.upsert', 'audit.append']);
  });

  it('the database trigger refuses an overlapping active booking even if the allocator is bypassed', () => {
    const m = f.newMember();
    const held = f.allocator.hold(
      { seatId: f.ids.seatIds[3] as string, memberId: m, slot: morning(), source: 'kiosk' },
      system,
      f.clock.now(),
    );
    const copy =
      f.db.prepare(`INSERT INTO bookings SELECT 'x' || id, library_id, seat_id, member_id, starts_at, ends_at,
      shift_id, state, source, membership_id, amount_paise, tax_paise, hold_expires_at, checked_in_at, checked_out_at,
      created_at, updated_at, rev, pass_secret FROM bookings WHERE id = ?`);
    expect(() => copy.run(held.id)).toThrow(/seat_taken/);
  });

  it('a cash membership covers shift bookings without payment, starting at once', () => {
    const m = f.newMember();
    const sold = f.memberships.sellForCash(
      { memberId: m, planId: f.ids.planIds.monthlyMorning, startsOn: TODAY },
      system,
      f.clock.now(),
    );
    expect(sold.membership.status).toBe('provisional');
    expect(sold.totalPaise).toBe(212400);
    const booked = f.allocator.book(
      { seatId: f.ids.seatIds[4] as string, memberId: m, slot: morning(), source: 'staff' },
      null,
      system,
      f.clock.now(),
    );
    expect(booked).toMatchObject({ state: 'confirmed', amountPaise: 0, membershipId: sold.membership.id });
  });

  it('checks in within the window and completes at check-out', () => {
    const m = f.newMember();
    const slot = { kind: 'hours' as const, date: TODAY, start: '10:00', hours: 2 };
    const b = f.allocator.book(
      { seatId: f.ids.seatIds[5] as string, memberId: m, slot, source: 'staff' },
      { method: 'cash' },
      system,
      f.clock.now(),
    );
    expect(code(() => f.allocator.checkIn(b.id, system, at('09:00')))).toBe('too_early');
    expect(f.allocator.checkIn(b.id, system, at('09:45')).state).toBe('checked_in');
    expect(f.allocator.checkOut(b.id, system, at('11:00')).state).toBe('completed');
    expect(code(() => f.allocator.cancel(b.id, system, at('11:00')))).toBe('invalid_transition');
  });
});
