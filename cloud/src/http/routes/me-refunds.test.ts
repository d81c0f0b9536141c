/**
 * GET /v1/me/bookings/{id}/refund on both backends: an unpaid booking refunds nothing; once paid
 * through the test provider the quote follows the library's policy as the clock moves (all ≥ 24 h
 * before the start, half within a day, nothing after it); a refund already made is reported and not
 * offered again; another student's booking and an unknown id are 404.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import {
  addStudent,
  type BillingApp,
  billingApp,
  DAY_PASS,
  json,
  type Shop,
  seedShop,
} from '../../billing/billing.fixture.ts';

const STARTS = '2026-01-10T04:30:00Z';
const HOUR = 3_600_000;

interface Quote {
  paidPaise: number;
  refundedPaise: number;
  refundIfCancelledNowPaise: number;
  startsAt: number;
  policy: { fullRefundHours: number; partialRefundPercent: number; lateRefundPercent: number };
}

describe.each(backends)('refund quotes on %s', (kind) => {
  const t = useTestDatabase(kind);
  let ctx: BillingApp;
  let shop: Shop;
  let bookingId: string;
  let student: Record<string, string>;
  const quote = async (id = bookingId, headers = student) => {
    const res = await ctx.app.request(`/v1/me/bookings/${id}/refund`, { headers });
    return { status: res.status, body: (await res.json()) as Quote };
  };

  beforeAll(async () => {
    ctx = billingApp(t().db);
    shop = await seedShop(t().db, `refund-quote-${kind}`);
    student = ctx.auth.bearer(shop.student);
    bookingId = crypto.randomUUID();
    await t().db.platform(async (tx) => {
      const [seat] = await tx.query<{ id: string }>('SELECT id FROM seats WHERE library_id = $1 LIMIT 1', [
        shop.libraryId,
      ]);
      await tx.query(
        `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source,
           amount_paise, tax_paise)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz + interval '12 hours', 'confirmed', 'remote', $7, $8)`,
        [
          shop.tenantId,
          bookingId,
          shop.libraryId,
          seat?.id,
          shop.memberId,
          STARTS,
          DAY_PASS.subtotal,
          DAY_PASS.tax,
        ],
      );
    });
  });

  it('quotes nothing for an unpaid booking, with the policy', async () => {
    const { status, body } = await quote();
    expect(status).toBe(200);
    expect(body).toEqual({
      bookingId,
      startsAt: Date.parse(STARTS),
      paidPaise: 0,
      refundedPaise: 0,
      refundIfCancelledNowPaise: 0,
      policy: { fullRefundHours: 24, partialRefundPercent: 50, lateRefundPercent: 0 },
    });
  });

  it('follows the policy once paid, and reports a refund made', async () => {
    const created = await ctx.app.request(
      '/v1/payments',
      json({ libraryId: shop.libraryId, purpose: 'booking', targetId: bookingId }, student),
    );
    expect(created.status).toBe(201);
    const payment = (await created.json()) as { id: string; checkout: { url: string } };
    const paid = await ctx.app.request(`${payment.checkout.url}/pay`, { method: 'POST' });
    expect(await paid.text()).toContain('Payment successful');

    expect((await quote()).body).toMatchObject({
      paidPaise: DAY_PASS.total,
      refundIfCancelledNowPaise: DAY_PASS.total,
    });
    const start = Date.parse(STARTS);
    ctx.clock.now = start - 10 * HOUR;
    expect((await quote()).body.refundIfCancelledNowPaise).toBe(DAY_PASS.total / 2);
    ctx.clock.now = start + HOUR;
    expect((await quote()).body.refundIfCancelledNowPaise).toBe(0);

    ctx.clock.now = start - 48 * HOUR;
    const cancelled = await ctx.app.request(`/v1/payments/${payment.id}/cancel`, {
      method: 'POST',
      headers: student,
    });
    expect(cancelled.status).toBe(200);
    expect((await quote()).body).toMatchObject({
      paidPaise: DAY_PASS.total,
      refundedPaise: DAY_PASS.total,
      refundIfCancelledNowPaise: 0,
    });
  });

  it("quotes by the refund terms the owner saved with the library's policy", async () => {
    const owner = ctx.auth.bearer(shop.owner);
    const library = (await (
      await ctx.app.request(`/v1/manage/libraries/${shop.libraryId}`, { headers: owner })
    ).json()) as { policy: Record<string, unknown> };
    const refund = { fullRefundHours: 48, partialRefundPercent: 25, lateRefundPercent: 10 };
    const saved = await ctx.app.request(`/v1/manage/libraries/${shop.libraryId}`, {
      ...json({ policy: { ...library.policy, refund } }, owner),
      method: 'PATCH',
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { policy: { refund: unknown } }).policy.refund).toEqual(refund);
    expect((await quote()).body.policy).toEqual(refund);
    const bad = await ctx.app.request(`/v1/manage/libraries/${shop.libraryId}`, {
      ...json({ policy: { ...library.policy, refund: { ...refund, lateRefundPercent: 150 } } }, owner),
      method: 'PATCH',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'validation_failed',
      field: 'policy.refund.lateRefundPercent',
    });
  });

  it("is 404 for another student's booking and for an unknown one", async () => {
    const other = await t().db.platform((tx) => addStudent(tx, shop.tenantId, shop.libraryId));
    expect((await quote(bookingId, ctx.auth.bearer(other.principal))).status).toBe(404);
    expect((await quote(crypto.randomUUID())).status).toBe(404);
  });
});
