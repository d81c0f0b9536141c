import { describe, expect, it } from 'vitest';
import type { Violation } from './errors.ts';
import { DomainError, errorCodes, toError } from './errors.ts';

describe('DomainError', () => {
  it('carries a code, a message and meta', () => {
    const e = new DomainError('seat_taken', 'the seat is taken', { seatId: 's1' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('seat_taken');
    expect(e.message).toBe('the seat is taken');
    expect(e.meta).toEqual({ seatId: 's1' });
  });

  it('defaults meta to an empty object', () => {
    expect(new DomainError('internal', 'boom').meta).toEqual({});
  });
});

describe('errorCodes', () => {
  it('has no duplicates', () => {
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });
});

describe('toError', () => {
  it('is null when nothing was found', () => {
    expect(toError([])).toBeNull();
  });

  it('reports the first violation and lists every code', () => {
    const violations: Violation[] = [
      { code: 'in_past', message: 'that time has already passed', field: 'slot.date' },
      { code: 'seat_inactive', message: 'the seat is out of service' },
    ];
    const e = toError(violations);
    expect(e).toBeInstanceOf(DomainError);
    expect(e?.code).toBe('in_past');
    expect(e?.message).toBe('that time has already passed');
    expect(e?.meta).toEqual({ field: 'slot.date', violations: ['in_past', 'seat_inactive'] });
  });
});
