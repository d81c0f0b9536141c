/**
 * A student's remote booking request: checked here against what the cloud knows (the library's
 * hours and slot grid via core `resolveSlot`, the booking window and the seat's service state via
 * core `checkBooking` with no bookings — the seat itself is the hub's to decide, ARCHITECTURE §3)
 * and stored `pending` until the library's hub accepts or rejects it through sync. The student
 * becomes a member of the library on their first request (linked by account, or by phone to a
 * member the desk registered).
 *
 * On the request path (ADR 0017): one statement reads everything the checks need, one writes the
 * request (and the new member row with it); linking a desk-registered member adds an UPDATE.
 */
import {
  checkBooking,
  DomainError,
  resolveSlot,
  type Shift,
  type SlotRequest,
  toError,
} from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/types.ts';
import { notFound } from './access.ts';
import { LIBRARY_COLUMNS, type LibraryRow, SHIFT_COLUMNS, toLibrary } from './rows.ts';

export interface NewRequest {
  libraryId: string;
  seatId?: string | undefined;
  zoneId?: string | undefined;
  slot: SlotRequest;
}

export const REQUEST_COLUMNS = `r.id, r.library_id AS "libraryId", r.seat_id AS "seatId", r.zone_id AS "zoneId", r.slot,
  (extract(epoch FROM r.starts_at) * 1000)::int8 AS "startsAt", (extract(epoch FROM r.ends_at) * 1000)::int8 AS "endsAt",
  r.status, r.reason, r.booking_id AS "bookingId", (extract(epoch FROM r.created_at) * 1000)::int8 AS "createdAt",
  (extract(epoch FROM r.decided_at) * 1000)::int8 AS "decidedAt"`;

export interface BookingRequestRow {
  id: string;
  libraryId: string;
  seatId: string | null;
  zoneId: string | null;
  slot: SlotRequest;
  startsAt: number;
  endsAt: number;
  status: 'pending' | 'accepted' | 'rejected' | 'cancelled' | 'expired';
  reason: string | null;
  bookingId: string | null;
  createdAt: number;
  decidedAt: number | null;
}

export interface RequestContextRow extends LibraryRow {
  shifts: Shift[];
  seat: { id: string; status: 'active' | 'out_of_service' } | null;
  zone_found: boolean;
  account: { name: string; phone: string | null } | null;
  member: { id: string; user_id: string | null; status: string } | null;
}

/**
 * Everything a request (or a waitlist join, ADR 0026) is checked against, in one statement (ADR
 * 0017): the published library and its shifts, the seat (or whether the zone is there), the
 * student's account and their member row at the library (linked by account, else by phone, the
 * linked one first).
 * $1 library, $2 seat, $3 zone, $4 user.
 */
const CONTEXT_SQL = `SELECT ${LIBRARY_COLUMNS},
  coalesce((SELECT json_agg(sh) FROM (SELECT ${SHIFT_COLUMNS} FROM shifts
    WHERE tenant_id = libraries.tenant_id AND library_id = libraries.id) sh), '[]'::json) AS shifts,
  (SELECT row_to_json(st) FROM (SELECT id, status FROM seats
    WHERE tenant_id = libraries.tenant_id AND id = $2::uuid AND library_id = libraries.id) st) AS seat,
  EXISTS (SELECT 1 FROM zones WHERE tenant_id = libraries.tenant_id AND id = $3::uuid
    AND library_id = libraries.id) AS zone_found,
  (SELECT row_to_json(u) FROM (SELECT name, phone FROM users WHERE id = $4::uuid) u) AS account,
  (SELECT row_to_json(m) FROM (SELECT id, user_id, status FROM members
    WHERE tenant_id = libraries.tenant_id AND library_id = libraries.id
      AND (user_id = $4::uuid OR phone = (SELECT phone FROM users WHERE id = $4::uuid))
    ORDER BY (user_id IS NOT DISTINCT FROM $4::uuid) DESC LIMIT 1) m) AS member
FROM libraries WHERE id = $1::uuid AND published`;

export async function requestContext(
  tx: Tx,
  input: Omit<NewRequest, 'slot'>,
  userId: string,
): Promise<RequestContextRow> {
  const [row] = await tx.query<RequestContextRow>(
    CONTEXT_SQL,
    [input.libraryId, input.seatId ?? null, input.zoneId ?? null, userId],
    { prepare: true },
  );
  if (!row) throw notFound('library', 'libraryId');
  return row;
}

/** The seat's service state (or, for a zone request, an active stand-in), after checking it is here. */
function placeOf(
  input: NewRequest,
  ctx: RequestContextRow,
): { id: string; status: 'active' | 'out_of_service' } {
  if (input.seatId) {
    if (!ctx.seat) throw notFound('seat', 'seatId');
    return ctx.seat;
  }
  if (!ctx.zone_found) throw notFound('zone', 'zoneId');
  return { id: input.zoneId ?? '', status: 'active' };
}

/** The student's member row: an existing one (to link to the account or not), or a new one. */
export type MemberPlan =
  | { kind: 'existing'; id: string; link: boolean }
  | { kind: 'new'; id: string; name: string; phone: string };

export function memberPlan(ctx: RequestContextRow, userId: string): MemberPlan {
  const { account, member } = ctx;
  if (!account?.phone)
    throw new DomainError('forbidden', 'a student account with a phone number is required');
  if (member && member.user_id !== null && member.user_id !== userId)
    throw new DomainError('conflict', 'this phone number belongs to another member here', { field: 'phone' });
  if (member?.status === 'blocked')
    throw new DomainError('member_banned', 'the library has blocked this member');
  if (member) return { kind: 'existing', id: member.id, link: member.user_id === null };
  return { kind: 'new', id: uuidv7(), name: account.name || 'Student', phone: account.phone };
}

// $1 tenant, $2 id, $3 library, $4 member, $5 requested by, $6 seat, $7 zone, $8 slot, $9 starts, $10 ends
const INSERT_REQUEST = `INSERT INTO booking_requests AS r (tenant_id, id, library_id, member_id, requested_by,
  seat_id, zone_id, slot, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  RETURNING ${REQUEST_COLUMNS}`;

/** The same insert behind a new member row, in one statement ($11 name, $12 phone). */
const INSERT_MEMBER_AND_REQUEST = `WITH member AS (
  INSERT INTO members (tenant_id, id, library_id, user_id, name, phone) VALUES ($1, $4, $3, $5, $11, $12)
)
${INSERT_REQUEST}`;

/**
 * Validates and stores one request; throws the first violation as a DomainError. With
 * `commit: true` the insert is the transaction's last statement and commits with it (its writes
 * hold the sync log's lock: ADR 0017) — pass it unless the caller writes more after it.
 */
export async function createBookingRequest(
  tx: Tx,
  tenantId: string,
  userId: string,
  input: NewRequest,
  now: number,
  options: { commit?: boolean } = {},
): Promise<BookingRequestRow> {
  const ctx = await requestContext(tx, input, userId);
  const library = toLibrary(ctx);
  const resolved = resolveSlot(input.slot, library, ctx.shifts);
  if (!resolved.ok) throw toError([resolved.violation]);
  const seat = placeOf(input, ctx);
  const context = { library, seatBookings: [], memberBookings: [], noShowStarts: [] };
  const violations = checkBooking(
    { seat, memberId: userId, interval: resolved.interval },
    context,
    ctx.policy,
    now,
  );
  const error = toError(violations);
  if (error) throw error;
  const member = memberPlan(ctx, userId);
  if (member.kind === 'existing' && member.link)
    await tx.query('UPDATE members SET user_id = $2 WHERE id = $1', [member.id, userId]);
  const params = [
    tenantId,
    uuidv7(),
    input.libraryId,
    member.id,
    userId,
    input.seatId ?? null,
    input.zoneId ?? null,
    input.slot,
    new Date(resolved.interval.startsAt).toISOString(),
    new Date(resolved.interval.endsAt).toISOString(),
  ];
  const write = { prepare: true, commit: options.commit === true };
  const [row] =
    member.kind === 'new'
      ? await tx.query<BookingRequestRow>(
          INSERT_MEMBER_AND_REQUEST,
          [...params, member.name, member.phone],
          write,
        )
      : await tx.query<BookingRequestRow>(INSERT_REQUEST, params, write);
  if (!row) throw new Error('INSERT returned no row');
  return row;
}
