/**
 * GET /seats/map: every seat with its zone, number, status and live state over a range — given as
 * `from`/`to` instants, or as a local `date` (the whole opening day) optionally narrowed to a
 * `shiftId` — plus the booking occupying it.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DAY, Id, LocalDate, resolveSlot, SeatStatus, toError } from '@studyspot/core';
import type { RouteDeps } from '../env.ts';
import { staffOrKiosk } from '../middleware.ts';
import { bearer, errors, json, QueryInstant, router } from '../openapi.ts';
import { liveState, occupancy, seatLiveStates } from '../seat-state.ts';

const MAX_RANGE = 31 * DAY;

const MapQuery = z
  .object({
    from: QueryInstant.optional(),
    to: QueryInstant.optional(),
    date: LocalDate.optional(),
    shiftId: Id.optional(),
  })
  .refine((q) => (q.date === undefined ? q.from !== undefined && q.to !== undefined : q.from === undefined), {
    message: 'give either from and to, or a date (and optionally a shiftId)',
    path: ['from'],
  })
  .refine(
    (q) => q.from === undefined || q.to === undefined || (q.to > q.from && q.to - q.from <= MAX_RANGE),
    {
      message: 'to must be after from, at most 31 days later',
      path: ['to'],
    },
  );

const SeatView = z.object({
  seatId: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  number: z.string(),
  status: SeatStatus,
  state: z.enum(seatLiveStates),
  bookingId: z.string().nullable(),
});
const SeatMap = z.object({ from: z.number(), to: z.number(), seats: z.array(SeatView) });

export function seatRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/seats/map',
      tags: ['seats'],
      security: bearer,
      middleware: [staffOrKiosk],
      request: { query: MapQuery },
      responses: { 200: json(SeatMap, 'Seats and their live state'), 400: errors[400], 422: errors[422] },
    }),
    (c) => {
      const q = c.req.valid('query');
      const { library, shifts, zones, seats } = d.core.catalog.data;
      let from = q.from ?? 0;
      let to = q.to ?? 0;
      if (q.date !== undefined) {
        const slot = q.shiftId
          ? { kind: 'shift' as const, date: q.date, shiftId: q.shiftId }
          : { kind: 'day' as const, date: q.date };
        const resolved = resolveSlot(slot, library, shifts);
        if (!resolved.ok) throw toError([resolved.violation]);
        ({ startsAt: from, endsAt: to } = resolved.interval);
      }
      const zoneNames = new Map(zones.map((z) => [z.id, z.name]));
      const occupied = occupancy(d.core.bookings.activeBetween(from, to));
      const view = seats.map((seat) => {
        const booking = occupied.get(seat.id);
        return {
          seatId: seat.id,
          zoneId: seat.zoneId,
          zoneName: zoneNames.get(seat.zoneId) ?? '',
          number: seat.number,
          status: seat.status,
          state: liveState(seat, booking),
          bookingId: booking?.id ?? null,
        };
      });
      return c.json({ from, to, seats: view }, 200);
    },
  );
  return app;
}
