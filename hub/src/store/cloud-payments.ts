/**
 * A booking's online payments, as the `payments` shape replicated them into `cloud_payments`
 * (ADR 0024): the staff view of a booking and a member's own list say whether it was paid online.
 * A payment names the booking itself, or — when the student paid while their request was still
 * pending — the request the booking was decided from. Cash is the hub's own ledger (`payments`),
 * so cloud rows of provider `cash` are left out.
 */
import { z } from 'zod';
import type { Db } from './db.ts';
import { prepared } from './db.ts';

export const OnlinePayment = z.object({
  id: z.string(),
  provider: z.string(),
  status: z.enum(['pending', 'captured', 'failed', 'refunded', 'partially_refunded']),
  amountPaise: z.number().int(),
  refundedPaise: z.number().int(),
  capturedAt: z.number().int().nullable(),
});
export type OnlinePayment = z.infer<typeof OnlinePayment>;

/** What a booking view adds: the online payments and whether money is held for it. */
export const PaidOnline = z.object({
  /** A payment is captured (possibly partly refunded): the student paid in the app. */
  paidOnline: z.boolean(),
  onlinePayments: z.array(OnlinePayment),
});
export type PaidOnline = z.infer<typeof PaidOnline>;

interface Row {
  id: string;
  provider: string;
  status: OnlinePayment['status'];
  amount_paise: number;
  refunded_paise: number;
  captured_at: number | null;
}

const SQL = `SELECT id, provider, status, amount_paise, refunded_paise, captured_at FROM cloud_payments
  WHERE provider <> 'cash' AND (booking_id = ?
    OR booking_request_id IN (SELECT id FROM remote_requests WHERE booking_id = ?))
  ORDER BY updated_at, id`;

export function paidOnline(db: Db, bookingId: string): PaidOnline {
  const rows = prepared(db, SQL).all(bookingId, bookingId) as Row[];
  const onlinePayments = rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    status: r.status,
    amountPaise: r.amount_paise,
    refundedPaise: r.refunded_paise,
    capturedAt: r.captured_at,
  }));
  const paid = onlinePayments.some((p) => p.status === 'captured' || p.status === 'partially_refunded');
  return { paidOnline: paid, onlinePayments };
}
