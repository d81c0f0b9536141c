import { MINUTE } from '@studyspot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../test/fixture.ts';
import { hubFixture, system, TODAY } from '../../test/fixture.ts';

/** What the shape consumer writes for a cloud command (rev 0); `subject` is its booking_id column. */
function arrive(f: Fixture, kind: string, subject: string, payload: unknown = {}) {
  const id = crypto.randomUUID();
  f.db
    .prepare(
      `INSERT INTO hub_commands (id, library_id, kind, booking_id, payload, status, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
    )
    .run(
      id,
      f.ids.libraryId,
      kind,
      subject,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      f.clock.now(),
    );
  f.clock.advance(1); // commands are applied in arrival order
  return id;
}

const results = (f: Fixture) =>
  (
    f.db
      .prepare(`SELECT payload FROM outbox WHERE kind = 'command.result' ORDER BY seq`)
      .pluck()
      .all() as string[]
  ).map((p) => {
    const r = JSON.parse(p) as { id: string; status: string; code: string | null };
    return [r.id, r.status, r.code];
  });

const evening = (f: Fixture) => ({ kind: 'shift', date: TODAY, shiftId: f.ids.shiftIds.evening }) as const;

/** Every active seat of the AC cabins zone booked for the evening, paid in cash; the bookings. */
function fillCabins(f: Fixture) {
  const zone = f.ids.zoneIds[1];
  return f.catalog.data.seats
    .filter((s) => s.zoneId === zone && s.status === 'active')
    .map((s) =>
      f.allocator.book(
        { seatId: s.id, memberId: f.newMember(), slot: evening(f), source: 'kiosk' },
        { method: 'cash' },
        system,
        f.clock.now(),
      ),
    );
}

describe('remote desk: waitlist commands', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await hubFixture();
  });
  afterEach(() => f.close());

  const join = (memberId: string, entryId = crypto.randomUUID()) => ({
    entryId,
    command: arrive(f, 'waitlist.join', entryId, { memberId, zoneId: f.ids.zoneIds[1], slot: evening(f) }),
  });

  it('joins under the cloud’s entry id; a second join for the same time is rejected already_waiting', () => {
    fillCabins(f);
    const member = f.newMember();
    const first = join(member);
    const second = join(member);
    expect(f.remote.sweep().commands).toBe(2);
    expect(f.waitlist.byId(first.entryId)).toMatchObject({ state: 'waiting', memberId: member });
    expect(f.waitlist.byId(second.entryId)).toBeNull();
    expect(results(f)).toEqual([
      [first.command, 'applied', null],
      [second.command, 'rejected', 'already_waiting'],
    ]);
    // the entry reaches the cloud before the answer that names it
    const kinds = f.db.prepare('SELECT kind FROM outbox ORDER BY seq').pluck().all();
    expect(kinds.lastIndexOf('waitlist.upsert')).toBeLessThan(kinds.lastIndexOf('command.result'));
  });

  it('a cancelled booking offers the seat; a paid confirm accepts the offer, its entry ends accepted', () => {
    const [taken] = fillCabins(f);
    const { entryId } = join(f.newMember());
    f.remote.sweep();
    f.allocator.cancel(taken?.id as string, system, f.clock.now());
    const offered = f.waitlist.byId(entryId);
    expect(offered).toMatchObject({ state: 'offered', offeredSeatId: taken?.seatId });
    const hold = offered?.bookingId as string;
    expect(f.bookings.byId(hold)).toMatchObject({ state: 'held', source: 'waitlist' });

    // a paid slot cannot be accepted without the payment; the payment's confirm accepts it
    const unpaid = arrive(f, 'waitlist.accept', entryId);
    const paid = arrive(f, 'booking.confirm', hold, { paymentId: crypto.randomUUID() });
    f.remote.sweep();
    expect(results(f).slice(-2)).toEqual([
      [unpaid, 'rejected', 'payment_required'],
      [paid, 'applied', null],
    ]);
    expect(f.waitlist.byId(entryId)?.state).toBe('accepted');
    expect(f.bookings.byId(hold)?.state).toBe('confirmed');
    // the money is the cloud's: no cash row for the offer on the hub
    expect(f.db.prepare('SELECT count(*) FROM payments WHERE booking_id = ?').pluck().get(hold)).toBe(0);
  });

  it('accepts a free offer (a membership covers it) by waitlist.accept; a repeat changes nothing', () => {
    const [taken] = fillCabins(f);
    const member = f.newMember();
    f.memberships.sellForCash(
      { memberId: member, planId: f.ids.planIds.monthlyFull, startsOn: TODAY },
      system,
      f.clock.now(),
    );
    const { entryId } = join(member);
    f.remote.sweep();
    f.allocator.cancel(taken?.id as string, system, f.clock.now());
    const first = arrive(f, 'waitlist.accept', entryId);
    const again = arrive(f, 'waitlist.accept', entryId);
    f.remote.sweep();
    expect(results(f).slice(-2)).toEqual([
      [first, 'applied', null],
      [again, 'applied', null],
    ]);
    const entry = f.waitlist.byId(entryId);
    expect(entry?.state).toBe('accepted');
    expect(f.bookings.byId(entry?.bookingId as string)).toMatchObject({ state: 'confirmed', amountPaise: 0 });
  });

  it('leaving an offer passes the seat to the next in line; a lapsed offer cannot be accepted', () => {
    const [taken] = fillCabins(f);
    const first = join(f.newMember());
    f.remote.sweep(); // one sweep each: entries joined in one sweep share their time (ids break the tie)
    const next = join(f.newMember());
    f.remote.sweep();
    f.allocator.cancel(taken?.id as string, system, f.clock.now());
    expect(f.waitlist.byId(first.entryId)?.state).toBe('offered');
    const leave = arrive(f, 'waitlist.leave', first.entryId);
    f.remote.sweep();
    expect(f.waitlist.byId(first.entryId)?.state).toBe('left');
    expect(f.waitlist.byId(next.entryId)?.state).toBe('offered');

    f.clock.advance(16 * MINUTE); // past waitlistOfferMinutes (15)
    const late = arrive(f, 'waitlist.accept', next.entryId);
    const leaveAgain = arrive(f, 'waitlist.leave', first.entryId);
    f.remote.sweep();
    expect(results(f).slice(-3)).toEqual([
      [leave, 'applied', null],
      [late, 'rejected', 'offer_expired'],
      [leaveAgain, 'applied', null],
    ]);
  });

  it('waits for a member not delivered yet, and a leave waits behind its join', () => {
    fillCabins(f);
    const ghost = crypto.randomUUID();
    const { entryId, command } = join(ghost);
    const leave = arrive(f, 'waitlist.leave', entryId);
    expect(f.remote.sweep().commands).toBe(0);
    expect(results(f)).toEqual([]);
    // the members shape delivers the member (the cloud's id)
    f.db
      .prepare(
        `INSERT INTO members (id, library_id, name, phone, status, created_at) VALUES (?, ?, 'Ravi', ?, 'active', ?)`,
      )
      .run(ghost, f.ids.libraryId, '+919000099999', f.clock.now());
    expect(f.remote.sweep().commands).toBe(2);
    expect(results(f)).toEqual([
      [command, 'applied', null],
      [leave, 'applied', null],
    ]);
    expect(f.waitlist.byId(entryId)?.state).toBe('left');
  });

  it('bad payloads and unknown subjects are rejected with a code, and the queue behind them goes on', () => {
    fillCabins(f);
    const member = f.newMember();
    const noSlot = arrive(f, 'waitlist.join', crypto.randomUUID(), { memberId: member });
    const notJson = arrive(f, 'waitlist.join', crypto.randomUUID(), '{not json');
    const badSlot = arrive(f, 'waitlist.join', crypto.randomUUID(), {
      memberId: member,
      zoneId: null,
      slot: { kind: 'hours', date: TODAY },
    });
    const past = arrive(f, 'waitlist.join', crypto.randomUUID(), {
      memberId: member,
      zoneId: null,
      slot: { kind: 'shift', date: '2026-11-27', shiftId: f.ids.shiftIds.evening },
    });
    const noEntry = arrive(f, 'waitlist.leave', crypto.randomUUID());
    const noOffer = arrive(f, 'waitlist.accept', crypto.randomUUID());
    const unknown = arrive(f, 'waitlist.shuffle', crypto.randomUUID());
    const good = join(member);
    f.remote.sweep();
    expect(results(f)).toEqual([
      [noSlot, 'rejected', 'validation_failed'],
      [notJson, 'rejected', 'validation_failed'],
      [badSlot, 'rejected', 'validation_failed'],
      [past, 'rejected', 'in_past'],
      [noEntry, 'rejected', 'not_found'],
      [noOffer, 'rejected', 'not_found'],
      [unknown, 'rejected', 'validation_failed'],
      [good.command, 'applied', null],
    ]);
  });
});
