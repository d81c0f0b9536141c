/**
 * A student's pass seed: what their phone needs to draw the rotating QR pass offline (core
 * `makePass`) — the booking's ids, times and the secret the hub minted for it (ADR 0023). Read in
 * the student's own user-scoped transaction, so the `self_read` policy is the only way in: another
 * student's booking is simply not found. Only a booking that can still be used has a pass.
 */
import { createRoute, type z } from '@hono/zod-openapi';
import { DomainError, PassSeed as PassSeedSchema } from '@studyspot/core';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, IdParam, json, named, router } from '../openapi.ts';

const PassSeed = named(PassSeedSchema, 'PassSeed');

export function passRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      tags: ['students'],
      security: bearer,
      middleware: [allow('student')],
      method: 'get',
      path: '/me/bookings/{id}/pass',
      request: { params: IdParam },
      responses: { 200: json(PassSeed, "The booking's pass seed"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [row] = await d.db.user(principalOf(c).userId, (tx) =>
        tx.query<z.infer<typeof PassSeed> & { state: string }>(
          `SELECT b.id AS "bookingId", b.library_id AS "libraryId", b.member_id AS "memberId", p.secret,
                  (extract(epoch FROM b.starts_at) * 1000)::int8 AS "startsAt",
                  (extract(epoch FROM b.ends_at) * 1000)::int8 AS "endsAt", b.state
             FROM bookings b JOIN booking_passes p ON p.tenant_id = b.tenant_id AND p.booking_id = b.id
            WHERE b.id = $1`,
          [id],
        ),
      );
      if (!row) throw new DomainError('not_found', 'no pass for this booking (yet)', { field: 'id' });
      if (!['held', 'confirmed', 'checked_in'].includes(row.state))
        throw new DomainError('invalid_transition', `a ${row.state} booking has no pass`);
      const { state: _state, ...seed } = row;
      return c.json({ ...seed, startsAt: Number(seed.startsAt), endsAt: Number(seed.endsAt) }, 200);
    },
  );

  return app;
}
