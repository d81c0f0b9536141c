/**
 * A student's remote booking request: checked here against what the cloud knows (the library's
 * hours and slot grid via core `resolveSlot`, the booking window and the seat's service state via
 * core `checkBooking` with no bookings — the seat itself is the hub's to decide, ARCHITECTURE §3)
 * and stored `pending` until the library's hub accepts or rejects it through sync. The student
 * becomes a member of the library on their first request (linked by account, or by phone to a
 * member the desk registered).
 */
import {
  checkBooking,
  DomainError,
  type Library,
  type Policy,
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

async function libraryOf(
  tx: Tx,
  libraryId: string,
): Promise<{ library: Library; policy: Policy; shifts: Shift[] }> {
  const [row] = await tx.query<LibraryRow>(
    `SELECT ${LIBRARY_COLUMNS} FROM libraries WHERE id = $1 AND published`,
    [libraryId],
  );
  if (!row) throw notFound('library', 'libraryId');
  const shifts = await tx.query<Shift>(`SELECT ${SHIFT_COLUMNS} FROM shifts WHERE library_id = $1`, [
    libraryId,
  ]);
  return { library: toLibrary(row), policy: row.policy, shifts };
}

/** The seat's service state (or, for a zone request, an active stand-in), after checking it is here. */
async function placeOf(
  tx: Tx,
  input: NewRequest,
): Promise<{ id: string; status: 'active' | 'out_of_service' }> {
  if (input.seatId) {
    const [seat] = await tx.query<{ id: string; status: 'active' | 'out_of_service' }>(
      'SELECT id, status FROM seats WHERE id = $1 AND library_id = $2',
      [input.seatId, input.libraryId],
    );
    if (!seat) throw notFound('seat', 'seatId');
    return seat;
  }
  const zones = await tx.query('SELECT 1 FROM zones WHERE id = $1 AND library_id = $2', [
    input.zoneId,
    input.libraryId,
  ]);
  if (zones.length === 0) throw notFound('zone', 'zoneId');
  return { id: input.zoneId ?? '', status: 'active' };
}

/** The student's member row at the library, created or linked on first use. */
export async function memberFor(
  tx: Tx,
  tenantId: string,
  libraryId: string,
  userId: string,
): Promise<string> {
  const [user] = await tx.query<{ name: string; phone: string | null }>(
    'SELECT name, phone FROM users WHERE id = $1',
    [userId],
  );
  if (!user?.phone) throw new DomainError('forbidden', 'a student account with a phone number is required');
  const [member] = await tx.query<{ id: string; user_id: string | null; status: string }>(
    `SELECT id, user_id, status FROM members WHERE library_id = $1 AND (user_id = $2 OR phone = $3)
      ORDER BY (user_id IS NOT DISTINCT FROM $2) DESC LIMIT 1`,
    [libraryId, userId, user.phone],
  );
  if (member && member.user_id !== null && member.user_id !== userId)
    throw new DomainError('conflict', 'this phone number belongs to another member here', { field: 'phone' });
  if (member?.status === 'blocked')
    throw new DomainError('member_banned', 'the library has blocked this member');
  if (member) {
    if (member.user_id === null)
      await tx.query('UPDATE members SET user_id = $2 WHERE id = $1', [member.id, userId]);
    return member.id;
  }
  const id = uuidv7();
  await tx.query(
    `INSERT INTO members (tenant_id, id, library_id, user_id, name, phone) VALUES ($1, $2, $3, $4, $5, $6)`,
    [tenantId, id, libraryId, userId, user.name || 'Student', user.phone],
  );
  return id;
}

/** Validates and stores one request; throws the first violation as a DomainError. */
export async function createBookingRequest(
  tx: Tx,
  tenantId: string,
  userId: string,
  input: NewRequest,
  now: number,
): Promise<BookingRequestRow> {
  const { library, policy, shifts } = await libraryOf(tx, input.libraryId);
  const resolved = resolveSlot(input.slot, library, shifts);
  if (!resolved.ok) throw toError([resolved.violation]);
  const seat = await placeOf(tx, input);
  const context = { library, seatBookings: [], memberBookings: [], noShowStarts: [] };
  const violations = checkBooking(
    { seat, memberId: userId, interval: resolved.interval },
    context,
    policy,
    now,
  );
  const error = toError(violations);
  if (error) throw error;
  const memberId = await memberFor(tx, tenantId, input.libraryId, userId);
  const [row] = await tx.query<BookingRequestRow>(
    `INSERT INTO booking_requests AS r (tenant_id, id, library_id, member_id, requested_by, seat_id, zone_id, slot,
       starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${REQUEST_COLUMNS}`,
    [
      tenantId,
      uuidv7(),
      input.libraryId,
      memberId,
      userId,
      input.seatId ?? null,
      input.zoneId ?? null,
      input.slot,
      new Date(resolved.interval.startsAt).toISOString(),
      new Date(resolved.interval.endsAt).toISOString(),
    ],
  );
  if (!row) throw new Error('INSERT returned no row');
  return row;
}
