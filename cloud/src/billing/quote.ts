/**
 * What a student pays, from core pricing (`quoteBooking` for a booking request's slot, `priceOf`
 * for a membership plan, the stored amounts for a booking), read in the tenant's transaction. The
 * caller must be the member (a student pays only for their own request, booking or membership).
 */
import { DomainError, type Plan, priceOf, quoteBooking, SlotRequest } from '@studyspot/core';
import type { Tx } from '../db/types.ts';
import type { PaymentPurpose } from './payment-rows.ts';

export interface PaymentQuote {
  memberId: string;
  target: { booking_request_id: string | null; booking_id: string | null; plan_id: string | null };
  description: string;
  subtotalPaise: number;
  taxPaise: number;
  taxRateBp: number;
}

interface PlanRow {
  id: string;
  library_id: string;
  name: string;
  kind: Plan['kind'];
  shift_id: string | null;
  zone_id: string | null;
  price_paise: number;
  tax_rate_bp: number;
  duration_days: number | null;
  active: boolean;
}

const toPlan = (r: PlanRow): Plan => ({
  id: r.id,
  libraryId: r.library_id,
  name: r.name,
  kind: r.kind,
  shiftId: r.shift_id,
  zoneId: r.zone_id,
  pricePaise: Number(r.price_paise),
  taxRateBp: r.tax_rate_bp,
  durationDays: r.duration_days,
  active: r.active,
});

const notFound = (what: string) => new DomainError('not_found', `no such ${what}`);
const none = { booking_request_id: null, booking_id: null, plan_id: null };

export async function quotePayment(
  tx: Tx,
  libraryId: string,
  purpose: PaymentPurpose,
  targetId: string,
  payer: Payer,
): Promise<PaymentQuote> {
  switch (purpose) {
    case 'booking_request':
      return quoteRequest(tx, libraryId, targetId, payer);
    case 'membership':
      return quoteMembership(tx, libraryId, targetId, payer);
    case 'booking':
      return quoteExistingBooking(tx, libraryId, targetId, payer);
  }
}

/** Who pays: a signed-in student (their account) or, for cash at the desk, a member named by staff. */
export type Payer = { userId: string } | { memberId: string };

/** The SQL condition that `m` (members) is the payer, with the payer's id as `$3`. */
const payerIs = (payer: Payer) => ('userId' in payer ? 'm.user_id = $3' : 'm.id = $3');
const payerId = (payer: Payer) => ('userId' in payer ? payer.userId : payer.memberId);

async function plansOf(tx: Tx, libraryId: string): Promise<Plan[]> {
  const rows = await tx.query<PlanRow>(
    `SELECT id, library_id, name, kind, shift_id, zone_id, price_paise, tax_rate_bp, duration_days, active
       FROM plans WHERE library_id = $1`,
    [libraryId],
  );
  return rows.map(toPlan);
}

/**
 * A request is paid while pending (at the cloud's price), or against the hold the hub placed for
 * it (at the hub's price, which knows the member's memberships) — ADR 0022.
 */
async function quoteRequest(tx: Tx, libraryId: string, id: string, payer: Payer): Promise<PaymentQuote> {
  const [req] = await tx.query<{
    member_id: string;
    slot: unknown;
    zone_id: string | null;
    status: string;
    booking_state: string | null;
    amount_paise: string | null;
    tax_paise: string | null;
  }>(
    `SELECT r.member_id, r.slot, coalesce(r.zone_id, s.zone_id) AS zone_id, r.status,
            b.state AS booking_state, b.amount_paise, b.tax_paise
       FROM booking_requests r JOIN members m ON m.tenant_id = r.tenant_id AND m.id = r.member_id
       LEFT JOIN seats s ON s.tenant_id = r.tenant_id AND s.id = r.seat_id
       LEFT JOIN bookings b ON b.tenant_id = r.tenant_id AND b.id = r.booking_id
      WHERE r.library_id = $1 AND r.id = $2 AND ${payerIs(payer)}`,
    [libraryId, id, payerId(payer)],
  );
  if (!req) throw notFound('booking request');
  const onHold = req.status === 'accepted' && req.booking_state === 'held';
  if (req.status !== 'pending' && !onHold)
    throw new DomainError('conflict', `the request is ${req.status}`, { field: 'targetId' });
  const slot = SlotRequest.safeParse(req.slot);
  if (!slot.success)
    throw new DomainError('not_for_sale', 'the request has no priceable slot', { field: 'targetId' });
  const quote = quoteBooking(slot.data, req.zone_id ?? '', await plansOf(tx, libraryId), null);
  if ('code' in quote) throw new DomainError(quote.code, quote.message, { field: 'targetId' });
  const held = onHold ? { subtotal: Number(req.amount_paise), tax: Number(req.tax_paise) } : null;
  return {
    memberId: req.member_id,
    target: { ...none, booking_request_id: id, plan_id: quote.planId },
    description: `Booking ${slot.data.date} (${slot.data.kind})`,
    subtotalPaise: held ? held.subtotal : quote.subtotalPaise,
    taxPaise: held ? held.tax : quote.taxPaise,
    taxRateBp: quote.taxRateBp,
  };
}

async function quoteMembership(
  tx: Tx,
  libraryId: string,
  planId: string,
  payer: Payer,
): Promise<PaymentQuote> {
  const plan = (await plansOf(tx, libraryId)).find((p) => p.id === planId);
  if (!plan?.active) throw notFound('plan');
  if (plan.kind !== 'monthly')
    throw new DomainError('not_for_sale', 'only monthly plans are bought as memberships', {
      field: 'targetId',
    });
  const [member] = await tx.query<{ id: string }>(
    `SELECT m.id FROM members m WHERE m.library_id = $1 AND $2::uuid IS NOT NULL AND ${payerIs(payer)}
        AND m.status = 'active' ORDER BY m.created_at LIMIT 1`,
    [libraryId, planId, payerId(payer)],
  );
  if (!member) throw new DomainError('forbidden', 'register at the library before buying a membership');
  const price = priceOf(plan);
  return {
    memberId: member.id,
    target: { ...none, plan_id: plan.id },
    description: plan.name,
    subtotalPaise: price.subtotalPaise,
    taxPaise: price.taxPaise,
    taxRateBp: price.taxRateBp,
  };
}

async function quoteExistingBooking(
  tx: Tx,
  libraryId: string,
  id: string,
  payer: Payer,
): Promise<PaymentQuote> {
  const [b] = await tx.query<{ member_id: string; amount_paise: number; tax_paise: number; starts_at: Date }>(
    `SELECT b.member_id, b.amount_paise, b.tax_paise, b.starts_at FROM bookings b
       JOIN members m ON m.tenant_id = b.tenant_id AND m.id = b.member_id
      WHERE b.library_id = $1 AND b.id = $2 AND ${payerIs(payer)} AND b.state IN ('held', 'confirmed')`,
    [libraryId, id, payerId(payer)],
  );
  if (!b) throw notFound('booking');
  const subtotal = Number(b.amount_paise);
  const tax = Number(b.tax_paise);
  return {
    memberId: b.member_id,
    target: { ...none, booking_id: id },
    description: `Booking ${b.starts_at.toISOString().slice(0, 10)}`,
    subtotalPaise: subtotal,
    taxPaise: tax,
    taxRateBp: subtotal > 0 ? Math.round((tax * 10_000) / subtotal) : 0,
  };
}
