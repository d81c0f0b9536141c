import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, TODAY } from '../../../test/fixture.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('entry over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('a kiosk scan of the current pass checks in and opens the door; a replay is refused', async () => {
    const memberId = api.f.newMember('Ravi');
    const booked = await api.call('POST', '/bookings', {
      body: {
        seatId: api.f.ids.seatIds[7],
        memberId,
        slot: { kind: 'hours', date: TODAY, start: '10:00', hours: 1 },
        payment: { method: 'cash' },
      },
    });
    expect(booked.status).toBe(201);
    api.f.clock.set(at('09:45'));
    const pass = await api.call('GET', `/bookings/${booked.body.id}/pass`);
    expect(pass.status).toBe(200);
    expect(
      await api.call('GET', `/bookings/${booked.body.id}/pass`, { token: api.kioskToken }),
    ).toMatchObject({ status: 403 });

    const scan = await api.call('POST', '/entry/scan', {
      body: { code: pass.body.code },
      token: api.kioskToken,
    });
    expect(scan).toMatchObject({
      status: 200,
      body: { ok: true, memberName: 'Ravi', seatNumber: 'A08', door: 'unlocked', locker: null },
    });
    const again = await api.call('POST', '/entry/scan', {
      body: { code: pass.body.code },
      token: api.kioskToken,
    });
    expect(again.body).toMatchObject({ ok: false, reason: 'already_inside' });
    expect(await api.call('POST', '/entry/scan', { body: { code: 'garbage' }, token: null })).toMatchObject({
      status: 401,
    });
    expect(await api.call('POST', '/entry/scan', { body: {}, token: api.kioskToken })).toMatchObject({
      status: 400,
    });
  });

  it('answers /health and /metrics at the root too', async () => {
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${api.url}/metrics`)).text()).toMatch(/studyspot_outbox_backlog/);
  });
});
