import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../../test/fixture.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('waitlist routes', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  const evening = () => ({ kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.evening });

  it('joins (offered at once when a seat is free), and accepting with cash confirms the offer', async () => {
    const m = t.f.newMember();
    const joined = await t.call('POST', '/waitlist', {
      body: { memberId: m, zoneId: t.f.ids.zoneIds[1], slot: evening() },
    });
    expect(joined.status).toBe(201);
    expect(joined.body.state).toBe('offered');
    expect(joined.body.bookingId).toEqual(expect.any(String));
    const unpaid = await t.call('POST', `/waitlist/${joined.body.id}/accept`);
    expect(unpaid.body.code).toBe('payment_required');
    const accepted = await t.call('POST', `/waitlist/${joined.body.id}/accept`, {
      body: { payment: { method: 'cash' } },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      id: joined.body.bookingId,
      state: 'confirmed',
      source: 'waitlist',
    });
    const list = await t.call('GET', '/waitlist?state=accepted');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([joined.body.id]);
  });

  it('refuses a second overlapping entry (409 already_waiting); leaving releases the offer', async () => {
    const m = t.f.newMember();
    const first = await t.call('POST', '/waitlist', { body: { memberId: m, zoneId: null, slot: evening() } });
    const again = await t.call('POST', '/waitlist', { body: { memberId: m, zoneId: null, slot: evening() } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_waiting');
    const left = await t.call('DELETE', `/waitlist/${first.body.id}`);
    expect(left.body.state).toBe('left');
    expect((await t.call('GET', `/bookings/${first.body.bookingId}`)).body.state).toBe('cancelled');
    expect((await t.call('DELETE', `/waitlist/${first.body.id}`)).body.code).toBe('invalid_transition');
    expect((await t.call('POST', `/waitlist/${first.body.id}/accept`)).body.code).toBe('offer_expired');
  });

  it('404 for unknown entries, members and zones; 400 for a bad slot; staff-only', async () => {
    const ghost = '01890000-0000-7000-8000-000000000000';
    expect((await t.call('DELETE', `/waitlist/${ghost}`)).status).toBe(404);
    const noZone = await t.call('POST', '/waitlist', {
      body: { memberId: t.f.newMember(), zoneId: ghost, slot: evening() },
    });
    expect(noZone.body).toMatchObject({ code: 'not_found', field: 'zoneId' });
    const badSlot = await t.call('POST', '/waitlist', {
      body: { memberId: t.f.newMember(), zoneId: null, slot: { kind: 'hours', date: TODAY } },
    });
    expect(badSlot.body).toMatchObject({ code: 'validation_failed', field: 'slot.start' });
    expect((await t.call('GET', '/waitlist', { token: t.kioskToken })).status).toBe(403);
  });
});
