import { describe, expect, it } from 'vitest';
import type { BookingEvent } from './booking-machine.ts';
import { bookingEvents, isTerminal, nextState } from './booking-machine.ts';
import type { BookingState } from './schemas/booking.ts';
import { bookingStates } from './schemas/booking.ts';

// The whole lifecycle, written out cell by cell: null means "not allowed" (invalid_transition).
// Keep it literal: a change to the machine must change this table on purpose.
const table: Record<BookingState, Record<BookingEvent, BookingState | null>> = {
  held: {
    confirm: 'confirmed',
    cancel: 'cancelled',
    check_in: null,
    check_out: null,
    hold_expired: 'expired',
    grace_elapsed: null,
    ended: 'expired',
  },
  confirmed: {
    confirm: null,
    cancel: 'cancelled',
    check_in: 'checked_in',
    check_out: null,
    hold_expired: null,
    grace_elapsed: 'no_show',
    ended: 'no_show',
  },
  checked_in: {
    confirm: null,
    cancel: null,
    check_in: null,
    check_out: 'completed',
    hold_expired: null,
    grace_elapsed: null,
    ended: 'completed',
  },
  completed: {
    confirm: null,
    cancel: null,
    check_in: null,
    check_out: null,
    hold_expired: null,
    grace_elapsed: null,
    ended: null,
  },
  cancelled: {
    confirm: null,
    cancel: null,
    check_in: null,
    check_out: null,
    hold_expired: null,
    grace_elapsed: null,
    ended: null,
  },
  expired: {
    confirm: null,
    cancel: null,
    check_in: null,
    check_out: null,
    hold_expired: null,
    grace_elapsed: null,
    ended: null,
  },
  no_show: {
    confirm: null,
    cancel: null,
    check_in: null,
    check_out: null,
    hold_expired: null,
    grace_elapsed: null,
    ended: null,
  },
};

const terminal: Record<BookingState, boolean> = {
  held: false,
  confirmed: false,
  checked_in: false,
  completed: true,
  cancelled: true,
  expired: true,
  no_show: true,
};

describe('nextState', () => {
  it('the table lists every state and every event', () => {
    expect(Object.keys(table).sort()).toEqual([...bookingStates].sort());
    for (const row of Object.values(table))
      expect(Object.keys(row).sort()).toEqual([...bookingEvents].sort());
  });

  for (const state of bookingStates) {
    for (const event of bookingEvents) {
      const expected = table[state][event];
      it(`${state} + ${event} → ${expected ?? 'not allowed'}`, () => {
        expect(nextState(state, event)).toBe(expected);
      });
    }
  }
});

describe('isTerminal', () => {
  for (const state of bookingStates) {
    it(`${state} is ${terminal[state] ? '' : 'not '}terminal`, () => {
      expect(isTerminal(state)).toBe(terminal[state]);
    });
  }

  it('a terminal state accepts no event, a live one accepts at least one', () => {
    for (const state of bookingStates) {
      const accepts = bookingEvents.some((e) => table[state][e] !== null);
      expect(accepts).toBe(!terminal[state]);
    }
  });
});
