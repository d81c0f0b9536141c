/**
 * What happened at a library, for its owner and staff (the owner portal's lists, issue #6): its
 * bookings (with the member, the seat and whether a cancel is still waiting for the hub — ADR
 * 0022), its members (with their current memberships and bookings counted) and its payments (with
 * the member), each newest first and keyset-paged. Read-only: the bookings are the hub's facts,
 * mirrored here; cancels go through `hub-commands.ts`, refunds through `payments.ts`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Booking, BookingState, Id, LocalDate, Member } from '@studyspot/core';
import type { Context } from 'hono';
import { PAYMENT_COLUMNS, type PaymentRow, toPaymentView } from '../../billing/payment-rows.ts';
import { libraryFor, tenantOf } from '../../catalog/access.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from '../../catalog/cursor.ts';
import type { Tx } from '../../db/types.ts';
import type { CloudEnv, RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, IdParam, json, Limit, router } from '../openapi.ts';
import { PaymentSchema } from './payments-schemas.ts';

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::int8`;

export const LibraryBooking = Booking.extend({
  memberName: z.string(),
  memberPhone: z.string(),
  seatNumber: z.string(),
  /** The owner's cancel the hub has not applied yet (ADR 0022), or null. */
  pendingCancelId: Id.nullable(),
}).openapi('LibraryBooking');
export const LibraryMember = Member.extend({
  activeMemberships: z.number().int(),
  bookings: z.number().int(),
}).openapi('LibraryMember');
export const LibraryPayment = PaymentSchema.extend({ memberName: z.string() }).openapi('LibraryPayment');

const BookingQuery = z.object({
  state: BookingState.optional(),
  /** Local dates of the library, inclusive: bookings starting on or after `from`… */
  from: LocalDate.optional(),
  /** …and on or before `to`. */
  to: LocalDate.optional(),
  limit: Limit,
  cursor: CursorQuery,
});
const MemberQuery = z.object({
  q: z.string().trim().max(100).optional(),
  limit: Limit,
  cursor: CursorQuery,
});
const PaymentQuery = z.object({
  status: PaymentSchema.shape.status.optional(),
  limit: Limit,
  cursor: CursorQuery,
});

const BOOKINGS = `SELECT b.id, b.library_id AS "libraryId", b.seat_id AS "seatId", b.member_id AS "memberId",
    ${ms('b.starts_at')} AS "startsAt", ${ms('b.ends_at')} AS "endsAt", b.shift_id AS "shiftId", b.state,
    b.source, b.membership_id AS "membershipId", b.amount_paise AS "amountPaise", b.tax_paise AS "taxPaise",
    ${ms('b.hold_expires_at')} AS "holdExpiresAt", ${ms('b.checked_in_at')} AS "checkedInAt",
    ${ms('b.checked_out_at')} AS "checkedOutAt", ${ms('b.created_at')} AS "createdAt",
    ${ms('b.updated_at')} AS "updatedAt", b.rev, m.name AS "memberName", m.phone AS "memberPhone",
    s.number AS "seatNumber",
    (SELECT c.id FROM hub_commands c WHERE c.tenant_id = b.tenant_id AND c.booking_id = b.id
        AND c.kind = 'booking.cancel' AND c.status = 'pending' LIMIT 1) AS "pendingCancelId"
  FROM bookings b
  JOIN libraries l ON l.tenant_id = b.tenant_id AND l.id = b.library_id
  JOIN members m ON m.tenant_id = b.tenant_id AND m.id = b.member_id
  JOIN seats s ON s.tenant_id = b.tenant_id AND s.id = b.seat_id
 WHERE b.library_id = $1 AND ($2::text IS NULL OR b.state = $2)
   AND ($3::date IS NULL OR b.starts_at >= ($3::date::timestamp AT TIME ZONE l.timezone))
   AND ($4::date IS NULL OR b.starts_at < (($4::date + 1)::timestamp AT TIME ZONE l.timezone))
   AND ($5::int8 IS NULL OR (${ms('b.starts_at')}, b.id) < ($5::int8, $6::uuid))
 ORDER BY ${ms('b.starts_at')} DESC, b.id DESC LIMIT $7`;

const MEMBERS = `SELECT m.id, m.library_id AS "libraryId", m.name, m.phone, m.email, m.status,
    ${ms('m.created_at')} AS "createdAt",
    (SELECT count(*)::int FROM memberships x WHERE x.tenant_id = m.tenant_id AND x.member_id = m.id
        AND x.status IN ('active', 'provisional') AND x.ends_on >= current_date) AS "activeMemberships",
    (SELECT count(*)::int FROM bookings b WHERE b.tenant_id = m.tenant_id AND b.member_id = m.id) AS bookings
  FROM members m
 WHERE m.library_id = $1
   AND ($2::text IS NULL OR strpos(lower(m.name), lower($2)) > 0 OR strpos(m.phone, $2) > 0)
   AND ($3::int8 IS NULL OR (${ms('m.created_at')}, m.id) < ($3::int8, $4::uuid))
 ORDER BY ${ms('m.created_at')} DESC, m.id DESC LIMIT $5`;

const PAYMENTS = `SELECT ${PAYMENT_COLUMNS.split(',')
  .map((c) => `p.${c.trim()}`)
  .join(', ')}, m.name AS member_name, ${ms('p.created_at')} AS created_ms
  FROM payments p JOIN members m ON m.tenant_id = p.tenant_id AND m.id = p.member_id
 WHERE p.library_id = $1 AND ($2::text IS NULL OR p.status = $2)
   AND ($3::int8 IS NULL OR (${ms('p.created_at')}, p.id) < ($3::int8, $4::uuid))
 ORDER BY ${ms('p.created_at')} DESC, p.id DESC LIMIT $5`;

const readers = { tags: ['manage'], security: bearer, middleware: [allow('owner', 'staff')] };

export function libraryActivityRoutes(d: RouteDeps) {
  const app = router();
  /** In the caller's tenant, after checking they may see the library (staff: only theirs). */
  const inLibrary = <T>(c: Context<CloudEnv>, libraryId: string, fn: (tx: Tx) => Promise<T>) =>
    d.db.tenant(tenantOf(principalOf(c)), async (tx) => {
      await libraryFor(tx, principalOf(c), libraryId);
      return fn(tx);
    });

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/libraries/{id}/bookings',
      request: { params: IdParam, query: BookingQuery },
      responses: { 200: json(PageOf(LibraryBooking, 'LibraryBookingPage'), 'Latest start first'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { state, from, to, limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['number', 'uuid']);
      const rows = await inLibrary(c, id, (tx) =>
        tx.query<z.infer<typeof LibraryBooking>>(BOOKINGS, [
          id,
          state ?? null,
          from ?? null,
          to ?? null,
          after?.[0] ?? null,
          after?.[1] ?? null,
          limit + 1,
        ]),
      );
      return c.json(
        pageOf(
          rows,
          limit,
          (r) => r,
          (r) => [r.startsAt, r.id],
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/libraries/{id}/members',
      request: { params: IdParam, query: MemberQuery },
      responses: { 200: json(PageOf(LibraryMember, 'LibraryMemberPage'), 'Newest first'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { q, limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['number', 'uuid']);
      const rows = await inLibrary(c, id, (tx) =>
        tx.query<z.infer<typeof LibraryMember>>(MEMBERS, [
          id,
          q || null,
          after?.[0] ?? null,
          after?.[1] ?? null,
          limit + 1,
        ]),
      );
      return c.json(
        pageOf(
          rows,
          limit,
          (r) => r,
          (r) => [r.createdAt, r.id],
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/libraries/{id}/payments',
      request: { params: IdParam, query: PaymentQuery },
      responses: { 200: json(PageOf(LibraryPayment, 'LibraryPaymentPage'), 'Newest first'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { status, limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['number', 'uuid']);
      const rows = await inLibrary(c, id, (tx) =>
        tx.query<PaymentRow & { member_name: string; created_ms: number }>(PAYMENTS, [
          id,
          status ?? null,
          after?.[0] ?? null,
          after?.[1] ?? null,
          limit + 1,
        ]),
      );
      return c.json(
        pageOf(
          rows,
          limit,
          (r) => ({ ...toPaymentView(r), memberName: r.member_name }),
          (r) => [r.created_ms, r.id],
        ),
        200,
      );
    },
  );

  return app;
}
