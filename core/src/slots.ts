/**
 * Turning a request in local terms (a date plus hours, a shift or a whole day) into an interval of
 * instants, and checking it lies on the library's grid. [BOOK-1] [BOOK-2]
 */
import type { Violation } from './errors.ts';
import type { SlotRequest } from './schemas/booking.ts';
import type { Library, Shift } from './schemas/library.ts';
import { localToInstant, minutesOf, weekdayOf } from './time.ts';

export interface Interval {
  startsAt: number;
  endsAt: number;
  shiftId: string | null;
}

export type Resolved = { ok: true; interval: Interval } | { ok: false; violation: Violation };

const fail = (code: Violation['code'], message: string, field: string): Resolved => ({
  ok: false,
  violation: { code, message, field },
});

export function resolveSlot(slot: SlotRequest, library: Library, shifts: readonly Shift[]): Resolved {
  const hours = library.openingHours[weekdayOf(slot.date)];
  // [BOOK-1] nothing is sold on a closed day
  if (!hours) return fail('outside_hours', `the library is closed on ${slot.date}`, 'slot.date');
  const open = minutesOf(hours.open);
  const close = minutesOf(hours.close);
  let start: number;
  let end: number;
  let shiftId: string | null = null;
  switch (slot.kind) {
    case 'hours': {
      start = minutesOf(slot.start);
      end = start + slot.hours * 60;
      // [BOOK-2] hourly bookings start on the slot grid counted from opening time
      if ((start - open) % library.slotMinutes !== 0) {
        return fail('off_grid', `start must be on the ${library.slotMinutes}-minute grid`, 'slot.start');
      }
      break;
    }
    case 'shift': {
      const shift = shifts.find((s) => s.id === slot.shiftId);
      if (!shift) return fail('off_grid', 'unknown shift for this library', 'slot.shiftId');
      start = minutesOf(shift.start);
      end = minutesOf(shift.end);
      shiftId = shift.id;
      break;
    }
    case 'day': {
      start = open;
      end = close;
      break;
    }
  }
  // [BOOK-1] the whole interval lies inside the day's opening hours
  if (start < open || end > close) {
    return fail('outside_hours', `open ${hours.open}–${hours.close} on ${slot.date}`, 'slot');
  }
  return {
    ok: true,
    interval: {
      startsAt: localToInstant(slot.date, start, library.timezone),
      endsAt: localToInstant(slot.date, end, library.timezone),
      shiftId,
    },
  };
}
