import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, TODAY } from '../../../test/fixture.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

interface SeatView {
  seatId: string;
  state: string;
  bookingId: string | null;
  number: string;
  zoneName: string;
}

describe('library and seat map', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('GET /library shows the catalog to staff and kiosks', async () => {
    const res = await t.call('GET', '/library', { token: t.kioskToken });
    expect(res.status).toBe(200);
    expect(res.body.library.name).toContain('Gyan');
    expect(res.body.zones).toHaveLength(2);
    expect(res.body.shifts).toHaveLength(3);
    expect(res.body.plans).toHaveLength(6);
    expect(res.body.policy.holdMinutes).toBe(10);
    expect((await t.call('GET', '/library', { token: null })).status).toBe(401);
  });

  it('shows free, held, booked, checked-in and out-of-service seats with the occupying booking', async () => {
    const s = t.f.ids.seatIds;
    const slot = { kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.morning };
    const held = await t.call('POST', '/holds', { body: { seatId: s[0], memberId: t.f.newMember(), slot } });
    const booked = await t.call('POST', '/bookings', {
      body: { seatId: s[1], memberId: t.f.newMember(), slot, payment: { method: 'cash' } },
    });
    const now = { kind: 'hours', date: TODAY, start: '09:00', hours: 2 };
    const inn = await t.call('POST', '/bookings', {
      body: { seatId: s[2], memberId: t.f.newMember(), slot: now, payment: { method: 'cash' } },
    });
    expect((await t.call('POST', `/bookings/${inn.body.id}/check-in`)).status).toBe(200);
    t.f.db.prepare(`UPDATE seats SET status = 'out_of_service' WHERE id = ?`).run(s[3]);
    t.f.catalog.reload();

    const map = await t.call('GET', `/seats/map?date=${TODAY}&shiftId=${t.f.ids.shiftIds.morning}`, {
      token: t.kioskToken,
    });
    expect(map.status).toBe(200);
    expect(map.body.from).toBe(at('06:00'));
    expect(map.body.to).toBe(at('14:00'));
    const seats: SeatView[] = map.body.seats;
    expect(seats).toHaveLength(60);
    const [a, b, c, d, e] = seats;
    expect([a, b, c, d, e].map((x) => x?.state)).toEqual([
      'held',
      'booked',
      'checked_in',
      'out_of_service',
      'free',
    ]);
    expect(a).toMatchObject({ bookingId: held.body.id, number: 'A01', zoneName: 'Silent Hall' });
    expect(b?.bookingId).toBe(booked.body.id);
    expect(e?.bookingId).toBeNull();

    const evening = await t.call('GET', `/seats/map?from=${at('15:00')}&to=${at('16:00')}`);
    expect(evening.body.seats.filter((x: SeatView) => x.state !== 'free')).toHaveLength(1);
  });

  it('validates the range', async () => {
    expect((await t.call('GET', '/seats/map')).body).toMatchObject({
      code: 'validation_failed',
      field: 'from',
    });
    expect((await t.call('GET', `/seats/map?from=${at('10:00')}&to=${at('09:00')}`)).body.field).toBe('to');
    expect((await t.call('GET', '/seats/map?from=abc&to=1')).status).toBe(400);
    expect((await t.call('GET', '/seats/map?date=2026-02-30')).status).toBe(400);
    const unknownShift = await t.call(
      'GET',
      `/seats/map?date=${TODAY}&shiftId=01890000-0000-7000-8000-000000000000`,
    );
    expect(unknownShift.status).toBe(422);
  });
});
