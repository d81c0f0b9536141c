import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Plan } from './plan.ts';

const rejectedAt = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => i.path.join('.')) ?? [];
};

const ID = '01900000-0000-7000-8000-000000000001';
const monthly = {
  id: ID,
  libraryId: ID,
  name: 'Morning monthly',
  kind: 'monthly',
  shiftId: ID,
  zoneId: null,
  pricePaise: 150_000,
  taxRateBp: 1_800,
  durationDays: 30,
  active: true,
};

describe('Plan', () => {
  it('accepts a plan', () => {
    expect(Plan.parse(monthly)).toEqual(monthly);
    expect(Plan.parse({ ...monthly, kind: 'hourly', shiftId: null, durationDays: null }).kind).toBe('hourly');
  });

  it.each([
    ['pricePaise', { pricePaise: -100 }],
    ['pricePaise', { pricePaise: 99.99 }],
    ['taxRateBp', { taxRateBp: 10_001 }],
    ['durationDays', { durationDays: 0 }],
    ['durationDays', { durationDays: 367 }],
    ['kind', { kind: 'weekly' }],
    ['active', { active: 'yes' }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt(Plan, { ...monthly, ...change })).toEqual([path]);
  });
});
