/**
 * Hold → pay → confirm with the built-in test provider, end to end over HTTP on both backends:
 * a student creates a payment for a booking request, opens the local checkout page, presses Pay;
 * the signed webhook captures the payment, the invoice is numbered, the request's hold is marked
 * paid (the hub confirms the booking), and after a worker tick the receipt is in the local outbox
 * that platform admins read. Then: cancellation refunds by policy, a rejection refunds in full.
 */
import { describe, expect, it } from 'vitest';
import { platformAdmin } from '../../test/support/http.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { addRequest, billingApp, DAY_PASS, json, seedShop } from './billing.fixture.ts';
import { onBookingRequestRejected } from './refunds.ts';

interface PaymentBody {
  id: string;
  status: string;
  amountPaise: number;
  refundedPaise: number;
  checkout: { kind: string; url: string } | null;
}

describe.each(backends)('test-provider payments on %s', (kind) => {
  const t = useTestDatabase(kind);

  async function paid(slug: string, startsAt?: string) {
    const ctx = billingApp(t().db);
    const shop = await seedShop(t().db, slug);
    const requestId = await addRequest(t().db, shop, startsAt);
    const student = ctx.auth.bearer(shop.student);
    const res = await ctx.app.request(
      '/v1/payments',
      json({ libraryId: shop.libraryId, purpose: 'booking_request', targetId: requestId }, student),
    );
    expect(res.status).toBe(201);
    const payment = (await res.json()) as PaymentBody;
    expect(payment).toMatchObject({
      status: 'pending',
      amountPaise: DAY_PASS.total,
      checkout: { kind: 'test' },
    });
    const url = payment.checkout?.url ?? '';
    const page = await ctx.app.request(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('₹118.00');
    const pay = await ctx.app.request(`${url}/pay`, { method: 'POST' });
    expect(await pay.text()).toContain('Payment successful');
    return { ...ctx, shop, requestId, student, payment };
  }

  it('captures, invoices, marks the hold paid and leaves a receipt in the local outbox', async () => {
    const { app, auth, shop, requestId, student, payment, messaging } = await paid('flow');
    const after = (await (
      await app.request(`/v1/payments/${payment.id}`, { headers: student })
    ).json()) as PaymentBody;
    expect(after.status).toBe('captured');
    const owner = auth.bearer(shop.owner);
    const invoices = (await (
      await app.request(`/v1/invoices?libraryId=${shop.libraryId}`, { headers: owner })
    ).json()) as {
      items: { id: string; number: string; totalPaise: number }[];
    };
    expect(invoices.items).toHaveLength(1);
    expect(invoices.items[0]?.number).toMatch(/^GYAN-\d{4}-000001$/);
    const invoice = (await (
      await app.request(`/v1/invoices/${invoices.items[0]?.id}`, { headers: owner })
    ).json()) as {
      lines: { kind: string; amountPaise: number }[];
    };
    expect(invoice.lines.map((l) => [l.kind, l.amountPaise])).toEqual([
      ['item', 10_000],
      ['tax', 900],
      ['tax', 900],
    ]);
    const [request] = await t().db.tenant(shop.tenantId, (tx) =>
      tx.query<{ payment_status: string; status: string }>(
        'SELECT payment_status, status FROM booking_requests WHERE id = $1',
        [requestId],
      ),
    );
    expect(request).toEqual({ payment_status: 'paid', status: 'pending' });
    expect((await messaging.worker.tick(Date.now())).sent).toBe(1);
    const admin = await app.request('/v1/admin/notifications', { headers: auth.bearer(platformAdmin()) });
    const view = (await admin.json()) as {
      localOutbox: { kind: string; text: string }[];
      counts: Record<string, number>;
    };
    expect(view.localOutbox[0]?.kind).toBe('payment_receipt');
    expect(view.localOutbox[0]?.text).toContain(invoices.items[0]?.number);
    expect(view.counts.sent).toBe(1);
  });

  it('refunds a cancellation by policy: half within 24 hours of the start', async () => {
    const { app, payment, student } = await paid('cancel', '2026-01-01T12:00:00Z');
    const res = await app.request(`/v1/payments/${payment.id}/cancel`, { method: 'POST', headers: student });
    const body = (await res.json()) as {
      payment: PaymentBody;
      refundPaise: number;
      refund: { status: string };
    };
    expect(res.status).toBe(200);
    expect(body.refundPaise).toBe(DAY_PASS.total / 2);
    expect(body.refund.status).toBe('processed');
    expect(body.payment).toMatchObject({ status: 'partially_refunded', refundedPaise: DAY_PASS.total / 2 });
  });

  it('refunds in full when the hub rejects a paid request', async () => {
    const { billing, shop, requestId, payment } = await paid('reject');
    await t().db.platform((tx) =>
      tx.query(
        `UPDATE booking_requests SET status = 'rejected', reason = 'seat_taken', decided_at = now() WHERE id = $1`,
        [requestId],
      ),
    );
    const refunds = await onBookingRequestRejected(billing, shop.tenantId, requestId, Date.now());
    expect(refunds.map((r) => [r.amount_paise, r.status, r.reason])).toEqual([
      [DAY_PASS.total, 'processed', 'request_rejected'],
    ]);
    const [row] = await t().db.tenant(shop.tenantId, (tx) =>
      tx.query<{ status: string; payment_status: string }>(
        `SELECT p.status, r.payment_status FROM payments p JOIN booking_requests r ON r.id = p.booking_request_id WHERE p.id = $1`,
        [payment.id],
      ),
    );
    expect(row).toEqual({ status: 'refunded', payment_status: 'refunded' });
    expect(await onBookingRequestRejected(billing, shop.tenantId, requestId, Date.now())).toEqual([]);
  });
});
