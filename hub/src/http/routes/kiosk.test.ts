import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, TODAY } from '../../../test/fixture.ts';
import type { EntryScan } from '../../events.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('kiosk routes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const phoneOf = async (memberId: string) =>
    (await api.call('GET', `/members/${memberId}`)).body.phone as string;

  it('counts free seats per zone now, by the hub clock', async () => {
    api.f.clock.set(at('09:00'));
    const before = await api.call('GET', '/kiosk/status', { token: api.kioskToken });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ now: at('09:00'), date: TODAY });
    const hall = before.body.zones.find((z: { zoneId: string }) => z.zoneId === api.f.ids.zoneIds[0]);
    const memberId = api.f.newMember('Counted');
    const booked = await api.call('POST', '/bookings', {
      body: {
        seatId: api.f.ids.seatIds[0],
        memberId,
        slot: { kind: 'hours', date: TODAY, start: '09:00', hours: 1 },
        payment: { method: 'cash' },
      },
    });
    expect(booked.status).toBe(201);
    const after = await api.call('GET', '/kiosk/status', { token: api.kioskToken });
    const hallAfter = after.body.zones.find((z: { zoneId: string }) => z.zoneId === api.f.ids.zoneIds[0]);
    expect(hallAfter.free).toBe(hall.free - 1);
    expect(hallAfter.total).toBe(hall.total);
  });

  it('checks a member in by phone and PIN through the entrance, and says why not otherwise', async () => {
    const memberId = api.f.newMember('Asha');
    const phone = await phoneOf(memberId);
    expect(
      await api.call('PUT', `/members/${memberId}/pin`, { body: { pin: '4321' }, token: api.kioskToken }),
    ).toMatchObject({
      status: 403,
    });
    expect((await api.call('PUT', `/members/${memberId}/pin`, { body: { pin: '4321' } })).status).toBe(204);
    const walkIn = (pin: string) =>
      api.call('POST', '/kiosk/walk-in', { body: { phone, pin }, token: api.kioskToken });

    expect((await walkIn('0000')).body).toMatchObject({ ok: false, reason: 'wrong_pin' });
    expect((await walkIn('4321')).body).toMatchObject({ ok: false, reason: 'no_booking' });

    const booked = await api.call('POST', '/bookings', {
      body: {
        seatId: api.f.ids.seatIds[5],
        memberId,
        slot: { kind: 'hours', date: TODAY, start: '10:00', hours: 2 },
        payment: { method: 'cash' },
      },
    });
    expect(booked.status).toBe(201);
    api.f.clock.set(at('09:50'));
    const scans: EntryScan[] = [];
    const off = api.f.bus.on('entry:scanned', (scan) => scans.push(scan));
    const granted = await walkIn('4321');
    off();
    expect(granted.body).toMatchObject({ ok: true, memberName: 'Asha', seatNumber: 'A06', door: 'unlocked' });
    expect(scans).toMatchObject([
      { via: { kind: 'kiosk' }, result: { ok: true, bookingId: booked.body.id } },
    ]);
    expect((await api.call('GET', `/bookings/${booked.body.id}`)).body.state).toBe('checked_in');
  });

  it('locks a phone out after five wrong PINs in a minute', async () => {
    const memberId = api.f.newMember('Guessed');
    const phone = await phoneOf(memberId);
    await api.call('PUT', `/members/${memberId}/pin`, { body: { pin: '2468' } });
    for (let i = 0; i < 5; i++) {
      const wrong = await api.call('POST', '/kiosk/walk-in', {
        body: { phone, pin: `100${i}` },
        token: api.kioskToken,
      });
      expect(wrong.body).toMatchObject({ ok: false, reason: 'wrong_pin' });
    }
    const blocked = await api.call('POST', '/kiosk/walk-in', {
      body: { phone, pin: '2468' },
      token: api.kioskToken,
    });
    expect(blocked).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    expect(
      (await api.call('POST', '/kiosk/walk-in', { body: { phone: '12', pin: '1' }, token: api.kioskToken }))
        .status,
    ).toBe(400);
  });

  it('holds a day pass for a visitor, which the desk confirms with cash', async () => {
    api.f.clock.set(at('09:00'));
    const held = await api.call('POST', '/kiosk/day-pass', {
      body: { name: 'Visitor Vik', phone: '+919999000111', zoneId: api.f.ids.zoneIds[0] },
      token: api.kioskToken,
    });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({
      memberName: 'Visitor Vik',
      zoneName: 'Silent Hall',
      booking: { state: 'held', source: 'kiosk' },
    });
    expect(held.body.booking.amountPaise).toBeGreaterThan(0);
    const confirmed = await api.call('POST', `/bookings/${held.body.booking.id}/confirm`, {
      body: { payment: { method: 'cash' } },
    });
    expect(confirmed.body.state).toBe('confirmed');
    // The same phone again is the same member, who already has today's seat.
    const again = await api.call('POST', '/kiosk/day-pass', {
      body: { name: 'Visitor Vik', phone: '+919999000111', zoneId: api.f.ids.zoneIds[1] },
      token: api.kioskToken,
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'member_busy' } });
    expect(
      await api.call('POST', '/kiosk/day-pass', {
        body: { name: 'X', phone: '+919999000112', zoneId: '0190a000-0000-7000-8000-000000000000' },
        token: api.kioskToken,
      }),
    ).toMatchObject({ status: 404 });
  });

  it('reports what waits to sync', async () => {
    const status = await api.call('GET', '/sync/status');
    expect(status.status).toBe(200);
    expect(status.body.backlog).toBeGreaterThan(0);
    expect(status.body).toMatchObject({ parked: 0, lastShapeAt: null });
    expect((await api.call('GET', '/sync/status', { token: api.kioskToken })).status).toBe(403);
  });
});

describe('desk arrivals', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it("lists the day's bookings with member and seat, newest first, paged", async () => {
    for (const [i, start] of ['09:00', '11:00', '13:00'].entries()) {
      const memberId = api.f.newMember(`Arrival ${i}`);
      const booked = await api.call('POST', '/bookings', {
        body: {
          seatId: api.f.ids.seatIds[i],
          memberId,
          slot: { kind: 'hours', date: TODAY, start, hours: 1 },
          payment: { method: 'cash' },
        },
      });
      expect(booked.status).toBe(201);
    }
    const first = await api.call('GET', '/desk/arrivals?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.date).toBe(TODAY);
    expect(first.body.items.map((a: { memberName: string }) => a.memberName)).toEqual([
      'Arrival 2',
      'Arrival 1',
    ]);
    expect(first.body.items[0]).toMatchObject({ seatNumber: 'A03', zoneName: 'Silent Hall' });
    const rest = await api.call('GET', `/desk/arrivals?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ items: [{ memberName: 'Arrival 0' }], nextCursor: null });
    expect((await api.call('GET', '/desk/arrivals?date=2026-12-01')).body.items).toEqual([]);
    expect((await api.call('GET', '/desk/arrivals', { token: api.kioskToken })).status).toBe(403);
  });
});
