/**
 * For the intake tests: mutations as a hub's outbox sends them, and a booking of a seeded tenant's
 * seat, at a fixed instant.
 */
import { v7 as uuidv7 } from 'uuid';
import type { SeededTenant } from '../../test/support/seed.ts';

export const T0 = Date.parse('2026-12-01T03:30:00Z');
export const HOUR = 3_600_000;

export const mutation = (kind: string, payload: { id: string } & Record<string, unknown>, seq = 1) => ({
  id: uuidv7(),
  seq,
  kind,
  entityId: payload.id,
  createdAt: T0,
  payload,
});

export function bookingOf(
  s: Pick<SeededTenant, 'libraryId' | 'seatId' | 'memberId'>,
  over: Record<string, unknown> = {},
) {
  return {
    id: uuidv7(),
    libraryId: s.libraryId,
    seatId: s.seatId,
    memberId: s.memberId,
    startsAt: T0,
    endsAt: T0 + 2 * HOUR,
    shiftId: null,
    state: 'confirmed',
    source: 'kiosk',
    membershipId: null,
    amountPaise: 5000,
    taxPaise: 900,
    holdExpiresAt: null,
    checkedInAt: null,
    checkedOutAt: null,
    createdAt: T0,
    updatedAt: T0,
    rev: 1,
    ...over,
  };
}
