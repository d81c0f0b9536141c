/**
 * Refund rows and their settlement. A refund is `pending` from the moment we decide it until the
 * provider says processed (synchronously, or later by webhook) or failed. Only a processed refund
 * moves money in our books: it adds to `payments.refunded_paise` and makes the payment
 * `partially_refunded` or `refunded`. Settling is idempotent (only a pending refund changes).
 */
import type { Tx } from '../db/types.ts';

export type RefundReason = 'cancelled' | 'request_rejected' | 'staff';
export type RefundStatus = 'pending' | 'processed' | 'failed';

export interface RefundRow {
  tenant_id: string;
  id: string;
  payment_id: string;
  amount_paise: number;
  reason: RefundReason;
  status: RefundStatus;
  provider_ref: string | null;
  created_at: Date;
  processed_at: Date | null;
}

export const REFUND_COLUMNS =
  'tenant_id, id, payment_id, amount_paise, reason, status, provider_ref, created_at, processed_at';

export type RefundKey = { id: string } | { providerRef: string };

/** Moves a pending refund to `status`; returns whether it changed. */
export async function settleRefund(
  tx: Tx,
  tenantId: string,
  key: RefundKey,
  status: 'processed' | 'failed',
  now: number,
  providerRef?: string,
  error?: string,
): Promise<boolean> {
  const [byId, byRef] = 'id' in key ? [key.id, null] : [null, key.providerRef];
  const [refund] = await tx.query<RefundRow>(
    `UPDATE refunds SET status = $4, processed_at = $5, provider_ref = coalesce($6, provider_ref), last_error = $7
      WHERE tenant_id = $1 AND status = 'pending' AND (id = $2 OR provider_ref = $3)
      RETURNING ${REFUND_COLUMNS}`,
    [tenantId, byId, byRef, status, new Date(now), providerRef ?? null, error ?? null],
  );
  if (!refund) return false;
  if (status === 'processed') {
    await tx.query(
      `UPDATE payments SET refunded_paise = refunded_paise + $3,
         status = CASE WHEN refunded_paise + $3 >= amount_paise THEN 'refunded' ELSE 'partially_refunded' END,
         updated_at = $4
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, refund.payment_id, refund.amount_paise, new Date(now)],
    );
  }
  return true;
}

/** Paise that can still be refunded: captured minus processed and in-flight refunds. */
export async function refundableOf(
  tx: Tx,
  tenantId: string,
  paymentId: string,
  amountPaise: number,
): Promise<number> {
  const [row] = await tx.query<{ committed: number }>(
    `SELECT coalesce(sum(amount_paise), 0)::bigint AS committed FROM refunds
      WHERE tenant_id = $1 AND payment_id = $2 AND status <> 'failed'`,
    [tenantId, paymentId],
  );
  return amountPaise - Number(row?.committed ?? 0);
}
