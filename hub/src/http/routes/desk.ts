/**
 * GET /desk/arrivals: the front desk's list for one local day (today by the hub clock unless a
 * `date` is given) — every booking overlapping the library's opening hours that day, with the
 * member's name and phone and the seat's number and zone, so the dashboard needs one request, not
 * one per row. Newest start first, keyset-paged by (startsAt, id) like GET /bookings.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Booking, Id, Instant, instantToLocal, LocalDate, resolveSlot } from '@studyspot/core';
import { decodeCursor, paged } from '../cursor.ts';
import type { RouteDeps } from '../env.ts';
import { staffOnly } from '../middleware.ts';
import { bearer, Cursor, errors, json, Limit, router } from '../openapi.ts';

const Query = z.object({ date: LocalDate.optional(), limit: Limit, cursor: Cursor.optional() });
const Arrival = z.object({
  booking: Booking,
  memberName: z.string(),
  memberPhone: z.string(),
  seatNumber: z.string(),
  zoneName: z.string(),
});
const Arrivals = z
  .object({ date: z.string(), items: z.array(Arrival), nextCursor: z.string().nullable() })
  .openapi('Arrivals');
const Key = z.tuple([Instant, Id]);

export function deskRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/desk/arrivals',
      tags: ['bookings'],
      security: bearer,
      middleware: [staffOnly],
      request: { query: Query },
      responses: { 200: json(Arrivals, "A page of the day's bookings"), 400: errors[400], 401: errors[401] },
    }),
    (c) => {
      const q = c.req.valid('query');
      const { library, shifts, zones } = d.core.catalog.data;
      const date = q.date ?? instantToLocal(d.core.clock.now(), library.timezone).date;
      const day = resolveSlot({ kind: 'day', date }, library, shifts);
      // A day the library is closed has no arrivals.
      if (!day.ok) return c.json({ date, items: [], nextCursor: null }, 200);
      const after = decodeCursor(q.cursor, Key);
      const rows = d.core.bookings.list(
        { from: day.interval.startsAt, to: day.interval.endsAt },
        q.limit + 1,
        after && { startsAt: after[0], id: after[1] },
      );
      const zoneNames = new Map(zones.map((z) => [z.id, z.name]));
      const page = paged(rows, q.limit, (b) => [b.startsAt, b.id]);
      const items = page.items.map((booking) => {
        const member = d.core.members.byId(booking.memberId);
        const seat = d.core.catalog.seat(booking.seatId);
        return {
          booking,
          memberName: member?.name ?? '',
          memberPhone: member?.phone ?? '',
          seatNumber: seat?.number ?? '',
          zoneName: (seat && zoneNames.get(seat.zoneId)) ?? '',
        };
      });
      return c.json({ date, items, nextCursor: page.nextCursor }, 200);
    },
  );
  return app;
}
