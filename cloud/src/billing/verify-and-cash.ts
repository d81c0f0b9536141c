/**
 * The two captures that do not come by webhook: the client's verification after checkout
 * (Razorpay's handler signature, Stripe's PaymentIntent retrieve; the webhook may come before or
 * after — capture is idempotent), and cash recorded by staff at the desk, which is captured and
 * invoiced in the transaction that records it.
 */
import { DomainError } from '@studyspot/core';
import { checkoutIdempotencyKey } from '../payments/idempotency.ts';
import { attemptProviderCall } from '../payments/provider-call.ts';
import { capturePayment } from './capture.ts';
import { type BillingContext, providerOf } from './context.ts';
import { loadPayment, PAYMENT_COLUMNS, type PaymentPurpose, type PaymentRow } from './payment-rows.ts';
import { quotePayment } from './quote.ts';

export async function verifyPayment(
  ctx: BillingContext,
  tenantId: string,
  paymentId: string,
  payload: unknown,
  now: number,
): Promise<PaymentRow> {
  const p = await ctx.db.tenant(tenantId, (tx) => loadPayment(tx, tenantId, paymentId));
  if (!p) throw new DomainError('not_found', 'no such payment');
  if (p.status !== 'pending' || p.provider_ref === null) return p;
  const providerRef = p.provider_ref;
  const result = await attemptProviderCall(
    () => providerOf(ctx, p.provider).verifyCheckout({ providerRef, payload }),
    0,
    ctx.backoff,
  );
  if (result.status === 'failed') {
    const field =
      result.error.code === 'bad_signature' || result.error.code === 'malformed' ? 'payload' : undefined;
    throw new DomainError('validation_failed', `checkout verification failed: ${result.error.code}`, {
      field,
    });
  }
  return ctx.db.tenant(tenantId, async (tx) => {
    const locked = (await loadPayment(tx, tenantId, paymentId, true)) as PaymentRow;
    if (result.status === 'ok' && result.value.status === 'captured') {
      const facts = {
        providerPaymentId: result.value.providerPaymentId,
        amountPaise: result.value.amountPaise,
      };
      await capturePayment(tx, locked, facts, now);
    } else if (result.status === 'ok' && result.value.status === 'failed' && locked.status === 'pending') {
      await tx.query(`UPDATE payments SET status = 'failed', updated_at = now() WHERE id = $1`, [paymentId]);
    }
    return (await loadPayment(tx, tenantId, paymentId)) as PaymentRow;
  });
}

export interface CashPayment {
  tenantId: string;
  libraryId: string;
  memberId: string;
  purpose: PaymentPurpose;
  targetId: string;
  /** The staff member who took the cash. */
  recordedBy: string;
}

export async function recordCash(ctx: BillingContext, input: CashPayment, now: number): Promise<PaymentRow> {
  const cash = providerOf(ctx, 'cash');
  return ctx.db.tenant(input.tenantId, async (tx) => {
    const quote = await quotePayment(tx, input.libraryId, input.purpose, input.targetId, {
      memberId: input.memberId,
    });
    const amount = quote.subtotalPaise + quote.taxPaise;
    if (amount === 0) throw new DomainError('conflict', 'there is nothing to pay');
    const id = crypto.randomUUID();
    const key = checkoutIdempotencyKey(id);
    const { providerRef } = await cash.createCheckout({
      paymentId: id,
      amountPaise: amount,
      currency: 'INR',
      description: quote.description,
      customer: {},
      idempotencyKey: key,
    });
    const verified = await cash.verifyCheckout({
      providerRef,
      payload: { recordedBy: input.recordedBy, amountPaise: amount },
    });
    const [row] = await tx.query<PaymentRow>(
      `INSERT INTO payments (tenant_id, id, library_id, member_id, user_id, purpose, booking_request_id, booking_id,
         plan_id, description, subtotal_paise, tax_paise, tax_rate_bp, amount_paise, provider, provider_ref,
         idempotency_key, recorded_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, (SELECT user_id FROM members WHERE id = $4), $5, $6, $7, $8, $9, $10, $11, $12, $13,
         'cash', $14, $15, $16, $17, $17)
       RETURNING ${PAYMENT_COLUMNS}`,
      [
        input.tenantId,
        id,
        input.libraryId,
        quote.memberId,
        input.purpose,
        quote.target.booking_request_id,
        quote.target.booking_id,
        quote.target.plan_id,
        quote.description,
        quote.subtotalPaise,
        quote.taxPaise,
        quote.taxRateBp,
        amount,
        providerRef,
        key,
        input.recordedBy,
        new Date(now),
      ],
    );
    await capturePayment(tx, row as PaymentRow, { amountPaise: verified.amountPaise }, now);
    return (await loadPayment(tx, input.tenantId, id)) as PaymentRow;
  });
}
