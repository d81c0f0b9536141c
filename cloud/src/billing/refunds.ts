/**
 * Refunds: `refundPayment` decides and records a refund in one transaction (never more than is
 * still refundable), calls the provider outside any transaction with the refund's id as the
 * idempotency key (`attemptProviderCall`), and settles the row with the answer; an outage leaves
 * it pending and the periodic task repeats the call with the same key. Two callers of it:
 * cancellation by policy (`cancelPayment`) and the automatic full refund when a paid booking
 * request cannot be honoured (`onBookingRequestRejected`, called when a request becomes rejected).
 */
import { DomainError } from '@studyspot/core';
import { refundIdempotencyKey } from '../payments/idempotency.ts';
import { attemptProviderCall } from '../payments/provider-call.ts';
import { type BillingContext, providerOf } from './context.ts';
import { loadPayment, type PaymentRow } from './payment-rows.ts';
import { cancellationRefund, refundPolicyOf } from './refund-policy.ts';
import {
  REFUND_COLUMNS,
  type RefundReason,
  type RefundRow,
  refundableOf,
  settleRefund,
} from './refund-rows.ts';

const REFUNDABLE = new Set(['captured', 'partially_refunded']);

/** Refunds `amountPaise` (default: all that is left) of a captured payment. Null when nothing is left. */
export async function refundPayment(
  ctx: BillingContext,
  tenantId: string,
  paymentId: string,
  reason: RefundReason,
  now: number,
  amountPaise?: number,
): Promise<RefundRow | null> {
  const decided = await ctx.db.tenant(tenantId, async (tx) => {
    const p = await loadPayment(tx, tenantId, paymentId, true);
    if (!p) throw new DomainError('not_found', 'no such payment');
    if (!REFUNDABLE.has(p.status))
      throw new DomainError('conflict', `a ${p.status} payment cannot be refunded`);
    const left = await refundableOf(tx, tenantId, p.id, p.amount_paise);
    const amount = Math.min(left, amountPaise ?? left);
    if (amount <= 0) return null;
    const [refund] = await tx.query<RefundRow>(
      `INSERT INTO refunds (tenant_id, payment_id, amount_paise, reason, created_at) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${REFUND_COLUMNS}`,
      [tenantId, p.id, amount, reason, new Date(now)],
    );
    return refund ? { payment: p, refund } : null;
  });
  if (!decided) return null;
  return sendRefund(ctx, decided.payment, decided.refund, now);
}

/** One attempt at the provider's refund call for a pending refund, then its settlement. */
export async function sendRefund(
  ctx: BillingContext,
  p: PaymentRow,
  refund: RefundRow,
  now: number,
): Promise<RefundRow> {
  const result = await attemptProviderCall(
    () =>
      providerOf(ctx, p.provider).refund({
        providerRef: p.provider_ref ?? '',
        providerPaymentId: p.provider_payment_id ?? undefined,
        amountPaise: refund.amount_paise,
        idempotencyKey: refundIdempotencyKey(refund.id),
      }),
    0,
    ctx.backoff,
  );
  return ctx.db.tenant(p.tenant_id, async (tx) => {
    if (result.status === 'ok' && result.value.status !== 'pending') {
      await settleRefund(
        tx,
        p.tenant_id,
        { id: refund.id },
        result.value.status,
        now,
        result.value.refundRef,
      );
    } else if (result.status === 'ok') {
      await tx.query('UPDATE refunds SET provider_ref = $2 WHERE id = $1', [
        refund.id,
        result.value.refundRef,
      ]);
    } else if (result.status === 'failed') {
      await settleRefund(tx, p.tenant_id, { id: refund.id }, 'failed', now, undefined, result.error.message);
    } else {
      await tx.query('UPDATE refunds SET last_error = $2 WHERE id = $1', [refund.id, result.error.message]);
    }
    const [row] = await tx.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1`, [
      refund.id,
    ]);
    return row as RefundRow;
  });
}

/** The periodic task: repeats the provider call of refunds an outage left pending (same key). */
export async function retryPendingRefunds(ctx: BillingContext, now: number, limit = 20): Promise<number> {
  const rows = await ctx.db.platform((tx) =>
    tx.query<RefundRow>(
      `SELECT ${REFUND_COLUMNS} FROM refunds WHERE status = 'pending' AND provider_ref IS NULL
          AND created_at <= $1 ORDER BY created_at LIMIT $2`,
      [new Date(now - 30_000), limit],
    ),
  );
  for (const refund of rows) {
    const p = await ctx.db.tenant(refund.tenant_id, (tx) =>
      loadPayment(tx, refund.tenant_id, refund.payment_id),
    );
    if (p) await sendRefund(ctx, p, refund, now);
  }
  return rows.length;
}

/**
 * A student (or staff) cancels what a payment bought: the refund follows the library's
 * cancellation policy (refund-policy.ts) measured from the start of the booking; a pending
 * request is cancelled with it. Memberships are not refunded by this path.
 */
export async function cancelPayment(ctx: BillingContext, tenantId: string, paymentId: string, now: number) {
  const plan = await ctx.db.tenant(tenantId, async (tx) => {
    const [row] = await tx.query<{
      amount_paise: number;
      starts_at: Date | null;
      policy: unknown;
      request_id: string | null;
    }>(
      `SELECT p.amount_paise, coalesce(r.starts_at, b.starts_at) AS starts_at, l.policy, r.id AS request_id
         FROM payments p JOIN libraries l ON l.tenant_id = p.tenant_id AND l.id = p.library_id
         LEFT JOIN booking_requests r ON r.tenant_id = p.tenant_id AND r.id = p.booking_request_id
         LEFT JOIN bookings b ON b.tenant_id = p.tenant_id AND b.id = p.booking_id
        WHERE p.id = $1`,
      [paymentId],
    );
    if (!row) throw new DomainError('not_found', 'no such payment');
    if (!row.starts_at) throw new DomainError('conflict', 'only bookings are cancelled with a refund');
    if (row.request_id) {
      await tx.query(
        `UPDATE booking_requests SET status = 'cancelled', decided_at = $2 WHERE id = $1 AND status = 'pending'`,
        [row.request_id, new Date(now)],
      );
    }
    return cancellationRefund(refundPolicyOf(row.policy), row.amount_paise, row.starts_at.getTime(), now);
  });
  const refund = plan > 0 ? await refundPayment(ctx, tenantId, paymentId, 'cancelled', now, plan) : null;
  return { refundPaise: refund?.amount_paise ?? 0, refund };
}

/**
 * The hook for a booking request that became `rejected` (the hub could not honour it): every
 * captured payment for it is refunded in full, and the request's payment status says so. Call it
 * after the transaction that recorded the rejection has committed.
 */
export async function onBookingRequestRejected(
  ctx: BillingContext,
  tenantId: string,
  requestId: string,
  now: number,
) {
  const paid = await ctx.db.tenant(tenantId, async (tx) => {
    const [request] = await tx.query<{ status: string }>(
      'SELECT status FROM booking_requests WHERE id = $1',
      [requestId],
    );
    if (request?.status !== 'rejected') return [];
    return tx.query<{ id: string }>(
      `SELECT id FROM payments WHERE booking_request_id = $1 AND status IN ('captured', 'partially_refunded')`,
      [requestId],
    );
  });
  const refunds: RefundRow[] = [];
  for (const p of paid) {
    const refund = await refundPayment(ctx, tenantId, p.id, 'request_rejected', now);
    if (refund) refunds.push(refund);
  }
  if (paid.length > 0) {
    await ctx.db.tenant(tenantId, (tx) =>
      tx.query(`UPDATE booking_requests SET payment_status = 'refunded' WHERE id = $1`, [requestId]),
    );
  }
  return refunds;
}
