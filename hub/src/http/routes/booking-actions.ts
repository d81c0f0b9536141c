/**
 * A booking's lifecycle over HTTP: confirm (with a cash payment when one is due), cancel, check in
 * (kiosks may too) and check out. Each is one allocator decision; a move the booking machine does
 * not allow is 409 invalid_transition.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Booking as BookingT } from '@studyspot/core';
import { Booking } from '@studyspot/core';
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../../store/ledger.ts';
import type { HttpEnv, RouteDeps } from '../env.ts';
import { principalOf, staffOnly, staffOrKiosk } from '../middleware.ts';
import { bearer, errors, IdParam, json, router, WithPayment } from '../openapi.ts';

type Act = (d: RouteDeps, id: string, actor: Actor, now: number) => BookingT;

const actions: [path: string, summary: string, guard: MiddlewareHandler<HttpEnv>, act: Act][] = [
  ['cancel', 'Cancel the booking', staffOnly, (d, id, actor, now) => d.core.allocator.cancel(id, actor, now)],
  [
    'check-in',
    'Check the member in',
    staffOrKiosk,
    (d, id, actor, now) => d.core.allocator.checkIn(id, actor, now),
  ],
  [
    'check-out',
    'Check the member out',
    staffOnly,
    (d, id, actor, now) => d.core.allocator.checkOut(id, actor, now),
  ],
];

export function bookingActionRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/bookings/{id}/confirm',
      summary: 'Confirm a held booking',
      tags: ['bookings'],
      security: bearer,
      middleware: [staffOnly],
      request: {
        params: IdParam,
        body: { required: false, content: { 'application/json': { schema: WithPayment } } },
      },
      responses: { 200: json(Booking, 'The confirmed booking'), ...errors },
    }),
    (c) => {
      const { payment } = c.req.valid('json');
      const id = c.req.valid('param').id;
      const confirmed = d.core.allocator.confirm(
        id,
        payment ?? null,
        principalOf(c).actor,
        d.core.clock.now(),
      );
      return c.json(confirmed, 200);
    },
  );

  for (const [path, summary, guard, act] of actions) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/bookings/{id}/${path}`,
        summary,
        tags: ['bookings'],
        security: bearer,
        middleware: [guard],
        request: { params: IdParam },
        responses: { 200: json(Booking, 'The booking after the change'), ...errors },
      }),
      (c) => c.json(act(d, c.req.valid('param').id, principalOf(c).actor, d.core.clock.now()), 200),
    );
  }

  return app;
}
