/**
 * A published library's public page: the library (core `Library`), its zones, shifts and active
 * plans with their prices (core `priceOf`), and a live availability summary — free seats per zone
 * in each of today's shifts (or today's opening hours when it sells no shifts), counted from the
 * cloud's mirror of the hubs' bookings. Bookings are not public rows, so after the anonymous
 * lookup finds the published library and its tenant (cached: a library never changes tenant),
 * the page is read in that tenant's transaction and only counts leave it (ADR 0011).
 */
import type { Library, Plan, Price, Shift, Zone } from '@studyspot/core';
import { instantToLocal, localToInstant, minutesOf, priceOf, weekdayOf } from '@studyspot/core';
import type { Database, Tx } from '../db/types.ts';
import { notFound } from './access.ts';
import {
  LIBRARY_COLUMNS,
  type LibraryRow,
  PLAN_COLUMNS,
  SHIFT_COLUMNS,
  toLibrary,
  ZONE_COLUMNS,
} from './rows.ts';

const tenants = new Map<string, string>();
const CACHE_LIMIT = 10_000;

/** The tenant of a published library, or 404. */
export async function publishedLibraryTenant(db: Database, libraryId: string): Promise<string> {
  const cached = tenants.get(libraryId);
  if (cached) return cached;
  const [row] = await db.anonymous((tx) =>
    tx.query<{ tenant_id: string }>('SELECT tenant_id FROM libraries WHERE id = $1', [libraryId]),
  );
  if (!row) throw notFound('library', 'libraryId');
  if (tenants.size >= CACHE_LIMIT) tenants.clear();
  tenants.set(libraryId, row.tenant_id);
  return row.tenant_id;
}

export interface Window {
  shiftId: string | null;
  name: string;
  startsAt: number;
  endsAt: number;
  zones: { zoneId: string; seats: number; free: number }[];
}

export interface PublicPage {
  library: Library;
  zones: Zone[];
  shifts: Shift[];
  plans: (Plan & { price: Price })[];
  availability: { date: string; windows: Window[] };
}

/** Today's windows: each shift, or the opening hours when there are no shifts; none when closed. */
function todaysWindows(library: Library, shifts: Shift[], now: number) {
  const { date } = instantToLocal(now, library.timezone);
  const at = (time: string) => localToInstant(date, minutesOf(time), library.timezone);
  const hours = library.openingHours[weekdayOf(date)];
  if (!hours) return { date, windows: [] };
  const windows = shifts.length
    ? shifts.map((s) => ({ shiftId: s.id, name: s.name, startsAt: at(s.start), endsAt: at(s.end) }))
    : [{ shiftId: null, name: 'Today', startsAt: at(hours.open), endsAt: at(hours.close) }];
  return { date, windows };
}

async function freeSeats(tx: Tx, libraryId: string, windows: Omit<Window, 'zones'>[]) {
  const rows = await tx.query<{ i: number; zoneId: string; seats: number; free: number }>(
    `SELECT w.i, s.zone_id AS "zoneId", count(*)::int AS seats,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM bookings b WHERE b.tenant_id = s.tenant_id AND b.seat_id = s.id
                AND b.state IN ('held', 'confirmed', 'checked_in')
                AND b.starts_at < w.ends_at AND b.ends_at > w.starts_at))::int AS free
       FROM unnest($2::int[], $3::timestamptz[], $4::timestamptz[]) AS w(i, starts_at, ends_at)
       CROSS JOIN seats s
      WHERE s.library_id = $1 AND s.status = 'active'
      GROUP BY w.i, s.zone_id ORDER BY w.i, s.zone_id`,
    [
      libraryId,
      windows.map((_, i) => i),
      windows.map((w) => new Date(w.startsAt).toISOString()),
      windows.map((w) => new Date(w.endsAt).toISOString()),
    ],
  );
  return windows.map((w, i) => ({
    ...w,
    zones: rows.filter((r) => r.i === i).map(({ zoneId, seats, free }) => ({ zoneId, seats, free })),
  }));
}

export async function publicPage(db: Database, libraryId: string, now: number): Promise<PublicPage> {
  const tenantId = await publishedLibraryTenant(db, libraryId);
  return db.tenant(tenantId, async (tx) => {
    const [row] = await tx.query<LibraryRow>(
      `SELECT ${LIBRARY_COLUMNS} FROM libraries WHERE id = $1 AND published`,
      [libraryId],
    );
    if (!row) throw notFound('library');
    const library = toLibrary(row);
    const where = 'WHERE library_id = $1 ORDER BY name, id';
    const zones = await tx.query<Zone>(`SELECT ${ZONE_COLUMNS} FROM zones ${where}`, [libraryId]);
    const shifts = await tx.query<Shift>(`SELECT ${SHIFT_COLUMNS} FROM shifts ${where}`, [libraryId]);
    const plans = await tx.query<Plan>(
      `SELECT ${PLAN_COLUMNS} FROM plans WHERE library_id = $1 AND active ORDER BY price_paise, id`,
      [libraryId],
    );
    const today = todaysWindows(library, shifts, now);
    const windows = await freeSeats(tx, libraryId, today.windows);
    return {
      library,
      zones,
      shifts,
      plans: plans.map((p) => ({ ...p, price: priceOf(p) })),
      availability: { date: today.date, windows },
    };
  });
}
