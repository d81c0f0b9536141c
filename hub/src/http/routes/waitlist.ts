/**
 * The waitlist [BOOK-10]: join for a zone (or any zone) and a slot, list entries by state, leave,
 * and accept a live offer — which confirms the offered hold, with a cash payment if one is due.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Booking, Id, SlotRequest, WaitlistEntry, WaitlistState } from '@studyspot/core';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOnly } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, router, WithPayment } from '../openapi.ts';

const Join = WaitlistEntry.pick({ memberId: true, zoneId: true }).extend({ slot: SlotRequest });
const Entry = WaitlistEntry.extend({ bookingId: Id.nullable() });
const ListQuery = z.object({ state: WaitlistState.optional(), limit: Limit });

export function waitlistRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['waitlist'], security: bearer, middleware: [staffOnly] };

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/waitlist',
      request: { body: body(Join) },
      responses: { 201: json(Entry, 'The entry (offered at once if a seat is free)'), ...errors },
    }),
    (c) => c.json(d.core.waitlist.join(c.req.valid('json'), principalOf(c).actor, d.core.clock.now()), 201),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/waitlist',
      request: { query: ListQuery },
      responses: {
        200: json(z.object({ items: z.array(Entry) }), 'Entries, oldest first'),
        400: errors[400],
      },
    }),
    (c) => {
      const { state, limit } = c.req.valid('query');
      return c.json({ items: d.core.waitlist.list(state, limit) }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'delete',
      path: '/waitlist/{id}',
      request: { params: IdParam },
      responses: { 200: json(Entry, 'The entry, now left'), ...errors },
    }),
    (c) =>
      c.json(d.core.waitlist.leave(c.req.valid('param').id, principalOf(c).actor, d.core.clock.now()), 200),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/waitlist/{id}/accept',
      request: {
        params: IdParam,
        body: { required: false, content: { 'application/json': { schema: WithPayment } } },
      },
      responses: { 200: json(Booking, 'The confirmed booking'), ...errors },
    }),
    (c) => {
      const { payment } = c.req.valid('json');
      const { id } = c.req.valid('param');
      const booking = d.core.waitlist.accept(id, payment ?? null, principalOf(c).actor, d.core.clock.now());
      return c.json(booking, 200);
    },
  );

  return app;
}
