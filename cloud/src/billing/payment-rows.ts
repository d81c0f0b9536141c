/**
 * The `payments` row, its API shape and the reads every payment path shares. The state machine
 * (statuses in migration 300):
 *
 *   pending ──capture (webhook / verify / cash)──▶ captured ──refund (part)──▶ partially_refunded
 *      │  ▲                                          │                               │
 *      │  └── provider outage: stays pending,        └──refund (rest)──▶ refunded ◀──┘
 *      │      checkout retried with the same key
 *      └──failed (declined)──▶ failed ──capture (a later attempt on the same order)──▶ captured
 */

import type { PaymentPurpose } from '@studyspot/core';
import type { Tx } from '../db/types.ts';
import type { CheckoutClientData, ProviderName } from '../payments/types.ts';

export type { PaymentPurpose };
export type PaymentStatus = 'pending' | 'captured' | 'failed' | 'refunded' | 'partially_refunded';

export interface PaymentRow {
  tenant_id: string;
  id: string;
  library_id: string;
  member_id: string;
  user_id: string | null;
  purpose: PaymentPurpose;
  booking_request_id: string | null;
  booking_id: string | null;
  plan_id: string | null;
  description: string;
  subtotal_paise: number;
  tax_paise: number;
  tax_rate_bp: number;
  amount_paise: number;
  refunded_paise: number;
  provider: ProviderName;
  provider_ref: string | null;
  provider_payment_id: string | null;
  checkout: CheckoutClientData | null;
  status: PaymentStatus;
  idempotency_key: string;
  checkout_attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  captured_at: Date | null;
  created_at: Date;
}

export const PAYMENT_COLUMNS = `tenant_id, id, library_id, member_id, user_id, purpose, booking_request_id,
  booking_id, plan_id, description, subtotal_paise, tax_paise, tax_rate_bp, amount_paise, refunded_paise,
  provider, provider_ref, provider_payment_id, checkout, status, idempotency_key, checkout_attempts,
  next_attempt_at, last_error, captured_at, created_at`;

export interface PaymentView {
  id: string;
  libraryId: string;
  memberId: string;
  purpose: PaymentPurpose;
  targetId: string;
  description: string;
  subtotalPaise: number;
  taxPaise: number;
  amountPaise: number;
  refundedPaise: number;
  provider: ProviderName;
  status: PaymentStatus;
  checkout: CheckoutClientData | null;
  /** Set while the provider is unreachable: when the checkout call is tried again. */
  retryAt: number | null;
  capturedAt: number | null;
  createdAt: number;
}

export function toPaymentView(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    libraryId: row.library_id,
    memberId: row.member_id,
    purpose: row.purpose,
    targetId: row.booking_request_id ?? row.booking_id ?? row.plan_id ?? '',
    description: row.description,
    subtotalPaise: row.subtotal_paise,
    taxPaise: row.tax_paise,
    amountPaise: row.amount_paise,
    refundedPaise: row.refunded_paise,
    provider: row.provider,
    status: row.status,
    checkout: row.checkout,
    retryAt:
      row.provider_ref === null && row.status === 'pending' ? (row.next_attempt_at?.getTime() ?? null) : null,
    capturedAt: row.captured_at?.getTime() ?? null,
    createdAt: row.created_at.getTime(),
  };
}

/** The payment, locked for the rest of the transaction when `lock` (captures and refunds). */
export async function loadPayment(
  tx: Tx,
  tenantId: string,
  id: string,
  lock = false,
): Promise<PaymentRow | null> {
  const [row] = await tx.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return row ?? null;
}
