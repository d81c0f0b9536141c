/**
 * The booking lifecycle. Every state × event pair has an answer: a next state, or `null` for
 * "not allowed" (the caller reports `invalid_transition`). The truth table in the tests lists all.
 *
 *              confirm              check_in               check_out | ended
 *   held ────────────────▶ confirmed ───────────▶ checked_in ──────────────────▶ completed
 *    │ │                    │  │  │
 *    │ └ hold_expired|ended │  │  └ grace_elapsed | ended ──▶ no_show
 *    │      ──▶ expired     │  └ cancel ──▶ cancelled
 *    └ cancel ──▶ cancelled
 *
 * completed, cancelled, expired and no_show are terminal.
 */
import type { BookingState } from './schemas/booking.ts';

export const bookingEvents = [
  'confirm',
  'cancel',
  'check_in',
  'check_out',
  'hold_expired',
  'grace_elapsed',
  'ended',
] as const;
export type BookingEvent = (typeof bookingEvents)[number];

const transitions: Record<BookingState, Partial<Record<BookingEvent, BookingState>>> = {
  held: { confirm: 'confirmed', cancel: 'cancelled', hold_expired: 'expired', ended: 'expired' },
  confirmed: { check_in: 'checked_in', cancel: 'cancelled', grace_elapsed: 'no_show', ended: 'no_show' },
  checked_in: { check_out: 'completed', ended: 'completed' },
  completed: {},
  cancelled: {},
  expired: {},
  no_show: {},
};

export function nextState(state: BookingState, event: BookingEvent): BookingState | null {
  return transitions[state][event] ?? null;
}

export const isTerminal = (state: BookingState): boolean => Object.keys(transitions[state]).length === 0;
