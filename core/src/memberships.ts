/**
 * [BOOK-8] A membership covers a booking of its shift and zone on its dates without payment.
 */

import type { Library, Seat, Shift } from './schemas/library.ts';
import type { Membership } from './schemas/member.ts';
import type { Plan } from './schemas/plan.ts';
import type { Interval } from './slots.ts';
import { addDays, instantToLocal, minutesOf } from './time.ts';

export function coveringMembership(
  memberships: readonly Membership[],
  seat: Pick<Seat, 'zoneId'>,
  interval: Interval,
  library: Pick<Library, 'timezone'>,
  shifts: readonly Shift[],
): Membership | null {
  const start = instantToLocal(interval.startsAt, library.timezone);
  const end = instantToLocal(interval.endsAt, library.timezone);
  for (const m of memberships) {
    if (m.status !== 'active' && m.status !== 'provisional') continue;
    if (start.date < m.startsOn || start.date > m.endsOn) continue;
    if (m.zoneId !== null && m.zoneId !== seat.zoneId) continue;
    if (m.shiftId !== null) {
      const shift = shifts.find((s) => s.id === m.shiftId);
      if (!shift) continue;
      const sameDay = end.date === start.date || end.minutes === 0;
      const endMinutes = end.date === start.date ? end.minutes : 24 * 60;
      if (!sameDay || start.minutes < minutesOf(shift.start) || endMinutes > minutesOf(shift.end)) continue;
    }
    return m;
  }
  return null;
}

/** The last local date (inclusive) of a membership of `plan` starting on `startsOn`. */
export function membershipEnd(plan: Pick<Plan, 'durationDays'>, startsOn: string): string {
  return addDays(startsOn, (plan.durationDays ?? 30) - 1);
}
