/**
 * A student on the library's Wi-Fi (ADR 0024): with the access token the cloud issued their app,
 * GET /me/bookings lists their own bookings at this library — newest first, keyset-paged like the
 * staff list, each with whether it was paid online — served by the hub, so it works with the
 * library's internet down. The member is the one whose cloud account the token names; nothing
 * else is reachable with such a token (every other route allows staff or kiosks only).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, Id, Instant } from '@studyspot/core';
import { paidOnline } from '../../store/cloud-payments.ts';
import { decodeCursor, paged } from '../cursor.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, Cursor, errors, json, Limit, page, router } from '../openapi.ts';
import { BookingView } from './bookings.ts';

const MyQuery = z.object({ limit: Limit, cursor: Cursor.optional() });
const BookingKey = z.tuple([Instant, Id]);

export function meRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/bookings',
      tags: ['me'],
      security: bearer,
      middleware: [allow('member')],
      request: { query: MyQuery },
      responses: {
        200: json(page(BookingView), "A page of the caller's bookings"),
        400: errors[400],
        401: errors[401],
        403: errors[403],
      },
    }),
    (c) => {
      const { actor } = principalOf(c);
      if (actor.kind !== 'member') throw new DomainError('forbidden', 'only a member has bookings here');
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, BookingKey);
      const rows = d.core.bookings.list(
        { memberId: actor.id },
        limit + 1,
        after && { startsAt: after[0], id: after[1] },
      );
      const result = paged(rows, limit, (b) => [b.startsAt, b.id]);
      const items = result.items.map((b) => ({ ...b, ...paidOnline(d.core.db, b.id) }));
      return c.json({ ...result, items }, 200);
    },
  );

  return app;
}
