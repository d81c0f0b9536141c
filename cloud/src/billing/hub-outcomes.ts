/**
 * The money that follows a hub's answer (ADR 0022), run as a periodic billing task because provider
 * calls never happen inside the hub's intake transaction:
 * - a paid request the hub rejected is refunded in full (`onBookingRequestRejected`);
 * - a confirm the hub could not apply (the hold lapsed first) refunds that payment in full;
 * - an applied cancel refunds the booking's payment as the command asked: by the library's
 *   cancellation policy measured at the moment the cancel was asked for (not when an offline hub
 *   got round to it), in full, or not at all.
 * Each command is marked `settled_at` afterwards; a refund already made for it is not repeated.
 */

import type { BillingContext } from './context.ts';
import { cancellationRefund, refundPolicyOf } from './refund-policy.ts';
import { onBookingRequestRejected, refundPayment } from './refunds.ts';

interface Unsettled {
  tenant_id: string;
  id: string;
  kind: 'booking.cancel' | 'booking.confirm';
  status: 'applied' | 'rejected';
  booking_id: string;
  payload: { paymentId?: string; refund?: 'policy' | 'full' | 'none' };
  created_at: Date;
}

export async function settleHubOutcomes(ctx: BillingContext, now: number, limit = 50): Promise<number> {
  const { requests, commands } = await ctx.db.platform(async (tx) => ({
    requests: await tx.query<{ tenant_id: string; id: string }>(
      `SELECT tenant_id, id FROM booking_requests WHERE status = 'rejected' AND payment_status = 'paid' LIMIT $1`,
      [limit],
    ),
    commands: await tx.query<Unsettled>(
      `SELECT tenant_id, id, kind, status, booking_id, payload, created_at FROM hub_commands
        WHERE settled_at IS NULL AND status <> 'pending' ORDER BY created_at LIMIT $1`,
      [limit],
    ),
  }));
  for (const r of requests) await onBookingRequestRejected(ctx, r.tenant_id, r.id, now);
  for (const c of commands) {
    await settle(ctx, c, now);
    await ctx.db.tenant(c.tenant_id, (tx) =>
      tx.query('UPDATE hub_commands SET settled_at = $2 WHERE id = $1', [c.id, new Date(now)]),
    );
  }
  return requests.length + commands.length;
}

async function settle(ctx: BillingContext, c: Unsettled, now: number): Promise<void> {
  if (c.kind === 'booking.confirm' && c.status === 'rejected' && c.payload.paymentId) {
    await refundPayment(ctx, c.tenant_id, c.payload.paymentId, 'request_rejected', now);
    await ctx.db.tenant(c.tenant_id, (tx) =>
      tx.query(
        `UPDATE booking_requests SET payment_status = 'refunded'
          WHERE id = (SELECT booking_request_id FROM payments WHERE id = $1)`,
        [c.payload.paymentId],
      ),
    );
    return;
  }
  if (c.kind !== 'booking.cancel' || c.status !== 'applied') return;
  const refund = c.payload.refund ?? 'policy';
  if (refund === 'none') return;
  const paid = await ctx.db.tenant(c.tenant_id, (tx) =>
    tx.query<{ id: string; amount_paise: number; starts_at: Date; policy: unknown; refunded: boolean }>(
      `SELECT p.id, p.amount_paise, b.starts_at, l.policy,
              EXISTS (SELECT 1 FROM refunds f WHERE f.payment_id = p.id AND f.reason = 'cancelled') AS refunded
         FROM bookings b JOIN libraries l ON l.tenant_id = b.tenant_id AND l.id = b.library_id
         JOIN payments p ON p.tenant_id = b.tenant_id AND p.status IN ('captured', 'partially_refunded')
          AND (p.booking_id = b.id OR p.booking_request_id IN
               (SELECT r.id FROM booking_requests r WHERE r.tenant_id = b.tenant_id AND r.booking_id = b.id))
        WHERE b.tenant_id = $1 AND b.id = $2`,
      [c.tenant_id, c.booking_id],
    ),
  );
  for (const p of paid) {
    if (p.refunded) continue;
    const amount =
      refund === 'full'
        ? undefined
        : cancellationRefund(
            refundPolicyOf(p.policy),
            Number(p.amount_paise),
            p.starts_at.getTime(),
            c.created_at.getTime(),
          );
    if (amount === 0) continue;
    await refundPayment(ctx, c.tenant_id, p.id, 'cancelled', now, amount);
  }
}
