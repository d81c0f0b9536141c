/**
 * Staff record cash at the desk (captured and invoiced at once); 50 concurrent cash payments in
 * one library get invoice numbers 1..50 with no gap and no duplicate; the monthly report adds
 * them up (revenue by plan, tax, refunds, invoices); staff of another library get 404.
 */
import { describe, expect, it } from 'vitest';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Principal } from '../http/env.ts';
import { billingApp, json, MONTHLY, seedShop } from './billing.fixture.ts';

describe.each(backends)('cash, invoices and the monthly report on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('numbers 50 concurrent cash payments 1..50 and reports the month', async () => {
    const ctx = billingApp(t().db);
    const shop = await seedShop(t().db, `cash-${kind}`);
    const staffUser = await t().db.platform(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO users (role, email, password_hash) VALUES ('staff', $1, 'x') RETURNING id`,
        [`desk-${kind}@example.test`],
      );
      return row?.id ?? '';
    });
    const staff: Principal = {
      userId: staffUser,
      role: 'staff',
      tenantId: shop.tenantId,
      libraryIds: [shop.libraryId],
    };
    const headers = ctx.auth.bearer(staff);
    const cash = {
      libraryId: shop.libraryId,
      memberId: shop.memberId,
      purpose: 'membership',
      targetId: shop.monthlyPlanId,
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => ctx.app.request('/v1/payments/cash', json(cash, headers))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const bodies = (await Promise.all(results.map((r) => r.json()))) as { id: string; status: string }[];
    expect(bodies.every((b) => b.status === 'captured')).toBe(true);

    const owner = ctx.auth.bearer(shop.owner);
    const page = (await (
      await ctx.app.request(`/v1/invoices?libraryId=${shop.libraryId}&limit=200`, { headers: owner })
    ).json()) as {
      items: { number: string }[];
    };
    const numbers = page.items.map((i) => i.number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 50 }, (_, i) => `GYAN-2026-${String(i + 1).padStart(6, '0')}`),
    );

    const refund = await ctx.app.request(
      `/v1/payments/${bodies[0]?.id}/refund`,
      json({ amountPaise: 10_000 }, owner),
    );
    expect(((await refund.json()) as { status: string }).status).toBe('processed');

    const report = await ctx.app.request(`/v1/libraries/${shop.libraryId}/reports/monthly?month=2026-01`, {
      headers: owner,
    });
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({
      revenue: [
        {
          purpose: 'membership',
          planName: 'Monthly morning',
          count: 50,
          subtotalPaise: 50 * MONTHLY.subtotal,
          taxPaise: 50 * MONTHLY.tax,
        },
      ],
      totals: { payments: 50, totalPaise: 50 * MONTHLY.total, taxPaise: 50 * MONTHLY.tax },
      refunds: { count: 1, amountPaise: 10_000 },
      netPaise: 50 * MONTHLY.total - 10_000,
      invoiceCount: 50,
      firstInvoice: 'GYAN-2026-000001',
      lastInvoice: 'GYAN-2026-000050',
    });
    const empty = (await (
      await ctx.app.request(`/v1/libraries/${shop.libraryId}/reports/monthly?month=2026-02`, {
        headers: owner,
      })
    ).json()) as {
      invoiceCount: number;
    };
    expect(empty.invoiceCount).toBe(0);

    const stranger = ctx.auth.bearer({ ...staff, libraryIds: [crypto.randomUUID()] });
    expect(
      (
        await ctx.app.request(`/v1/libraries/${shop.libraryId}/reports/monthly?month=2026-01`, {
          headers: stranger,
        })
      ).status,
    ).toBe(404);
    expect((await ctx.app.request(`/v1/payments/${bodies[0]?.id}`, { headers: stranger })).status).toBe(404);
    const otherTenant = ctx.auth.bearer({
      userId: crypto.randomUUID(),
      role: 'owner',
      tenantId: crypto.randomUUID(),
    });
    expect((await ctx.app.request(`/v1/payments/${bodies[0]?.id}`, { headers: otherTenant })).status).toBe(
      404,
    );
  }, 60_000);
});
