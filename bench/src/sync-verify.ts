/**
 * The row-by-row check after bench/sync's catch-up: every booking of the hub's SQLite and of the
 * cloud's library, keyed by id, compared on seat, member, start, end, state and rev. Lost = in the
 * hub, not in the cloud; duplicated = two cloud rows for one hub booking (an id the hub does not
 * know, or a second active row on a seat-slot); differing = same id, different fields. The same
 * for the cash payments the hub recorded with them.
 */
import type { Rig } from './sync-rig.ts';

export interface Comparison {
  hub: number;
  cloud: number;
  lost: number;
  duplicated: number;
  differing: number;
}

interface BookingRow {
  id: string;
  seat_id: string;
  member_id: string;
  starts_at: number;
  ends_at: number;
  state: string;
  rev: number;
}

const key = (b: BookingRow) => [b.seat_id, b.member_id, b.starts_at, b.ends_at, b.state, b.rev].join('|');

export async function compareBookings(rig: Rig): Promise<Comparison> {
  const hub = rig.reader
    .prepare('SELECT id, seat_id, member_id, starts_at, ends_at, state, rev FROM bookings')
    .all() as BookingRow[];
  const { cloud, slots, payments } = await rig.db.tenant(rig.tenantId, async (tx) => ({
    cloud: await tx.query<BookingRow>(
      `SELECT id::text, seat_id::text, member_id::text, (extract(epoch FROM starts_at) * 1000)::int8 AS starts_at,
              (extract(epoch FROM ends_at) * 1000)::int8 AS ends_at, state, rev
         FROM bookings WHERE library_id = $1`,
      [rig.libraryId],
    ),
    slots: await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT seat_id, starts_at FROM bookings
         WHERE library_id = $1 AND state IN ('held', 'confirmed', 'checked_in')
         GROUP BY seat_id, starts_at HAVING count(*) > 1) d`,
      [rig.libraryId],
    ),
    payments: await tx.query<{ id: string }>(
      `SELECT id::text FROM payments WHERE library_id = $1 AND provider = 'cash'`,
      [rig.libraryId],
    ),
  }));
  const inCloud = new Map(cloud.map((b) => [b.id, b]));
  const inHub = new Set(hub.map((b) => b.id));
  let lost = 0;
  let differing = 0;
  for (const b of hub) {
    const c = inCloud.get(b.id);
    if (!c) lost++;
    else if (key(c) !== key(b)) differing++;
  }
  const hubPayments = rig.reader.prepare('SELECT id FROM payments').pluck().all() as string[];
  const cloudPayments = new Set(payments.map((p) => p.id));
  lost += hubPayments.filter((id) => !cloudPayments.has(id)).length;
  const foreign = cloud.filter((b) => !inHub.has(b.id)).length;
  const extraPayments = payments.length - hubPayments.filter((id) => cloudPayments.has(id)).length;
  return {
    hub: hub.length,
    cloud: cloud.length,
    lost,
    duplicated: foreign + (slots[0]?.n ?? 0) + extraPayments,
    differing,
  };
}
