import { describe, expect, it } from 'vitest';
import { formatInr, planFor, priceOf, quoteBooking } from './pricing.ts';
import type { Plan } from './schemas/plan.ts';

const ZONE = '01900000-0000-7000-8000-0000000000c1';
const OTHER_ZONE = '01900000-0000-7000-8000-0000000000c2';
const MORNING = '01900000-0000-7000-8000-0000000000a1';
const EVENING = '01900000-0000-7000-8000-0000000000a2';

let seq = 0;
const plan = (over: Partial<Plan>): Plan => {
  seq += 1;
  return {
    id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    libraryId: '01900000-0000-7000-8000-000000000001',
    name: 'Plan',
    kind: 'hourly',
    shiftId: null,
    zoneId: null,
    pricePaise: 5_000,
    taxRateBp: 1_800,
    durationDays: null,
    active: true,
    ...over,
  };
};

describe('priceOf', () => {
  it('adds tax at the rate in basis points, in integer paise', () => {
    expect(priceOf({ pricePaise: 10_000, taxRateBp: 1_800 })).toEqual({
      subtotalPaise: 10_000,
      taxPaise: 1_800,
      totalPaise: 11_800,
      taxRateBp: 1_800,
    });
  });

  it('rounds tax half-up to the paisa', () => {
    expect(priceOf({ pricePaise: 25, taxRateBp: 1_800 }).taxPaise).toBe(5); // 4.5 → 5
    expect(priceOf({ pricePaise: 24, taxRateBp: 1_800 }).taxPaise).toBe(4); // 4.32 → 4
    expect(priceOf({ pricePaise: 27, taxRateBp: 1_800 }).taxPaise).toBe(5); // 4.86 → 5
    expect(priceOf({ pricePaise: 1, taxRateBp: 5_000 }).taxPaise).toBe(1); // 0.5 → 1
    expect(priceOf({ pricePaise: 1, taxRateBp: 4_999 }).taxPaise).toBe(0); // 0.4999 → 0
  });

  it('rounds once per line, on the subtotal of all units', () => {
    // 3 × 25 = 75 paise; 18% is 13.5 → 14, not 3 × round(4.5) = 15.
    expect(priceOf({ pricePaise: 25, taxRateBp: 1_800 }, 3)).toEqual({
      subtotalPaise: 75,
      taxPaise: 14,
      totalPaise: 89,
      taxRateBp: 1_800,
    });
  });

  it('stays exact at the largest price the schema allows', () => {
    const p = priceOf({ pricePaise: 100_000_000_00, taxRateBp: 10_000 }, 24);
    expect(p.taxPaise).toBe(p.subtotalPaise);
    expect(Number.isSafeInteger(p.totalPaise)).toBe(true);
  });

  it('charges no tax at a zero rate', () => {
    expect(priceOf({ pricePaise: 999, taxRateBp: 0 }, 2)).toMatchObject({ taxPaise: 0, totalPaise: 1_998 });
  });
});

describe('planFor', () => {
  const hourlyAll = plan({ kind: 'hourly' });
  const hourlyZone = plan({ kind: 'hourly', zoneId: ZONE, pricePaise: 7_000 });
  const hourlyOther = plan({ kind: 'hourly', zoneId: OTHER_ZONE });
  const dayOff = plan({ kind: 'day_pass', active: false });
  const morning = plan({ kind: 'shift', shiftId: MORNING });
  const monthly = plan({ kind: 'monthly', durationDays: 30 });

  it('prefers the zone’s own plan over a library-wide one, whatever the order', () => {
    const hours = { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 2 } as const;
    expect(planFor(hours, ZONE, [hourlyAll, hourlyZone, hourlyOther])).toBe(hourlyZone);
    expect(planFor(hours, ZONE, [hourlyOther, hourlyZone, hourlyAll])).toBe(hourlyZone);
  });

  it('falls back to a library-wide plan, never another zone’s', () => {
    const hours = { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 2 } as const;
    expect(planFor(hours, OTHER_ZONE, [hourlyZone, hourlyAll])).toBe(hourlyAll);
    expect(planFor(hours, ZONE, [hourlyOther])).toBeNull();
  });

  it('matches a shift plan by shift', () => {
    expect(planFor({ kind: 'shift', date: '2024-06-03', shiftId: MORNING }, ZONE, [morning])).toBe(morning);
    expect(planFor({ kind: 'shift', date: '2024-06-03', shiftId: EVENING }, ZONE, [morning])).toBeNull();
  });

  it('skips inactive plans and plans of another kind', () => {
    expect(planFor({ kind: 'day', date: '2024-06-03' }, ZONE, [dayOff, monthly, hourlyAll])).toBeNull();
  });
});

describe('quoteBooking', () => {
  const hourly = plan({ kind: 'hourly', pricePaise: 4_000 });
  const day = plan({ kind: 'day_pass', pricePaise: 20_000, taxRateBp: 0 });
  const morning = plan({ kind: 'shift', shiftId: MORNING, pricePaise: 15_000 });
  const plans = [hourly, day, morning];

  it('[BOOK-8] is free under a covering membership', () => {
    const membership = { id: '01900000-0000-7000-8000-0000000000d1' };
    expect(quoteBooking({ kind: 'day', date: '2024-06-03' }, ZONE, plans, membership)).toEqual({
      subtotalPaise: 0,
      taxPaise: 0,
      totalPaise: 0,
      taxRateBp: 0,
      planId: null,
      membershipId: membership.id,
    });
  });

  it('prices hours per hour', () => {
    const q = quoteBooking(
      { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 3 },
      ZONE,
      plans,
      null,
    );
    expect(q).toEqual({
      subtotalPaise: 12_000,
      taxPaise: 2_160,
      totalPaise: 14_160,
      taxRateBp: 1_800,
      planId: hourly.id,
      membershipId: null,
    });
  });

  it('prices a shift and a day as one unit', () => {
    const shift = quoteBooking({ kind: 'shift', date: '2024-06-03', shiftId: MORNING }, ZONE, plans, null);
    expect(shift).toMatchObject({ subtotalPaise: 15_000, totalPaise: 17_700, planId: morning.id });
    const whole = quoteBooking({ kind: 'day', date: '2024-06-03' }, ZONE, plans, null);
    expect(whole).toMatchObject({ subtotalPaise: 20_000, totalPaise: 20_000, planId: day.id });
  });

  it('says not_for_sale when no plan sells the slot', () => {
    expect(quoteBooking({ kind: 'shift', date: '2024-06-03', shiftId: EVENING }, ZONE, plans, null)).toEqual({
      code: 'not_for_sale',
      message: 'no shift plan is on sale for this seat',
      field: 'slot',
    });
  });
});

describe('formatInr', () => {
  it('formats paise as rupees with Indian digit grouping', () => {
    expect(formatInr(12_345)).toBe('₹123.45');
    expect(formatInr(0)).toBe('₹0.00');
    expect(formatInr(5)).toBe('₹0.05');
    expect(formatInr(100)).toBe('₹1.00');
    expect(formatInr(12_345_678)).toBe('₹1,23,456.78');
  });
});
