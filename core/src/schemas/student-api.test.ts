import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BookingRequest,
  JoinWaitlist,
  MyBooking,
  MyMembership,
  NewBookingRequest,
  NewPayment,
  WaitlistItem,
  WaitlistItemState,
} from './student-api.ts';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];
};

const ID = '01900000-0000-7000-8000-000000000001';
const T = Date.UTC(2024, 5, 3, 4, 30);
const slot = { kind: 'day', date: '2024-06-03' } as const;

describe('NewBookingRequest', () => {
  it('accepts a seat or a zone', () => {
    expect(NewBookingRequest.parse({ libraryId: ID, zoneId: ID, slot })).toEqual({
      libraryId: ID,
      zoneId: ID,
      slot,
    });
    expect(NewBookingRequest.safeParse({ libraryId: ID, seatId: ID, slot }).success).toBe(true);
  });

  it.each([
    ['both', { seatId: ID, zoneId: ID }],
    ['neither', {}],
  ])('refuses %s of seatId and zoneId, on seatId', (_, which) => {
    expect(issuesOf(NewBookingRequest, { libraryId: ID, slot, ...which })).toEqual([
      { path: 'seatId', message: 'name exactly one of seatId and zoneId' },
    ]);
  });
});

describe('BookingRequest', () => {
  const request = {
    id: ID,
    libraryId: ID,
    seatId: null,
    zoneId: ID,
    slot,
    startsAt: T,
    endsAt: T + 3_600_000,
    status: 'pending',
    reason: null,
    bookingId: null,
    createdAt: T,
    decidedAt: null,
  };

  it('accepts a pending request', () => {
    expect(BookingRequest.parse(request)).toEqual(request);
  });

  it('refuses an unknown status', () => {
    expect(issuesOf(BookingRequest, { ...request, status: 'held' }).map((i) => i.path)).toEqual(['status']);
  });
});

describe('MyBooking and MyMembership', () => {
  it('require the names the lists show', () => {
    expect(Object.keys(MyBooking.shape)).toEqual(
      expect.arrayContaining(['libraryName', 'seatNumber', 'state']),
    );
    expect(issuesOf(MyMembership, {}).map((i) => i.path)).toContain('libraryName');
  });
});

describe('NewPayment', () => {
  it('accepts each purpose', () => {
    for (const purpose of ['booking_request', 'membership', 'booking'])
      expect(NewPayment.safeParse({ libraryId: ID, purpose, targetId: ID }).success).toBe(true);
  });

  it('refuses another purpose', () => {
    expect(issuesOf(NewPayment, { libraryId: ID, purpose: 'plan', targetId: ID }).map((i) => i.path)).toEqual(
      ['purpose'],
    );
  });
});

describe('JoinWaitlist', () => {
  it('waits for any zone when zoneId is left out', () => {
    expect(JoinWaitlist.parse({ libraryId: ID, slot })).toEqual({ libraryId: ID, zoneId: null, slot });
    expect(JoinWaitlist.parse({ libraryId: ID, zoneId: ID, slot }).zoneId).toBe(ID);
  });

  it('refuses a zone that is not an id', () => {
    expect(issuesOf(JoinWaitlist, { libraryId: ID, zoneId: 'upstairs', slot }).map((i) => i.path)).toEqual([
      'zoneId',
    ]);
  });
});

describe('WaitlistItem', () => {
  const item = {
    id: ID,
    libraryId: ID,
    libraryName: 'Quiet Hall',
    zoneId: null,
    zoneName: null,
    startsAt: T,
    endsAt: T + 3_600_000,
    state: 'joining',
    code: null,
    seatNumber: null,
    offerExpiresAt: null,
    ahead: null,
    bookingId: null,
    bookingState: null,
    pricePaise: null,
    pending: [{ id: ID, kind: 'waitlist.join', createdAt: T }],
    createdAt: T,
  };

  it('has the hub states after joining and refused', () => {
    expect(WaitlistItemState.options).toEqual([
      'joining',
      'refused',
      'waiting',
      'offered',
      'accepted',
      'expired',
      'left',
    ]);
  });

  it('accepts an entry waiting for the hub', () => {
    expect(WaitlistItem.parse(item)).toEqual(item);
  });

  it('refuses a negative or fractional place in line', () => {
    expect(issuesOf(WaitlistItem, { ...item, state: 'waiting', ahead: -1 })[0]?.path).toBe('ahead');
    expect(issuesOf(WaitlistItem, { ...item, state: 'waiting', ahead: 1.5 })[0]?.path).toBe('ahead');
  });

  it('refuses an unknown state', () => {
    expect(issuesOf(WaitlistItem, { ...item, state: 'queued' }).map((i) => i.path)).toEqual(['state']);
  });
});
