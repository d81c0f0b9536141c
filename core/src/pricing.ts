/**
 * Prices in integer paise, tax shown separately. Tax is rounded half-up to the paisa on the
 * subtotal, once per line, as Indian GST invoices do.
 */
import type { Violation } from './errors.ts';
import type { SlotRequest } from './schemas/booking.ts';
import type { Membership } from './schemas/member.ts';
import type { Plan } from './schemas/plan.ts';

export interface Price {
  subtotalPaise: number;
  taxPaise: number;
  totalPaise: number;
  taxRateBp: number;
}

export interface Quote extends Price {
  planId: string | null;
  membershipId: string | null;
}

export function priceOf(plan: Pick<Plan, 'pricePaise' | 'taxRateBp'>, units = 1): Price {
  const subtotalPaise = plan.pricePaise * units;
  const taxPaise = Math.round((subtotalPaise * plan.taxRateBp) / 10_000);
  return { subtotalPaise, taxPaise, totalPaise: subtotalPaise + taxPaise, taxRateBp: plan.taxRateBp };
}

const planKindFor = { hours: 'hourly', shift: 'shift', day: 'day_pass' } as const;

/** The plan that sells `slot` on a seat of `zoneId`: a zone's own plan wins over a library-wide one. */
export function planFor(slot: SlotRequest, zoneId: string, plans: readonly Plan[]): Plan | null {
  const kind = planKindFor[slot.kind];
  const fits = plans.filter(
    (p) =>
      p.active &&
      p.kind === kind &&
      (p.zoneId === null || p.zoneId === zoneId) &&
      (slot.kind !== 'shift' || p.shiftId === slot.shiftId),
  );
  return fits.find((p) => p.zoneId === zoneId) ?? fits[0] ?? null;
}

/** What a booking costs: nothing under a covering membership, else its plan's price. */
export function quoteBooking(
  slot: SlotRequest,
  zoneId: string,
  plans: readonly Plan[],
  membership: Pick<Membership, 'id'> | null,
): Quote | Violation {
  if (membership) {
    return {
      subtotalPaise: 0,
      taxPaise: 0,
      totalPaise: 0,
      taxRateBp: 0,
      planId: null,
      membershipId: membership.id,
    };
  }
  const plan = planFor(slot, zoneId, plans);
  if (!plan) {
    return {
      code: 'not_for_sale',
      message: `no ${planKindFor[slot.kind]} plan is on sale for this seat`,
      field: 'slot',
    };
  }
  const units = slot.kind === 'hours' ? slot.hours : 1;
  return { ...priceOf(plan, units), planId: plan.id, membershipId: null };
}

/** Formats paise as rupees for receipts and screens: 12345 → "₹123.45". */
export const formatInr = (paise: number): string =>
  `₹${Math.floor(paise / 100).toLocaleString('en-IN')}.${String(paise % 100).padStart(2, '0')}`;
