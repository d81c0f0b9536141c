/**
 * GET /v1/me/bookings/{id}/refund — what cancelling one of the student's bookings would give back,
 * before they decide: what they paid for it, what has been refunded already, and what the library's
 * cancellation policy refunds if they cancel now (`cancellationRefund`, the same rule billing's
 * `hub outcomes` task applies once the hub has applied the cancel, measured at the moment the
 * cancel is asked), with the policy itself so the app can state it. Another student's booking is
 * 404, like a booking that does not exist.
 */
import { createRoute } from '@hono/zod-openapi';
import { RefundQuote as RefundQuoteSchema } from '@studyspot/core';
import { cancellationRefund, refundPolicyOf } from '../../billing/refund-policy.ts';
import { notFound } from '../../catalog/access.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, IdParam, json, named, router } from '../openapi.ts';

const RefundQuote = named(RefundQuoteSchema, 'RefundQuote');

interface PaidRow {
  starts_at: Date;
  policy: unknown;
  amount_paise: string | null;
  refunded_paise: string | null;
  /** True when a cancellation refund was made already (billing does not repeat it). */
  cancel_refunded: boolean | null;
}

// One row per payment for the booking (its own, or its request's), or one all-null row when unpaid.
const PAID_SQL = `
SELECT b.starts_at, l.policy, p.amount_paise, p.refunded_paise,
       EXISTS (SELECT 1 FROM refunds f WHERE f.payment_id = p.id AND f.reason = 'cancelled') AS cancel_refunded
  FROM bookings b
  JOIN libraries l ON l.tenant_id = b.tenant_id AND l.id = b.library_id
  LEFT JOIN payments p ON p.tenant_id = b.tenant_id
   AND p.status IN ('captured', 'partially_refunded', 'refunded')
   AND (p.booking_id = b.id OR p.booking_request_id IN
        (SELECT r.id FROM booking_requests r WHERE r.tenant_id = b.tenant_id AND r.booking_id = b.id))
 WHERE b.id = $1 AND b.member_id IN (SELECT m.id FROM members m WHERE m.user_id = $2)`;

export function meRefundRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      tags: ['students'],
      security: bearer,
      middleware: [allow('student')],
      method: 'get',
      path: '/me/bookings/{id}/refund',
      request: { params: IdParam },
      responses: {
        200: json(RefundQuote, 'Paid, refunded, and the refund a cancel now would give'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { userId } = principalOf(c);
      const [found] = await d.db.user(userId, (tx) =>
        tx.query<{ tenant_id: string }>('SELECT tenant_id FROM bookings WHERE id = $1', [id]),
      );
      if (!found) throw notFound('booking', 'id');
      const rows = await d.db.tenantAsUser(found.tenant_id, userId, (tx) =>
        tx.query<PaidRow>(PAID_SQL, [id, userId]),
      );
      const first = rows[0];
      if (!first) throw notFound('booking', 'id');
      const policy = refundPolicyOf(first.policy);
      const startsAt = first.starts_at.getTime();
      const now = d.now();
      let paid = 0;
      let refunded = 0;
      let refundable = 0;
      for (const row of rows) {
        if (row.amount_paise === null) continue;
        const amount = Number(row.amount_paise);
        const already = Number(row.refunded_paise ?? 0);
        paid += amount;
        refunded += already;
        if (!row.cancel_refunded)
          refundable += Math.min(cancellationRefund(policy, amount, startsAt, now), amount - already);
      }
      return c.json(
        {
          bookingId: id,
          startsAt,
          paidPaise: paid,
          refundedPaise: refunded,
          refundIfCancelledNowPaise: refundable,
          policy,
        },
        200,
      );
    },
  );
  return app;
}
