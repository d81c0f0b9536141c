import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Id, Instant, LocalDate, LocalTime, Paise, Phone, TaxRateBp, weekdays } from './common.ts';

/** The messages of the issues a rejected value raised (these schemas are leaves: the path is empty). */
const rejected = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => ({ path: i.path, code: i.code })) ?? [];
};

describe('Id', () => {
  it('accepts UUIDs, v7 included', () => {
    expect(Id.parse('01900000-0000-7000-8000-000000000001')).toBe('01900000-0000-7000-8000-000000000001');
    expect(Id.safeParse('5f0c6a0e-3f8b-4f6e-9a43-7c2b5a1d9e10').success).toBe(true);
  });

  it.each(['', 'seat-1', '01900000-0000-7000-8000-00000000000', '01900000000070008000000000000001'])(
    'rejects %j',
    (value) => {
      expect(rejected(Id, value)).toEqual([{ path: [], code: 'invalid_format' }]);
    },
  );
});

describe('LocalDate', () => {
  it.each(['2024-06-03', '2024-02-29', '2025-12-31'])('accepts %s', (value) => {
    expect(LocalDate.parse(value)).toBe(value);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-6-3', '2024-06-03T00:00', ''])('rejects %j', (value) => {
    expect(rejected(LocalDate, value)).toHaveLength(1);
  });
});

describe('LocalTime', () => {
  it.each(['00:00', '08:30', '19:59', '23:59', '24:00'])('accepts %s', (value) => {
    expect(LocalTime.parse(value)).toBe(value);
  });

  it.each(['24:01', '25:00', '23:60', '7:00', '07:5', '0730', '', ' 07:30'])(
    'rejects %j as not HH:MM',
    (value) => {
      const r = LocalTime.safeParse(value);
      expect(r.error?.issues.map((i) => i.message)).toEqual(['expected HH:MM']);
    },
  );
});

describe('Instant', () => {
  it.each([0, Date.UTC(2024, 5, 3), 8_640_000_000_000])('accepts %d', (value) => {
    expect(Instant.parse(value)).toBe(value);
  });

  it.each([-1, 1.5, 8_640_000_000_001, Number.NaN, '1717372800000'])('rejects %j', (value) => {
    expect(rejected(Instant, value)).toHaveLength(1);
  });
});

describe('Paise', () => {
  it.each([0, 1, 12_345, 100_000_000_00])('accepts %d', (value) => {
    expect(Paise.parse(value)).toBe(value);
  });

  it('rejects a negative amount', () => {
    expect(rejected(Paise, -1)).toEqual([{ path: [], code: 'too_small' }]);
  });

  it('rejects fractions of a paisa: money is never a float', () => {
    expect(rejected(Paise, 10.5)).toEqual([{ path: [], code: 'invalid_type' }]);
    expect(rejected(Paise, 0.1 + 0.2)).toEqual([{ path: [], code: 'invalid_type' }]);
  });

  it('rejects more than ₹100 crore, strings and NaN', () => {
    expect(rejected(Paise, 100_000_000_01)).toEqual([{ path: [], code: 'too_big' }]);
    expect(rejected(Paise, '100')).toEqual([{ path: [], code: 'invalid_type' }]);
    expect(rejected(Paise, Number.NaN)).toEqual([{ path: [], code: 'invalid_type' }]);
  });
});

describe('TaxRateBp', () => {
  it('accepts 0 % … 100 % in basis points', () => {
    expect(TaxRateBp.parse(0)).toBe(0);
    expect(TaxRateBp.parse(1_800)).toBe(1_800);
    expect(TaxRateBp.parse(10_000)).toBe(10_000);
  });

  it.each([-1, 10_001, 18.5])('rejects %d', (value) => {
    expect(rejected(TaxRateBp, value)).toHaveLength(1);
  });
});

describe('Phone', () => {
  it.each(['+919876543210', '9876543210', '+4420794600'])('accepts %s', (value) => {
    expect(Phone.parse(value)).toBe(value);
  });

  it.each(['', '+0919876543210', '98765', '+91 98765 43210', 'call me', '+1234567890123456'])(
    'rejects %j',
    (value) => {
      const r = Phone.safeParse(value);
      expect(r.error?.issues.map((i) => i.message)).toEqual(['expected a phone number like +919876543210']);
    },
  );
});

describe('weekdays', () => {
  it('runs Monday to Sunday', () => {
    expect(weekdays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });
});
