/**
 * Wall-clock arithmetic in a library's timezone, with Intl only (no clock reads, no tz database of
 * our own), so it runs the same in Node and browsers. Instants are epoch milliseconds.
 */
import type { Weekday } from './schemas/common.ts';
import { weekdays } from './schemas/common.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const BUCKET = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * Milliseconds to add to UTC to get local wall time at `instant`. Intl is slow and every booking
 * decision asks many times, so offsets are memoised per 15-minute bucket — but only for a bucket
 * whose two ends agree, so a bucket holding an offset change is always computed exactly.
 */
function offsetAt(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / BUCKET);
  const key = `${timeZone}|${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const start = exactOffsetAt(bucket * BUCKET, timeZone);
  if (start !== exactOffsetAt(bucket * BUCKET + BUCKET - 1, timeZone))
    return exactOffsetAt(instant, timeZone);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, start);
  return start;
}

function exactOffsetAt(instant: number, timeZone: string): number {
  // The formatter yields every field it was asked for (literals come along and are never read).
  const f = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Minutes since midnight for `HH:MM`. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The instant at local `date` + `minutes` after midnight in `timeZone`. */
export function localToInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE;
  // Two passes settle the offset across a DST change.
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The local calendar date (YYYY-MM-DD) and minutes since midnight of an instant. */
export function instantToLocal(instant: number, timeZone: string): { date: string; minutes: number } {
  const wall = instant + offsetAt(instant, timeZone);
  const iso = new Date(wall).toISOString();
  // Read the minutes off the ISO string too: `wall % DAY` is negative for wall times before 1970.
  return { date: iso.slice(0, 10), minutes: minutesOf(iso.slice(11, 16)) };
}

export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // getUTCDay: 0 = Sunday; our list starts on Monday.
  return weekdays[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7] as Weekday;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export const overlaps = (a: { startsAt: number; endsAt: number }, b: { startsAt: number; endsAt: number }) =>
  a.startsAt < b.endsAt && b.startsAt < a.endsAt;
