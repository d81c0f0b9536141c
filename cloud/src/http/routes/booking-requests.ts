/**
 * Students' remote booking requests and their own rows: create (rate class `booking`, safe to
 * retry with an Idempotency-Key), cancel while pending, and list their requests, bookings and
 * memberships across every library. A request waits `pending` for the library's hub (sync).
 *
 *   pending ──hub accepts──▶ accepted (booking_id set)
 *      │  └──hub rejects──▶ rejected (reason = domain code)
 *      ├──student cancels──▶ cancelled
 *      └──slot passes─────▶ expired
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  BookingRequest as BookingRequestSchema,
  DomainError,
  MyBooking as MyBookingSchema,
  MyMembership as MyMembershipSchema,
  NewBookingRequest as NewBookingRequestSchema,
} from '@studyspot/core';
import {
  type BookingRequestRow,
  createBookingRequest,
  REQUEST_COLUMNS,
} from '../../catalog/booking-requests.ts';
import { CursorQuery, PageOf } from '../../catalog/cursor.ts';
import { claimKey, hashRequest, storeResponse } from '../../catalog/idempotency.ts';
import { type MyList, myRows } from '../../catalog/me.ts';
import { publishedLibraryTenant } from '../../catalog/public-page.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, named, router } from '../openapi.ts';

// Core's shapes, shared with the student app, under their names in the document.
const NewBookingRequest = named(NewBookingRequestSchema, 'NewBookingRequest');
const BookingRequest = named(BookingRequestSchema, 'BookingRequest');
const MyBooking = named(MyBookingSchema, 'MyBooking');
const MyMembership = named(MyMembershipSchema, 'MyMembership');
// Extended from the named request, so the document shows it as BookingRequest plus the name.
const MyBookingRequest = BookingRequest.extend({ libraryName: z.string().nullable() });

const students = { tags: ['students'], security: bearer, middleware: [allow('student')] };
const IdempotencyHeader = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const PageQuery = z.object({ limit: Limit, cursor: CursorQuery });

export function bookingRequestRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      ...students,
      method: 'post',
      path: '/booking-requests',
      middleware: [allow('student'), d.rateLimit('booking')],
      request: { headers: IdempotencyHeader, body: body(NewBookingRequest) },
      responses: {
        201: json(BookingRequest, 'The pending request (or, on a retry, the same one)'),
        ...errors,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const { userId } = principalOf(c);
      const tenantId = await publishedLibraryTenant(d.db, input.libraryId);
      const claim = key && {
        tenantId,
        scope: `booking_request:${userId}`,
        key,
        requestHash: hashRequest(input),
      };
      const result = await d.db.tenantAsUser(tenantId, userId, async (tx) => {
        const stored = claim ? await claimKey(tx, claim) : null;
        if (stored) return { body: stored.body as BookingRequestRow, replayed: true };
        // The last write commits with it (ADR 0017: the sync log's lock is held no round trip longer).
        const created = await createBookingRequest(tx, tenantId, userId, input, d.now(), { commit: !claim });
        if (claim) await storeResponse(tx, claim, { status: 201, body: created }, { commit: true });
        return { body: created, replayed: false };
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body, 201);
    },
  );

  app.openapi(
    createRoute({
      ...students,
      method: 'delete',
      path: '/booking-requests/{id}',
      request: { params: IdParam },
      responses: { 200: json(BookingRequest, 'The cancelled request'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { userId } = principalOf(c);
      const [found] = await d.db.user(userId, (tx) =>
        tx.query<{ tenant_id: string }>('SELECT tenant_id FROM booking_requests WHERE id = $1', [id]),
      );
      if (!found) throw new DomainError('not_found', 'no such booking request');
      const row = await d.db.tenantAsUser(found.tenant_id, userId, async (tx) => {
        const [cancelled] = await tx.query<BookingRequestRow>(
          `UPDATE booking_requests AS r SET status = 'cancelled', decided_at = now(), rev = r.rev + 1
            WHERE r.id = $1 AND r.status = 'pending'
              AND r.member_id IN (SELECT m.id FROM members m WHERE m.user_id = $2)
            RETURNING ${REQUEST_COLUMNS}`,
          [id, userId],
        );
        return cancelled;
      });
      if (!row) throw new DomainError('invalid_transition', 'only a pending request can be cancelled');
      return c.json(row, 200);
    },
  );

  const mine = <T extends z.ZodType>(path: string, list: MyList, item: T, name: string) =>
    app.openapi(
      createRoute({
        ...students,
        method: 'get',
        path,
        request: { query: PageQuery },
        responses: { 200: json(PageOf(item, name), 'Newest first'), ...errors },
      }),
      async (c) => {
        const { limit, cursor } = c.req.valid('query');
        const page = await d.db.user(principalOf(c).userId, (tx) =>
          myRows<{ id: string }>(tx, list, limit, cursor),
        );
        return c.json(page as never, 200);
      },
    );
  mine('/me/booking-requests', 'requests', MyBookingRequest, 'MyBookingRequestPage');
  mine('/me/bookings', 'bookings', MyBooking, 'MyBookingPage');
  mine('/me/memberships', 'memberships', MyMembership, 'MyMembershipPage');

  return app;
}
