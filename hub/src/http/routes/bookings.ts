/**
 * Bookings: POST /bookings books and confirms at once (covered by a membership, or paid in cash at
 * the desk); GET /bookings lists them newest first, keyset-paged by (startsAt, id) behind an opaque
 * cursor; GET /bookings/{id} reads one, with whether it was paid online. The lifecycle actions are in
 * booking-actions.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Booking, BookingState, DomainError, HoldRequest, Id, Instant } from '@studyspot/core';
import { PaidOnline, paidOnline } from '../../store/cloud-payments.ts';
import { decodeCursor, paged } from '../cursor.ts';
import { counted } from '../decisions.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOnly } from '../middleware.ts';
import {
  bearer,
  body,
  Cursor,
  errors,
  IdParam,
  json,
  Limit,
  page,
  QueryInstant,
  router,
  WithPayment,
} from '../openapi.ts';

const BookRequest = HoldRequest.extend(WithPayment.shape);

const ListQuery = z.object({
  memberId: Id.optional(),
  seatId: Id.optional(),
  state: BookingState.optional(),
  from: QueryInstant.optional(),
  to: QueryInstant.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});
const BookingKey = z.tuple([Instant, Id]);
/** One booking with its online payments (replicated from the cloud, ADR 0024). */
export const BookingView = Booking.extend(PaidOnline.shape);

export function bookingRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['bookings'], security: bearer, middleware: [staffOnly] };

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/bookings',
      request: { body: body(BookRequest) },
      responses: { 201: json(Booking, 'The confirmed booking'), ...errors },
    }),
    (c) => {
      const { payment, ...request } = c.req.valid('json');
      const { actor } = principalOf(c);
      const booked = counted(d.metrics, () =>
        d.core.allocator.book({ ...request, source: 'staff' }, payment ?? null, actor, d.core.clock.now()),
      );
      return c.json(booked, 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/bookings',
      request: { query: ListQuery },
      responses: { 200: json(page(Booking), 'A page of bookings'), 400: errors[400], 401: errors[401] },
    }),
    (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const after = decodeCursor(cursor, BookingKey);
      const rows = d.core.bookings.list(filter, limit + 1, after && { startsAt: after[0], id: after[1] });
      return c.json(
        paged(rows, limit, (b) => [b.startsAt, b.id]),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/bookings/{id}',
      request: { params: IdParam },
      responses: {
        200: json(BookingView, 'The booking, and whether it was paid online'),
        400: errors[400],
        404: errors[404],
      },
    }),
    (c) => {
      const booking = d.core.bookings.byId(c.req.valid('param').id);
      if (!booking) throw new DomainError('not_found', 'no such booking', { field: 'id' });
      return c.json({ ...booking, ...paidOnline(d.core.db, booking.id) }, 200);
    },
  );

  return app;
}
