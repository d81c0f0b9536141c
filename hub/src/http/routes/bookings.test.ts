import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, TODAY } from '../../../test/fixture.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('holds and bookings', () => {
  let t: TestApi;
  let seat: (i: number) => string;
  beforeAll(async () => {
    t = await startTestApi();
    seat = (i) => t.f.ids.seatIds[i] as string;
  });
  afterAll(() => t.close());

  const morning = () => ({ kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.morning });
  const evening = () => ({ kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.evening });

  it('a kiosk places a hold (source kiosk); staff confirm it with cash', async () => {
    const member = t.f.newMember();
    const held = await t.call('POST', '/holds', {
      token: t.kioskToken,
      body: { seatId: seat(0), memberId: member, slot: morning() },
    });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ state: 'held', source: 'kiosk', amountPaise: 15000 });
    expect(held.body).not.toHaveProperty('passSecret');
    const unpaid = await t.call('POST', `/bookings/${held.body.id}/confirm`);
    expect(unpaid.status).toBe(422);
    expect(unpaid.body.code).toBe('payment_required');
    const kioskConfirm = await t.call('POST', `/bookings/${held.body.id}/confirm`, {
      token: t.kioskToken,
      body: { payment: { method: 'cash' } },
    });
    expect(kioskConfirm.status).toBe(403);
    const paid = await t.call('POST', `/bookings/${held.body.id}/confirm`, {
      body: { payment: { method: 'cash' } },
    });
    expect(paid.status).toBe(200);
    expect(paid.body.state).toBe('confirmed');
  });

  it('answers 409 with the rule that refused', async () => {
    const [a, b] = [t.f.newMember(), t.f.newMember()];
    await t.call('POST', '/holds', { body: { seatId: seat(1), memberId: a, slot: morning() } });
    const taken = await t.call('POST', '/holds', { body: { seatId: seat(1), memberId: b, slot: morning() } });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('seat_taken');
    const busy = await t.call('POST', '/holds', { body: { seatId: seat(2), memberId: a, slot: morning() } });
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('member_busy');
  });

  it('answers 422 for a slot that cannot be sold as asked, 404 for unknown ids', async () => {
    const m = t.f.newMember();
    const offGrid = await t.call('POST', '/holds', {
      body: { seatId: seat(3), memberId: m, slot: { kind: 'hours', date: TODAY, start: '10:30', hours: 1 } },
    });
    expect(offGrid.status).toBe(422);
    expect(offGrid.body).toMatchObject({ code: 'off_grid', field: 'slot.start' });
    const past = await t.call('POST', '/holds', {
      body: {
        seatId: seat(3),
        memberId: m,
        slot: { kind: 'hours', date: '2026-11-29', start: '10:00', hours: 1 },
      },
    });
    expect(past.body.code).toBe('in_past');
    const ghost = await t.call('POST', '/holds', {
      body: { seatId: seat(3), memberId: '01890000-0000-7000-8000-000000000000', slot: morning() },
    });
    expect(ghost.status).toBe(404);
    expect(ghost.body).toMatchObject({ code: 'not_found', field: 'memberId' });
    expect((await t.call('GET', '/bookings/01890000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await t.call('POST', '/bookings/01890000-0000-7000-8000-000000000000/cancel')).status).toBe(404);
  });

  it('books with cash at the desk, then checks in (kiosk) and out (staff); transitions are enforced', async () => {
    const m = t.f.newMember();
    const slot = { kind: 'hours', date: TODAY, start: '10:00', hours: 2 };
    const booked = await t.call('POST', '/bookings', {
      body: { seatId: seat(4), memberId: m, slot, payment: { method: 'cash' } },
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ state: 'confirmed', source: 'staff' });
    const id = booked.body.id;
    const early = await t.call('POST', `/bookings/${id}/check-in`, { token: t.kioskToken });
    expect(early.body.code).toBe('too_early');
    t.f.clock.set(at('09:45'));
    const inn = await t.call('POST', `/bookings/${id}/check-in`, { token: t.kioskToken });
    expect(inn.status).toBe(200);
    expect(inn.body.state).toBe('checked_in');
    expect((await t.call('POST', `/bookings/${id}/check-out`, { token: t.kioskToken })).status).toBe(403);
    expect((await t.call('POST', `/bookings/${id}/check-out`)).body.state).toBe('completed');
    const again = await t.call('POST', `/bookings/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');
    t.f.clock.set(at('09:00'));
  });

  it('cancels (staff only) and reads a booking back', async () => {
    const m = t.f.newMember();
    const held = await t.call('POST', '/holds', { body: { seatId: seat(5), memberId: m, slot: evening() } });
    expect((await t.call('POST', `/bookings/${held.body.id}/cancel`, { token: t.kioskToken })).status).toBe(
      403,
    );
    expect((await t.call('POST', `/bookings/${held.body.id}/cancel`)).body.state).toBe('cancelled');
    const read = await t.call('GET', `/bookings/${held.body.id}`);
    expect(read.body).toMatchObject({ id: held.body.id, state: 'cancelled' });
    expect((await t.call('GET', `/bookings/${held.body.id}`, { token: t.kioskToken })).status).toBe(403);
  });

  it('lists bookings by filter, newest first, in keyset pages', async () => {
    const m = t.f.newMember();
    for (const [i, start] of ['06:00', '08:00', '10:00'].entries()) {
      const slot = { kind: 'hours', date: '2026-12-01', start, hours: 1 };
      const res = await t.call('POST', '/holds', { body: { seatId: seat(10 + i), memberId: m, slot } });
      expect(res.status).toBe(201);
    }
    const first = await t.call('GET', `/bookings?memberId=${m}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].startsAt).toBeGreaterThan(first.body.items[1].startsAt);
    const second = await t.call('GET', `/bookings?memberId=${m}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((b: { id: string }) => b.id);
    expect(new Set(ids).size).toBe(3);
    const held = await t.call('GET', `/bookings?state=held&seatId=${seat(11)}`);
    expect(held.body.items).toHaveLength(1);
    expect((await t.call('GET', '/bookings?cursor=bogus')).body).toMatchObject({
      code: 'validation_failed',
      field: 'cursor',
    });
    expect((await t.call('GET', '/bookings?limit=500')).body.field).toBe('limit');
    expect((await t.call('GET', '/bookings?state=lost')).status).toBe(400);
  });
});
