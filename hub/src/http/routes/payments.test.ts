import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../../test/fixture.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('cash payments', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  const sale = (memberId: string, planId = t.f.ids.planIds.monthlyMorning) => ({
    memberId,
    planId,
    startsOn: TODAY,
  });

  it('sells a monthly plan for cash: a provisional membership and its payment', async () => {
    const m = t.f.newMember();
    const res = await t.call('POST', '/payments/cash', { body: sale(m) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      totalPaise: 212400,
      membership: { memberId: m, status: 'provisional' },
    });
    const paid = t.f.db
      .prepare('SELECT total_paise FROM payments WHERE id = ?')
      .pluck()
      .get(res.body.paymentId);
    expect(paid).toBe(212400);
  });

  it('kiosks cannot record cash (403); anonymous callers are 401', async () => {
    const before = t.f.db.prepare('SELECT count(*) FROM payments').pluck().get();
    const kiosk = await t.call('POST', '/payments/cash', {
      token: t.kioskToken,
      body: sale(t.f.newMember()),
    });
    expect(kiosk.status).toBe(403);
    expect(kiosk.body.code).toBe('forbidden');
    expect(
      (await t.call('POST', '/payments/cash', { token: null, body: sale(t.f.newMember()) })).status,
    ).toBe(401);
    expect(t.f.db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(before);
  });

  it('refuses plans that are not sold as memberships (422), unknown members (404), bad dates (400)', async () => {
    const hourly = await t.call('POST', '/payments/cash', {
      body: sale(t.f.newMember(), t.f.ids.planIds.hourly),
    });
    expect(hourly.status).toBe(422);
    expect(hourly.body.code).toBe('not_for_sale');
    const ghost = await t.call('POST', '/payments/cash', {
      body: sale('01890000-0000-7000-8000-000000000000'),
    });
    expect(ghost.status).toBe(404);
    const badDate = await t.call('POST', '/payments/cash', {
      body: { ...sale(t.f.newMember()), startsOn: '30-11-2026' },
    });
    expect(badDate.body).toMatchObject({ code: 'validation_failed', field: 'startsOn' });
  });
});
