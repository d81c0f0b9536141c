/**
 * POST /holds: reserves a seat for the policy's hold time [BOOK-9]; payment or a membership
 * confirms it later. The booking's source is the caller's kind (a kiosk's hold is `kiosk`).
 */
import { createRoute } from '@hono/zod-openapi';
import { Booking, HoldRequest } from '@studyspot/core';
import { counted } from '../decisions.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOrKiosk } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

export function holdRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/holds',
      tags: ['bookings'],
      security: bearer,
      middleware: [staffOrKiosk],
      request: { body: body(HoldRequest) },
      responses: { 201: json(Booking, 'The held booking'), ...errors },
    }),
    (c) => {
      const request = c.req.valid('json');
      const { actor, role } = principalOf(c);
      const source = role === 'kiosk' ? 'kiosk' : 'staff'; // staffOrKiosk let nobody else in
      const held = counted(d.metrics, () =>
        d.core.allocator.hold({ ...request, source }, actor, d.core.clock.now()),
      );
      return c.json(held, 201);
    },
  );
  return app;
}
