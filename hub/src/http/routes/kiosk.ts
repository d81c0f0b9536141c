/**
 * What the entrance tablet needs beyond a scan (ADR 0020):
 * - GET /kiosk/status: the hub's clock, today's local date and free seats per zone right now;
 * - POST /kiosk/walk-in: a member without a phone pass types phone + PIN; the hub finds their
 *   booking for now, mints its current pass and runs it through the same entrance as a scan (check
 *   in, door, audit, `entry:scanned`), so a walk-in is decided exactly like a QR code. Wrong phone
 *   or PIN is an answer (`wrong_pin`), limited to 5 failures a minute per phone (then 429);
 * - POST /kiosk/day-pass: a visitor gives name and phone and picks a zone; the hub registers them
 *   if new and holds a free seat for today, to be paid in cash at the desk (the staff dashboard
 *   confirms the hold);
 * - PUT /members/{id}/pin: staff set a member's kiosk PIN.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Booking, DomainError, Id, instantToLocal, Member, MINUTE, makePass, Phone } from '@studyspot/core';
import { MemberPins } from '../../auth/member-pins.ts';
import { FailureLimiter } from '../../auth/rate-limit.ts';
import type { EntryDesk } from '../../entry/entry-desk.ts';
import { decide } from '../../store/db.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOnly, staffOrKiosk } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, router } from '../openapi.ts';
import { occupancy } from '../seat-state.ts';

const Pin = z.string().regex(/^\d{4,8}$/, 'expected 4 to 8 digits');
const WalkIn = z.object({ phone: Phone, pin: Pin }).openapi('WalkIn');
const DayPass = z.object({ name: Member.shape.name, phone: Phone, zoneId: Id }).openapi('DayPassRequest');
const SetPin = z.object({ pin: Pin });

const LockOutcome = z.enum(['locked', 'unlocked', 'jammed', 'unknown', 'unavailable']).nullable();
const WalkInResult = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      bookingId: z.string(),
      memberName: z.string(),
      seatNumber: z.string(),
      door: LockOutcome,
      locker: LockOutcome,
    }),
    z.object({ ok: z.literal(false), reason: z.string(), message: z.string() }),
  ])
  .openapi('WalkInResult');
const ZoneFree = z.object({ zoneId: z.string(), name: z.string(), free: z.number(), total: z.number() });
const KioskStatus = z
  .object({ now: z.number(), date: z.string(), libraryName: z.string(), zones: z.array(ZoneFree) })
  .openapi('KioskStatus');
const DayPassHeld = z
  .object({ booking: Booking, memberName: z.string(), seatNumber: z.string(), zoneName: z.string() })
  .openapi('DayPassHeld');

const walkInDenials = {
  wrong_pin: 'The phone number or PIN is not right. Please try again or ask at the desk.',
  no_booking: 'You have no booking for now. Please book at the desk or in the app.',
};

export function kioskRoutes(d: RouteDeps, entry: EntryDesk) {
  const app = router();
  const pins = new MemberPins(d.core.db);
  const failures = new FailureLimiter({ limit: 5, windowMs: MINUTE, clock: d.core.clock });
  const common = { tags: ['kiosk'], security: bearer };

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/kiosk/status',
      middleware: [staffOrKiosk],
      responses: { 200: json(KioskStatus, 'Free seats per zone now'), 401: errors[401] },
    }),
    (c) => {
      const now = d.core.clock.now();
      const { library, zones, seats } = d.core.catalog.data;
      const taken = occupancy(d.core.bookings.activeBetween(now, now + MINUTE));
      const view = zones.map((zone) => {
        const inZone = seats.filter((s) => s.zoneId === zone.id && s.status === 'active');
        const free = inZone.filter((s) => !taken.has(s.id)).length;
        return { zoneId: zone.id, name: zone.name, free, total: inZone.length };
      });
      const date = instantToLocal(now, library.timezone).date;
      return c.json({ now, date, libraryName: library.name, zones: view }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/kiosk/walk-in',
      middleware: [staffOrKiosk],
      request: { body: body(WalkIn) },
      responses: { 200: json(WalkInResult, 'Granted, or denied with the reason'), ...errors },
    }),
    async (c) => {
      const { phone, pin } = c.req.valid('json');
      if (failures.blocked(phone))
        throw new DomainError('rate_limited', 'too many wrong PINs; wait a minute');
      const libraryId = d.core.catalog.data.library.id;
      const member = d.core.members.byPhone(libraryId, phone);
      if (!(await pins.verify(member?.id ?? null, pin)) || !member) {
        failures.fail(phone);
        return c.json({ ok: false as const, reason: 'wrong_pin', message: walkInDenials.wrong_pin }, 200);
      }
      failures.reset(phone);
      const now = d.core.clock.now();
      const early = d.core.catalog.data.policy.checkInEarlyMinutes * MINUTE;
      const current = d.core.bookings
        .list({ memberId: member.id, from: now, to: now + early }, 20)
        .find((b) => b.state === 'confirmed' || b.state === 'checked_in');
      const secret = current ? d.core.bookings.passSecret(current.id) : null;
      if (!current || !secret) {
        return c.json({ ok: false as const, reason: 'no_booking', message: walkInDenials.no_booking }, 200);
      }
      const code = makePass({ libraryId, memberId: member.id, bookingId: current.id, secret }, now);
      return c.json(await entry.scan(code, principalOf(c).actor, now), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/kiosk/day-pass',
      middleware: [staffOrKiosk],
      request: { body: body(DayPass) },
      responses: { 201: json(DayPassHeld, 'A seat held for today, to pay at the desk'), ...errors },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { core } = d;
      const { library, zones, seats } = core.catalog.data;
      const zone = zones.find((z) => z.id === input.zoneId);
      if (!zone) throw new DomainError('not_found', 'no such zone', { field: 'zoneId' });
      const now = core.clock.now();
      const member = decide(
        core.db,
        () =>
          core.members.byPhone(library.id, input.phone) ??
          core.members.create(library.id, { name: input.name, phone: input.phone, email: null }, now),
      );
      const slot = { kind: 'day' as const, date: instantToLocal(now, library.timezone).date };
      const { actor } = principalOf(c);
      // Seats free right now first; the allocator decides whether one is free for the whole day.
      const taken = occupancy(core.bookings.activeBetween(now, now + MINUTE));
      const candidates = seats
        .filter((s) => s.zoneId === zone.id && s.status === 'active')
        .sort((a, b) => Number(taken.has(a.id)) - Number(taken.has(b.id)));
      let lastError: unknown = new DomainError('seat_taken', 'no seat is free in this zone today');
      for (const seat of candidates) {
        try {
          const booking = core.allocator.hold(
            { seatId: seat.id, memberId: member.id, slot, source: 'kiosk' },
            actor,
            now,
          );
          return c.json(
            { booking, memberName: member.name, seatNumber: seat.number, zoneName: zone.name },
            201,
          );
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'seat_taken') throw error;
          lastError = error;
        }
      }
      throw lastError;
    },
  );

  app.openapi(
    createRoute({
      tags: ['members'],
      security: bearer,
      middleware: [staffOnly],
      method: 'put',
      path: '/members/{id}/pin',
      request: { params: IdParam, body: body(SetPin) },
      responses: { 204: { description: 'The kiosk PIN is set' }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!d.core.members.byId(id)) throw new DomainError('not_found', 'no such member', { field: 'id' });
      await pins.set(id, c.req.valid('json').pin);
      return c.body(null, 204);
    },
  );

  return app;
}
