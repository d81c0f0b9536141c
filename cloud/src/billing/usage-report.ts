/**
 * How a library was used over a range of its local dates (the owner portal's charts, issue #6):
 *
 * - occupancy by weekday × hour: the share of active seats booked in each local hour, averaged over
 *   the days of that weekday in the range. A booking counts for every local hour it touches
 *   (09:30–10:30 counts in 9 and 10) while it is confirmed, checked in or completed — the seat was
 *   spoken for, whether or not it was used;
 * - revenue by plan and by shift: captured payments by the local date of capture; a payment's
 *   shift is its plan's, else its booking's, else its remote request's;
 * - no-shows: of the bookings starting in the range that were decided (checked in, completed or
 *   no-show), how many were no-shows, overall and by weekday.
 *
 * Weekdays are ISO (1 = Monday … 7 = Sunday), hours 0–23 of the library's time zone.
 */
import type { Tx } from '../db/types.ts';

export interface UsageReport {
  libraryId: string;
  timeZone: string;
  from: string;
  to: string;
  seats: number;
  occupancy: { weekday: number; hour: number; bookedHours: number; days: number; rate: number }[];
  revenueByPlan: RevenueLine[];
  revenueByShift: RevenueLine[];
  totals: { payments: number; amountPaise: number; refundedPaise: number };
  noShows: { decided: number; noShows: number; rate: number; byWeekday: NoShowLine[] };
}

export interface RevenueLine {
  id: string | null;
  name: string | null;
  payments: number;
  amountPaise: number;
  refundedPaise: number;
}

export interface NoShowLine {
  weekday: number;
  decided: number;
  noShows: number;
  rate: number;
}

/** Longest range a report covers, in days (a quarter). */
export const MAX_REPORT_DAYS = 92;

/** The library's local [from 00:00, to + 1 day 00:00) as instants, inside SQL. */
const FROM = `($2::date::timestamp AT TIME ZONE l.timezone)`;
const UNTIL = `(($3::date + 1)::timestamp AT TIME ZONE l.timezone)`;

const OCCUPANCY = `SELECT extract(isodow FROM h)::int AS weekday, extract(hour FROM h)::int AS hour,
    count(*)::int AS booked
  FROM bookings b JOIN libraries l ON l.tenant_id = b.tenant_id AND l.id = b.library_id,
  LATERAL generate_series(date_trunc('hour', b.starts_at AT TIME ZONE l.timezone),
    (b.ends_at AT TIME ZONE l.timezone) - interval '1 microsecond', interval '1 hour') AS h
 WHERE b.library_id = $1 AND b.state IN ('confirmed', 'checked_in', 'completed')
   AND b.starts_at < ${UNTIL} AND b.ends_at > ${FROM}
   AND h >= $2::date::timestamp AND h < ($3::date + 1)::timestamp
 GROUP BY 1, 2 ORDER BY 1, 2`;

const REVENUE = `SELECT p.plan_id AS plan_id, pl.name AS plan_name, sh.id AS shift_id, sh.name AS shift_name,
    count(*)::int AS payments, sum(p.amount_paise)::int8 AS amount, sum(p.refunded_paise)::int8 AS refunded
  FROM payments p JOIN libraries l ON l.tenant_id = p.tenant_id AND l.id = p.library_id
  LEFT JOIN plans pl ON pl.tenant_id = p.tenant_id AND pl.id = p.plan_id
  LEFT JOIN bookings b ON b.tenant_id = p.tenant_id AND b.id = p.booking_id
  LEFT JOIN booking_requests r ON r.tenant_id = p.tenant_id AND r.id = p.booking_request_id
  LEFT JOIN shifts sh ON sh.tenant_id = p.tenant_id
    AND sh.id = coalesce(pl.shift_id, b.shift_id, (r.slot ->> 'shiftId')::uuid)
 WHERE p.library_id = $1 AND p.captured_at IS NOT NULL AND p.captured_at >= ${FROM} AND p.captured_at < ${UNTIL}
 GROUP BY 1, 2, 3, 4`;

const NO_SHOWS = `SELECT extract(isodow FROM b.starts_at AT TIME ZONE l.timezone)::int AS weekday,
    count(*)::int AS decided, count(*) FILTER (WHERE b.state = 'no_show')::int AS no_shows
  FROM bookings b JOIN libraries l ON l.tenant_id = b.tenant_id AND l.id = b.library_id
 WHERE b.library_id = $1 AND b.state IN ('checked_in', 'completed', 'no_show')
   AND b.starts_at >= ${FROM} AND b.starts_at < ${UNTIL}
 GROUP BY 1 ORDER BY 1`;

/** How many of each ISO weekday the local dates `from`..`to` (inclusive) hold. */
export function weekdayCounts(from: string, to: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const weekday = ((new Date(t).getUTCDay() + 6) % 7) + 1;
    counts.set(weekday, (counts.get(weekday) ?? 0) + 1);
  }
  return counts;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

interface RevenueRow {
  plan_id: string | null;
  plan_name: string | null;
  shift_id: string | null;
  shift_name: string | null;
  payments: number;
  amount: number;
  refunded: number;
}

function sumBy(rows: RevenueRow[], key: 'plan' | 'shift'): RevenueLine[] {
  const lines = new Map<string, RevenueLine>();
  for (const row of rows) {
    const id = key === 'plan' ? row.plan_id : row.shift_id;
    const name = key === 'plan' ? row.plan_name : row.shift_name;
    const line = lines.get(id ?? '') ?? { id, name, payments: 0, amountPaise: 0, refundedPaise: 0 };
    line.payments += row.payments;
    line.amountPaise += Number(row.amount);
    line.refundedPaise += Number(row.refunded);
    lines.set(id ?? '', line);
  }
  return [...lines.values()].sort((a, b) => b.amountPaise - a.amountPaise);
}

/** The report, or null when the library is not visible in this transaction. */
export async function usageReport(
  tx: Tx,
  libraryId: string,
  from: string,
  to: string,
): Promise<UsageReport | null> {
  const [library] = await tx.query<{ timezone: string; seats: number }>(
    `SELECT l.timezone, (SELECT count(*)::int FROM seats s WHERE s.tenant_id = l.tenant_id
        AND s.library_id = l.id AND s.status = 'active') AS seats FROM libraries l WHERE l.id = $1`,
    [libraryId],
  );
  if (!library) return null;
  const params = [libraryId, from, to];
  const booked = await tx.query<{ weekday: number; hour: number; booked: number }>(OCCUPANCY, params);
  const revenue = await tx.query<RevenueRow>(REVENUE, params);
  const noShows = await tx.query<{ weekday: number; decided: number; no_shows: number }>(NO_SHOWS, params);
  const days = weekdayCounts(from, to);
  const occupancy = booked.map((cell) => {
    const n = days.get(cell.weekday) ?? 0;
    const rate = ratio(cell.booked, n * library.seats);
    return { weekday: cell.weekday, hour: cell.hour, bookedHours: cell.booked, days: n, rate };
  });
  const decided = noShows.reduce((s, r) => s + r.decided, 0);
  const missed = noShows.reduce((s, r) => s + r.no_shows, 0);
  return {
    libraryId,
    timeZone: library.timezone,
    from,
    to,
    seats: library.seats,
    occupancy,
    revenueByPlan: sumBy(revenue, 'plan'),
    revenueByShift: sumBy(revenue, 'shift'),
    totals: {
      payments: revenue.reduce((s, r) => s + r.payments, 0),
      amountPaise: revenue.reduce((s, r) => s + Number(r.amount), 0),
      refundedPaise: revenue.reduce((s, r) => s + Number(r.refunded), 0),
    },
    noShows: {
      decided,
      noShows: missed,
      rate: ratio(missed, decided),
      byWeekday: noShows.map((r) => ({
        weekday: r.weekday,
        decided: r.decided,
        noShows: r.no_shows,
        rate: ratio(r.no_shows, r.decided),
      })),
    },
  };
}
