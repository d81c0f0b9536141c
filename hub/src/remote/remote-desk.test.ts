import { MINUTE } from '@studyspot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../test/fixture.ts';
import { hubFixture, system, TODAY } from '../../test/fixture.ts';

/** What the shape consumer writes for a request or a command (the cloud's rows, rev 0). */
function arriveRequest(
  f: Fixture,
  over: Partial<{ id: string; member: string; seat: string | null; zone: string | null; paid: boolean }>,
) {
  const id = over.id ?? crypto.randomUUID();
  const slot = { kind: 'shift', date: TODAY, shiftId: f.ids.shiftIds.morning };
  f.db
    .prepare(
      `INSERT INTO remote_requests (id, library_id, member_id, seat_id, zone_id, slot, starts_at, ends_at, status,
         payment_status, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 1, 'pending', ?, ?)`,
    )
    .run(
      id,
      f.ids.libraryId,
      over.member ?? f.newMember(),
      over.seat === undefined ? f.ids.seatIds[0] : over.seat,
      over.zone ?? null,
      JSON.stringify(slot),
      over.paid ? 'paid' : 'none',
      f.clock.now(),
    );
  f.clock.advance(1); // requests are decided in arrival order
  return id;
}

function arriveCommand(f: Fixture, kind: string, bookingId: string) {
  const id = crypto.randomUUID();
  f.db
    .prepare(
      `INSERT INTO hub_commands (id, library_id, kind, booking_id, payload, status, created_at)
       VALUES (?, ?, ?, ?, '{}', 'pending', ?)`,
    )
    .run(id, f.ids.libraryId, kind, bookingId, f.clock.now());
  return id;
}

const requestRow = (f: Fixture, id: string) =>
  f.db.prepare('SELECT status, reason, booking_id, rev FROM remote_requests WHERE id = ?').get(id) as {
    status: string;
    reason: string | null;
    booking_id: string | null;
    rev: number;
  };

const outboxOf = (f: Fixture, kind: string) =>
  (f.db.prepare('SELECT payload FROM outbox WHERE kind = ? ORDER BY seq').pluck().all(kind) as string[]).map(
    (p) => JSON.parse(p) as Record<string, unknown>,
  );

describe('remote desk', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await hubFixture();
  });
  afterEach(() => f.close());

  it('holds the seat of an unpaid request and answers accepted through the outbox', () => {
    const id = arriveRequest(f, {});
    expect(f.remote.sweep()).toEqual({ requests: 1, commands: 0 });
    const row = requestRow(f, id);
    expect(row.status).toBe('accepted');
    const booking = f.bookings.byId(row.booking_id as string);
    expect(booking).toMatchObject({ state: 'held', source: 'remote', seatId: f.ids.seatIds[0] });
    const [answer] = outboxOf(f, 'request.decide');
    expect(answer).toEqual({
      id,
      libraryId: f.ids.libraryId,
      status: 'accepted',
      reason: null,
      bookingId: booking?.id,
      decidedAt: f.clock.now(),
      rev: row.rev,
    });
    // the booking's own row precedes the answer in the outbox (the cloud needs it first)
    const kinds = f.db.prepare('SELECT kind FROM outbox ORDER BY seq').pluck().all();
    expect(kinds.indexOf('booking.upsert')).toBeLessThan(kinds.indexOf('request.decide'));
    expect(f.remote.sweep()).toEqual({ requests: 0, commands: 0 });
  });

  it('confirms a request already paid in the cloud', () => {
    const id = arriveRequest(f, { paid: true });
    f.remote.sweep();
    const booking = f.bookings.byId(requestRow(f, id).booking_id as string);
    expect(booking?.state).toBe('confirmed');
    // the money is the cloud's: no cash row on the hub
    expect(f.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
  });

  it('rejects with the rule that refused it, and never double-books the seat', () => {
    const first = arriveRequest(f, {});
    const second = arriveRequest(f, {});
    f.remote.sweep();
    expect(requestRow(f, first).status).toBe('accepted');
    expect(requestRow(f, second)).toMatchObject({
      status: 'rejected',
      reason: 'seat_taken',
      booking_id: null,
    });
    const active = f.db
      .prepare(`SELECT count(*) FROM bookings WHERE seat_id = ? AND state IN ('held', 'confirmed')`)
      .pluck()
      .get(f.ids.seatIds[0]);
    expect(active).toBe(1);
  });

  it('picks a free seat for a zone request, and rejects when the zone is full', () => {
    const zone = f.ids.zoneIds[0];
    const seatsInZone = f.catalog.data.seats.filter((s) => s.zoneId === zone && s.status === 'active');
    const ids = seatsInZone.map(() => arriveRequest(f, { seat: null, zone }));
    const extra = arriveRequest(f, { seat: null, zone });
    f.remote.sweep();
    const seats = ids.map((id) => f.bookings.byId(requestRow(f, id).booking_id as string)?.seatId);
    expect(new Set(seats).size).toBe(seatsInZone.length);
    expect(requestRow(f, extra)).toMatchObject({ status: 'rejected', reason: 'seat_taken' });
  });

  it('waits for a member the members shape has not delivered yet', () => {
    const id = arriveRequest(f, { member: crypto.randomUUID() });
    expect(f.remote.sweep()).toEqual({ requests: 0, commands: 0 });
    expect(requestRow(f, id).status).toBe('pending');
  });

  it('decides nothing before the first complete sync, and waits a while for an unknown seat', () => {
    let synced = false;
    f.remote.gate(() => synced);
    const id = arriveRequest(f, { seat: crypto.randomUUID() });
    expect(f.remote.sweep()).toEqual({ requests: 0, commands: 0 });
    synced = true;
    expect(f.remote.sweep()).toEqual({ requests: 0, commands: 0 });
    expect(requestRow(f, id).status).toBe('pending');
    f.clock.advance(3 * MINUTE);
    f.remote.sweep();
    expect(requestRow(f, id)).toMatchObject({ status: 'rejected', reason: 'not_found' });
  });

  it('applies a cancel command and answers it; a repeated cancel is applied without a second change', () => {
    const held = f.allocator.hold(
      {
        seatId: f.ids.seatIds[1] as string,
        memberId: f.newMember(),
        slot: { kind: 'shift', date: TODAY, shiftId: f.ids.shiftIds.morning },
        source: 'kiosk',
      },
      system,
      f.clock.now(),
    );
    const first = arriveCommand(f, 'booking.cancel', held.id);
    f.remote.sweep();
    expect(f.bookings.byId(held.id)?.state).toBe('cancelled');
    const again = arriveCommand(f, 'booking.cancel', held.id);
    f.remote.sweep();
    const results = outboxOf(f, 'command.result');
    expect(results.map((r) => [r.id, r.status, r.code])).toEqual([
      [first, 'applied', null],
      [again, 'applied', null],
    ]);
  });

  it('confirms a held booking on command, and refuses once the hold has lapsed', () => {
    const id = arriveRequest(f, {});
    f.remote.sweep();
    const bookingId = requestRow(f, id).booking_id as string;
    const late = arriveRequest(f, { seat: f.ids.seatIds[2] ?? null });
    f.remote.sweep();
    const lateBooking = requestRow(f, late).booking_id as string;

    const confirm = arriveCommand(f, 'booking.confirm', bookingId);
    f.remote.sweep();
    expect(f.bookings.byId(bookingId)?.state).toBe('confirmed');

    f.clock.advance(11 * MINUTE);
    const lapsed = arriveCommand(f, 'booking.confirm', lateBooking);
    f.remote.sweep();
    const results = outboxOf(f, 'command.result');
    expect(results.map((r) => [r.id, r.status, r.code])).toEqual([
      [confirm, 'applied', null],
      [lapsed, 'rejected', 'hold_expired'],
    ]);
  });

  it('rejects a command for a booking this hub never made', () => {
    const id = arriveCommand(f, 'booking.cancel', crypto.randomUUID());
    f.remote.sweep();
    expect(outboxOf(f, 'command.result')).toMatchObject([{ id, status: 'rejected', code: 'not_found' }]);
  });
});
