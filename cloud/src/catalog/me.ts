/**
 * A student's own rows across every tenant, read in one user-scoped transaction (`Database.user`,
 * the `self_read` policies of ADR 0011): booking requests, bookings and memberships of the members
 * linked to their account, newest id first, keyset-paged by id.
 */
import type { Tx } from '../db/types.ts';
import { REQUEST_COLUMNS } from './booking-requests.ts';
import { decodeCursor, type Page, pageOf } from './cursor.ts';

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::int8`;

const LISTS = {
  requests: `SELECT ${REQUEST_COLUMNS}, l.name AS "libraryName" FROM booking_requests r
    LEFT JOIN libraries l ON l.tenant_id = r.tenant_id AND l.id = r.library_id`,
  bookings: `SELECT r.id, r.library_id AS "libraryId", l.name AS "libraryName", r.seat_id AS "seatId",
      s.number AS "seatNumber", r.member_id AS "memberId", ${ms('r.starts_at')} AS "startsAt",
      ${ms('r.ends_at')} AS "endsAt", r.shift_id AS "shiftId", r.state, r.source,
      r.membership_id AS "membershipId", r.amount_paise AS "amountPaise", r.tax_paise AS "taxPaise",
      ${ms('r.hold_expires_at')} AS "holdExpiresAt", ${ms('r.checked_in_at')} AS "checkedInAt",
      ${ms('r.checked_out_at')} AS "checkedOutAt", ${ms('r.created_at')} AS "createdAt",
      ${ms('r.updated_at')} AS "updatedAt", r.rev
    FROM bookings r LEFT JOIN libraries l ON l.tenant_id = r.tenant_id AND l.id = r.library_id
    LEFT JOIN seats s ON s.tenant_id = r.tenant_id AND s.id = r.seat_id`,
  memberships: `SELECT r.id, r.library_id AS "libraryId", l.name AS "libraryName", r.member_id AS "memberId",
      r.plan_id AS "planId", r.shift_id AS "shiftId", r.zone_id AS "zoneId",
      to_char(r.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(r.ends_on, 'YYYY-MM-DD') AS "endsOn", r.status,
      ${ms('r.created_at')} AS "createdAt"
    FROM memberships r LEFT JOIN libraries l ON l.tenant_id = r.tenant_id AND l.id = r.library_id`,
} as const;

export type MyList = keyof typeof LISTS;

export async function myRows<R extends { id: string }>(
  tx: Tx,
  list: MyList,
  limit: number,
  cursor: string | undefined,
): Promise<Page<R>> {
  const before = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
  const rows = await tx.query<R>(
    `${LISTS[list]} WHERE ($1::uuid IS NULL OR r.id < $1) ORDER BY r.id DESC LIMIT $2`,
    [before, limit + 1],
  );
  return pageOf(
    rows,
    limit,
    (r) => r,
    (r) => [r.id],
  );
}
