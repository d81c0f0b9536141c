/**
 * Cancelling a booking from the cloud (ADR 0022): the owner from the portal, the student from the
 * app. The booking is the hub's, so the answer is `202` with a `pending` command that the library's
 * hub applies when it next hears from the cloud; the refund follows once it has (billing's
 * `hub outcomes` task). Owners and staff list a library's commands to see what is still waiting.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, Id } from '@studyspot/core';
import { libraryFor, notFound, tenantOf } from '../../catalog/access.ts';
import { recordAudit } from '../../catalog/audit.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from '../../catalog/cursor.ts';
import { COMMAND_COLUMNS, commandKinds, type HubCommand, issueCommand } from '../../commands/issue.ts';
import type { Tx } from '../../db/types.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, router } from '../openapi.ts';

export const Command = z
  .object({
    id: Id,
    libraryId: Id,
    kind: z.enum(commandKinds),
    /** The subject: the booking, or for `waitlist.*` the waitlist entry (ADR 0026). */
    bookingId: Id,
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(['pending', 'applied', 'rejected']),
    code: z.string().nullable(),
    createdAt: z.number(),
    decidedAt: z.number().nullable(),
  })
  .openapi('HubCommand');

const OwnerCancel = z
  .object({
    reason: z.string().trim().min(1).max(200),
    refund: z.enum(['policy', 'full', 'none']).default('policy'),
  })
  .openapi('OwnerCancel');

const LibraryBooking = z.object({ libraryId: Id, bookingId: Id });
const ListQuery = z.object({
  status: z.enum(['pending', 'applied', 'rejected']).optional(),
  limit: Limit,
  cursor: CursorQuery,
});

const toCommand = (row: HubCommand) => ({
  ...row,
  createdAt: Number(row.createdAt),
  decidedAt: row.decidedAt === null ? null : Number(row.decidedAt),
});

/** A booking that can still be cancelled, or 404 / 409. */
async function cancellable(tx: Tx, bookingId: string, where: string, params: unknown[]) {
  const [booking] = await tx.query<{ tenant_id: string; library_id: string; state: string }>(
    `SELECT b.tenant_id, b.library_id, b.state FROM bookings b WHERE b.id = $1 ${where}`,
    [bookingId, ...params],
  );
  if (!booking) throw notFound('booking', 'bookingId');
  if (!['held', 'confirmed'].includes(booking.state))
    throw new DomainError('invalid_transition', `a ${booking.state} booking cannot be cancelled`, {
      field: 'bookingId',
    });
  return booking;
}

export function hubCommandRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      tags: ['bookings'],
      security: bearer,
      middleware: [allow('owner')],
      method: 'post',
      path: '/libraries/{libraryId}/bookings/{bookingId}/cancel',
      request: { params: LibraryBooking, body: body(OwnerCancel) },
      responses: { 202: json(Command, 'The cancel, pending until the hub applies it'), ...errors },
    }),
    async (c) => {
      const { libraryId, bookingId } = c.req.valid('param');
      const { reason, refund } = c.req.valid('json');
      const principal = principalOf(c);
      const tenantId = tenantOf(principal);
      const command = await d.db.tenant(tenantId, async (tx) => {
        await libraryFor(tx, principal, libraryId);
        await cancellable(tx, bookingId, 'AND b.library_id = $2', [libraryId]);
        const issued = await issueCommand(
          tx,
          {
            tenantId,
            libraryId,
            kind: 'booking.cancel',
            bookingId,
            payload: { refund, reason },
            requestedBy: principal.userId,
          },
          d.now(),
        );
        await recordAudit(c, tx, {
          tenantId,
          action: 'booking.cancel_requested',
          targetType: 'booking',
          targetId: bookingId,
          detail: { reason, refund, commandId: issued.id },
        });
        return issued;
      });
      return c.json(toCommand(command), 202);
    },
  );

  app.openapi(
    createRoute({
      tags: ['students'],
      security: bearer,
      middleware: [allow('student')],
      method: 'post',
      path: '/me/bookings/{id}/cancel',
      request: { params: IdParam },
      responses: { 202: json(Command, 'The cancel, pending until the hub applies it'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { userId } = principalOf(c);
      const [found] = await d.db.user(userId, (tx) =>
        tx.query<{ tenant_id: string }>('SELECT tenant_id FROM bookings WHERE id = $1', [id]),
      );
      if (!found) throw notFound('booking', 'id');
      const command = await d.db.tenantAsUser(found.tenant_id, userId, async (tx) => {
        const booking = await cancellable(
          tx,
          id,
          'AND b.member_id IN (SELECT m.id FROM members m WHERE m.user_id = $2)',
          [userId],
        );
        return issueCommand(
          tx,
          {
            tenantId: booking.tenant_id,
            libraryId: booking.library_id,
            kind: 'booking.cancel',
            bookingId: id,
            payload: { refund: 'policy', reason: 'cancelled by the student' },
            requestedBy: userId,
          },
          d.now(),
        );
      });
      return c.json(toCommand(command), 202);
    },
  );

  app.openapi(
    createRoute({
      tags: ['bookings'],
      security: bearer,
      middleware: [allow('owner', 'staff')],
      method: 'get',
      path: '/libraries/{id}/commands',
      request: { params: IdParam, query: ListQuery },
      responses: { 200: json(PageOf(Command, 'HubCommandPage'), 'Newest first'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { status, limit, cursor } = c.req.valid('query');
      const principal = principalOf(c);
      const after = decodeCursor(cursor, ['number', 'uuid']);
      const rows = await d.db.tenant(tenantOf(principal), async (tx) => {
        await libraryFor(tx, principal, id);
        return tx.query<HubCommand>(
          `SELECT ${COMMAND_COLUMNS} FROM hub_commands WHERE library_id = $1 AND ($2::text IS NULL OR status = $2)
              AND ($3::float8 IS NULL OR (created_at, id) < (to_timestamp($3 / 1000), $4::uuid))
            ORDER BY created_at DESC, id DESC LIMIT $5`,
          [id, status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
        );
      });
      const page = pageOf(rows, limit, toCommand, (r) => [Number(r.createdAt), r.id]);
      return c.json(page, 200);
    },
  );

  return app;
}
