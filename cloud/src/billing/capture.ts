/**
 * What a captured payment does, in the transaction that records the capture (webhook, verify or
 * cash): mark it captured, issue the invoice, enqueue the payment receipt, and by purpose record
 * that a booking request's hold is paid (the HUB confirms the booking — ARCHITECTURE §3; the sync
 * issue carries the request to it) or start the bought membership. Idempotent: a payment that is
 * already captured (or refunded) is left alone.
 */
import { addDays, instantToLocal } from '@studyspot/core';
import { confirmIfPaid, confirmPaidHold } from '../commands/issue.ts';
import type { Tx } from '../db/types.ts';
import { notifyPaymentReceipt } from '../messaging/notify.ts';
import { issueInvoice } from './invoices.ts';
import type { PaymentRow } from './payment-rows.ts';

export interface CaptureFacts {
  providerPaymentId?: string | undefined;
  amountPaise: number;
}

interface LibraryRow {
  name: string;
  timezone: string;
}

export type CaptureOutcome = 'captured' | 'already' | 'amount_mismatch';

export async function capturePayment(
  tx: Tx,
  p: PaymentRow,
  facts: CaptureFacts,
  now: number,
): Promise<CaptureOutcome> {
  if (p.status !== 'pending' && p.status !== 'failed') return 'already';
  if (facts.amountPaise !== p.amount_paise) {
    await tx.query(
      `UPDATE payments SET last_error = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [
        p.tenant_id,
        p.id,
        `amount_mismatch: provider reported ${facts.amountPaise}, expected ${p.amount_paise}`,
      ],
    );
    return 'amount_mismatch';
  }
  const at = new Date(now);
  await tx.query(
    `UPDATE payments SET status = 'captured', captured_at = $3, provider_payment_id = coalesce($4, provider_payment_id),
       last_error = NULL, updated_at = $3 WHERE tenant_id = $1 AND id = $2`,
    [p.tenant_id, p.id, at, facts.providerPaymentId ?? null],
  );
  const [library] = await tx.query<LibraryRow>(
    'SELECT name, timezone FROM libraries WHERE tenant_id = $1 AND id = $2',
    [p.tenant_id, p.library_id],
  );
  if (!library) throw new Error(`library ${p.library_id} of payment ${p.id} is missing`);
  const [member] = await tx.query<{ name: string; phone: string }>(
    'SELECT name, phone FROM members WHERE tenant_id = $1 AND id = $2',
    [p.tenant_id, p.member_id],
  );
  const invoice = await issueInvoice(
    tx,
    {
      tenantId: p.tenant_id,
      libraryId: p.library_id,
      paymentId: p.id,
      description: p.description,
      subtotalPaise: p.subtotal_paise,
      taxPaise: p.tax_paise,
      taxRateBp: p.tax_rate_bp,
      billTo: { name: member?.name ?? '', phone: member?.phone ?? null },
    },
    at,
    library.timezone,
  );
  await applyPurpose(tx, p, library, now);
  if (p.user_id) {
    const target = { tenantId: p.tenant_id, userId: p.user_id, timeZone: library.timezone };
    const vars = {
      libraryName: library.name,
      amount: p.amount_paise,
      invoiceNumber: invoice.number,
      paidAt: now,
    };
    await notifyPaymentReceipt(tx, target, p.id, vars, now);
  }
  return 'captured';
}

async function applyPurpose(tx: Tx, p: PaymentRow, library: LibraryRow, now: number): Promise<void> {
  if (p.booking_request_id) {
    await tx.query(`UPDATE booking_requests SET payment_status = 'paid' WHERE tenant_id = $1 AND id = $2`, [
      p.tenant_id,
      p.booking_request_id,
    ]);
    // A hold the hub already placed is confirmed by command (ADR 0022); a still-pending request
    // is confirmed when the hub's decision arrives.
    await confirmIfPaid(tx, p.tenant_id, p.booking_request_id, now);
  }
  // A held booking paid by its id (a waitlist offer, ADR 0026) is confirmed by command too.
  if (p.purpose === 'booking' && p.booking_id)
    await confirmPaidHold(tx, p.tenant_id, p.booking_id, p.id, now);
  if (p.purpose === 'membership' && p.plan_id) {
    const [plan] = await tx.query<{
      duration_days: number | null;
      shift_id: string | null;
      zone_id: string | null;
    }>('SELECT duration_days, shift_id, zone_id FROM plans WHERE tenant_id = $1 AND id = $2', [
      p.tenant_id,
      p.plan_id,
    ]);
    const startsOn = instantToLocal(now, library.timezone).date;
    const endsOn = addDays(startsOn, Math.max(1, plan?.duration_days ?? 30) - 1);
    await tx.query(
      `INSERT INTO memberships (tenant_id, id, library_id, member_id, plan_id, shift_id, zone_id, starts_on, ends_on, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active') ON CONFLICT DO NOTHING`,
      [
        p.tenant_id,
        p.id,
        p.library_id,
        p.member_id,
        p.plan_id,
        plan?.shift_id ?? null,
        plan?.zone_id ?? null,
        startsOn,
        endsOn,
      ],
    );
  }
}
