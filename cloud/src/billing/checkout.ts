/**
 * Creating a payment and its provider checkout. The pending row commits first (its id is the
 * idempotency key of every create call), then the provider is called outside any transaction
 * through `attemptProviderCall`: `ok` stores the checkout, `retry` (an outage) leaves the payment
 * pending with `next_attempt_at` — the periodic task and `POST /payments/{id}/checkout` try again
 * with the SAME key, so a create that reached the provider is found or replayed, never repeated —
 * and `failed` marks the payment failed. Asking to pay for the same target again returns the open
 * payment instead of a second one.
 */
import { DomainError } from '@studyspot/core';
import { checkoutIdempotencyKey } from '../payments/idempotency.ts';
import { attemptProviderCall } from '../payments/provider-call.ts';
import type { Customer } from '../payments/types.ts';
import { type BillingContext, providerOf } from './context.ts';
import { loadPayment, PAYMENT_COLUMNS, type PaymentPurpose, type PaymentRow } from './payment-rows.ts';
import { type Payer, quotePayment } from './quote.ts';

export interface NewPayment {
  tenantId: string;
  libraryId: string;
  purpose: PaymentPurpose;
  targetId: string;
  userId: string;
  customer: Customer;
}

export async function createPayment(
  ctx: BillingContext,
  input: NewPayment,
  now: number,
): Promise<PaymentRow> {
  const row = await ctx.db.tenant(input.tenantId, async (tx) => {
    const quote = await quotePayment(tx, input.libraryId, input.purpose, input.targetId, {
      userId: input.userId,
    });
    if (quote.subtotalPaise + quote.taxPaise === 0)
      throw new DomainError('conflict', 'there is nothing to pay');
    const [open] = await tx.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE library_id = $1 AND member_id = $2 AND purpose = $3
          AND coalesce(booking_request_id, booking_id, plan_id) = $4 AND status IN ('pending', 'captured')
        ORDER BY created_at DESC LIMIT 1`,
      [input.libraryId, quote.memberId, input.purpose, input.targetId],
    );
    if (open && (open.purpose !== 'membership' || open.status === 'pending')) return open;
    const id = crypto.randomUUID();
    const [created] = await tx.query<PaymentRow>(
      `INSERT INTO payments (tenant_id, id, library_id, member_id, user_id, purpose, booking_request_id, booking_id,
         plan_id, description, subtotal_paise, tax_paise, tax_rate_bp, amount_paise, provider, idempotency_key,
         next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $17)
       RETURNING ${PAYMENT_COLUMNS}`,
      [
        input.tenantId,
        id,
        input.libraryId,
        quote.memberId,
        input.userId,
        input.purpose,
        quote.target.booking_request_id,
        quote.target.booking_id,
        quote.target.plan_id,
        quote.description,
        quote.subtotalPaise,
        quote.taxPaise,
        quote.taxRateBp,
        quote.subtotalPaise + quote.taxPaise,
        ctx.providers.online.name,
        checkoutIdempotencyKey(id),
        new Date(now),
      ],
    );
    if (quote.target.booking_request_id) {
      await tx.query(`UPDATE booking_requests SET payment_status = 'pending' WHERE id = $1`, [
        quote.target.booking_request_id,
      ]);
    }
    return created as PaymentRow;
  });
  if (row.provider_ref !== null || row.status !== 'pending') return row;
  return tryCheckout(ctx, row, now);
}

/** One attempt at the provider's create call for a pending payment without a checkout. */
export async function tryCheckout(ctx: BillingContext, p: PaymentRow, now: number): Promise<PaymentRow> {
  const provider = providerOf(ctx, p.provider);
  const [member] = await ctx.db.tenant(p.tenant_id, (tx) =>
    tx.query<{ name: string; phone: string; email: string | null }>(
      'SELECT name, phone, email FROM members WHERE id = $1',
      [p.member_id],
    ),
  );
  const result = await attemptProviderCall(
    () =>
      provider.createCheckout({
        paymentId: p.id,
        amountPaise: p.amount_paise,
        currency: 'INR',
        description: p.description,
        customer: { name: member?.name, phone: member?.phone, email: member?.email ?? undefined },
        idempotencyKey: p.idempotency_key,
      }),
    p.checkout_attempts,
    ctx.backoff,
  );
  const set =
    result.status === 'ok'
      ? {
          sql: 'provider_ref = $3, checkout = $4, next_attempt_at = NULL, last_error = NULL',
          params: [result.value.providerRef, result.value.checkout],
        }
      : result.status === 'retry'
        ? {
            sql: 'next_attempt_at = $3, last_error = $4',
            params: [new Date(now + result.retryAfterMs), `${result.error.code}: ${result.error.message}`],
          }
        : {
            sql: `status = 'failed', next_attempt_at = NULL, last_error = $3`,
            params: [`${result.error.code}: ${result.error.message}`],
          };
  if (result.status !== 'ok')
    ctx.log.warn(
      { paymentId: p.id, outcome: result.status, code: result.error.code },
      'payment checkout call did not succeed',
    );
  return ctx.db.tenant(p.tenant_id, async (tx) => {
    await tx.query(
      `UPDATE payments SET ${set.sql}, checkout_attempts = checkout_attempts + 1, updated_at = now()
        WHERE tenant_id = $1 AND id = $2 AND provider_ref IS NULL`,
      [p.tenant_id, p.id, ...set.params],
    );
    return (await loadPayment(tx, p.tenant_id, p.id)) as PaymentRow;
  });
}

/** The periodic task: tries again every pending checkout whose retry time has come. */
export async function retryDueCheckouts(ctx: BillingContext, now: number, limit = 20): Promise<number> {
  const due = await ctx.db.platform((tx) =>
    tx.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE status = 'pending' AND provider_ref IS NULL
          AND provider <> 'cash' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`,
      [new Date(now), limit],
    ),
  );
  for (const p of due) await tryCheckout(ctx, p, now);
  return due.length;
}

export type { Payer };
