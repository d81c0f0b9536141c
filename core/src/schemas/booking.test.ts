import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { BookingState } from './booking.ts';
import {
  activeStates,
  Booking,
  bookingStates,
  HoldRequest,
  isActive,
  SlotRequest,
  WaitlistEntry,
} from './booking.ts';

const rejectedAt = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => i.path.join('.')) ?? [];
};

const ID = '01900000-0000-7000-8000-000000000001';
const T = Date.UTC(2024, 5, 3, 4, 30);
const booking = {
  id: ID,
  libraryId: ID,
  seatId: ID,
  memberId: ID,
  startsAt: T,
  endsAt: T + 3_600_000,
  shiftId: null,
  state: 'held',
  source: 'kiosk',
  membershipId: null,
  amountPaise: 5_000,
  taxPaise: 900,
  holdExpiresAt: T + 600_000,
  checkedInAt: null,
  checkedOutAt: null,
  createdAt: T,
  updatedAt: T,
  rev: 0,
};

describe('isActive', () => {
  const expected: Record<BookingState, boolean> = {
    held: true,
    confirmed: true,
    checked_in: true,
    completed: false,
    cancelled: false,
    expired: false,
    no_show: false,
  };
  it.each(bookingStates)('%s', (state) => {
    expect(isActive(state)).toBe(expected[state]);
    expect(activeStates.includes(state)).toBe(expected[state]);
  });
});

describe('Booking', () => {
  it('accepts a booking row', () => {
    expect(Booking.parse(booking)).toEqual(booking);
  });

  it.each([
    ['amountPaise', { amountPaise: -1 }],
    ['taxPaise', { taxPaise: 0.5 }],
    ['state', { state: 'done' }],
    ['source', { source: 'email' }],
    ['startsAt', { startsAt: -1 }],
    ['holdExpiresAt', { holdExpiresAt: 1.5 }],
    ['rev', { rev: -1 }],
    ['seatId', { seatId: 'A-12' }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt(Booking, { ...booking, ...change })).toEqual([path]);
  });
});

describe('SlotRequest', () => {
  it.each([
    { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 2 },
    { kind: 'hours', date: '2024-06-03', start: '00:00', hours: 24 },
    { kind: 'shift', date: '2024-06-03', shiftId: ID },
    { kind: 'day', date: '2024-06-03' },
  ])('accepts %j', (slot) => {
    expect(SlotRequest.parse(slot)).toEqual(slot);
  });

  it.each([
    ['hours', { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 0 }],
    ['hours', { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 25 }],
    ['hours', { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 1.5 }],
    ['start', { kind: 'hours', date: '2024-06-03', start: '24:01', hours: 1 }],
    ['date', { kind: 'day', date: '2024-02-30' }],
    ['shiftId', { kind: 'shift', date: '2024-06-03' }],
    ['kind', { kind: 'week', date: '2024-06-03' }],
  ])('rejects a bad %s', (path, slot) => {
    expect(rejectedAt(SlotRequest, slot)).toEqual([path]);
  });
});

describe('HoldRequest', () => {
  it('names the nested field', () => {
    const hold = {
      seatId: ID,
      memberId: ID,
      slot: { kind: 'hours', date: '2024-06-03', start: '10:00', hours: 1 },
    };
    expect(HoldRequest.parse(hold)).toEqual(hold);
    expect(rejectedAt(HoldRequest, { ...hold, slot: { ...hold.slot, start: '10:7' } })).toEqual([
      'slot.start',
    ]);
  });
});

describe('WaitlistEntry', () => {
  const entry = {
    id: ID,
    libraryId: ID,
    memberId: ID,
    zoneId: null,
    startsAt: T,
    endsAt: T + 3_600_000,
    shiftId: null,
    state: 'offered',
    offeredSeatId: ID,
    offerExpiresAt: T + 900_000,
    createdAt: T,
  };

  it('accepts an entry', () => {
    expect(WaitlistEntry.parse(entry)).toEqual(entry);
  });

  it('rejects an unknown state and a bad expiry at their fields', () => {
    expect(rejectedAt(WaitlistEntry, { ...entry, state: 'pending', offerExpiresAt: -5 })).toEqual([
      'state',
      'offerExpiresAt',
    ]);
  });
});
