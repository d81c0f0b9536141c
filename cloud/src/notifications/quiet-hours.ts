/**
 * Quiet hours: a user's local wall-clock window (e.g. 22:00–07:00 in their zone) in which non-urgent
 * messages wait. The window may wrap midnight. Pure: the instant and zone are passed in.
 */
import { addDays, instantToLocal, localToInstant, minutesOf } from '@studyspot/core';

export interface QuietWindow {
  start: string;
  end: string;
}

/** The instant the window ends when `now` is inside it, else null. An empty window (start = end) is off. */
export function quietUntil(now: number, timeZone: string, window: QuietWindow): number | null {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return null;
  const { date, minutes } = instantToLocal(now, timeZone);
  if (start < end) return minutes >= start && minutes < end ? localToInstant(date, end, timeZone) : null;
  // Wraps midnight: 22:00–07:00 is [22:00, 24:00) today plus [00:00, 07:00) of the next morning.
  if (minutes >= start) return localToInstant(addDays(date, 1), end, timeZone);
  if (minutes < end) return localToInstant(date, end, timeZone);
  return null;
}
