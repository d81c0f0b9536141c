/**
 * The entrance over HTTP: POST /entry/scan takes the code a kiosk camera (or the desk) read and
 * answers at once — granted with the member's name, seat and the door/locker states the devices
 * confirmed, or denied with a reason code and a sentence to show. A denial is an answer, not an
 * error, so it is 200 with `ok: false`; GET /bookings/:id/pass gives staff the current rotating code.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, makePass, secondsLeft } from '@studyspot/core';
import type { EntryDesk } from '../../entry/entry-desk.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOnly, staffOrKiosk } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, router } from '../openapi.ts';

const LockOutcome = z.enum(['locked', 'unlocked', 'jammed', 'unknown', 'unavailable']).nullable();
const ScanResult = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      bookingId: z.string(),
      memberName: z.string(),
      seatNumber: z.string(),
      door: LockOutcome,
      locker: LockOutcome,
    }),
    z.object({
      ok: z.literal(false),
      reason: z.enum([
        'expired',
        'not_yet',
        'wrong_library',
        'bad_signature',
        'unknown_pass',
        'banned',
        'already_inside',
        'not_confirmed',
      ]),
      message: z.string(),
    }),
  ])
  .openapi('ScanResult');

const Pass = z.object({ code: z.string(), secondsLeft: z.number() }).openapi('Pass');

export function entryRoutes(d: RouteDeps, entry: EntryDesk) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/entry/scan',
      tags: ['entry'],
      security: bearer,
      middleware: [staffOrKiosk],
      request: { body: body(z.object({ code: z.string().min(1).max(512) })) },
      responses: { 200: json(ScanResult, 'Granted, or denied with the reason'), ...errors },
    }),
    async (c) => {
      const { code } = c.req.valid('json');
      const result = await entry.scan(code, principalOf(c).actor, d.core.clock.now());
      return c.json(result, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/bookings/{id}/pass',
      tags: ['entry'],
      security: bearer,
      middleware: [staffOnly],
      request: { params: IdParam },
      responses: { 200: json(Pass, 'The pass code valid now'), ...errors },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const booking = d.core.bookings.byId(id);
      const secret = d.core.bookings.passSecret(id);
      if (!booking || !secret) throw new DomainError('not_found', 'no such booking', { field: 'id' });
      const now = d.core.clock.now();
      const code = makePass(
        { libraryId: booking.libraryId, memberId: booking.memberId, bookingId: id, secret },
        now,
      );
      return c.json({ code, secondsLeft: secondsLeft(now) }, 200);
    },
  );
  return app;
}
