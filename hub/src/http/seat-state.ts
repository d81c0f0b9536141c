/**
 * A seat's live state over a time range, from the active bookings that overlap it. When several
 * bookings overlap the range (hourly bookings), the most committed one wins:
 * checked_in > booked (confirmed) > held. Shared by the seat map and the seat gauge.
 */
import type { Booking, Seat } from '@studyspot/core';

export const seatLiveStates = ['free', 'held', 'booked', 'checked_in', 'out_of_service'] as const;
export type SeatLiveState = (typeof seatLiveStates)[number];

const rank: Record<string, number> = { held: 1, confirmed: 2, checked_in: 3 };
const liveOf: Record<string, SeatLiveState> = { held: 'held', confirmed: 'booked', checked_in: 'checked_in' };

/** The occupying booking per seat id, among `bookings` (which should all be active). */
export function occupancy(bookings: readonly Booking[]): Map<string, Booking> {
  const bySeat = new Map<string, Booking>();
  for (const b of bookings) {
    const current = bySeat.get(b.seatId);
    if ((rank[b.state] ?? 0) > (current ? (rank[current.state] ?? 0) : 0)) bySeat.set(b.seatId, b);
  }
  return bySeat;
}

export function liveState(seat: Seat, occupying: Booking | undefined): SeatLiveState {
  if (seat.status === 'out_of_service') return 'out_of_service';
  return occupying ? (liveOf[occupying.state] ?? 'free') : 'free';
}
