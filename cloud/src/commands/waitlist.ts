/**
 * The student's side of the waitlist in the cloud (ADR 0026). The hub owns the waitlist, so joining,
 * leaving and accepting are hub commands (issue.ts) whose subject is the entry; until the hub
 * answers, the student sees them pending. Their list merges the entries the hubs mirrored up
 * (`waitlist_entries`) with the joins no hub has applied yet:
 *
 *   joining ──hub applies──▶ waiting ──a seat frees──▶ offered ──accept, or pay──▶ accepted
 *      └──hub refuses──▶ refused(code)        │           └──offer lapses──▶ expired (next in line)
 *                              leave ─────────┴───────────────────────────▶ left
 *
 * A join is checked here against what the cloud knows (the library's hours and slot grid, its
 * booking window — as a booking request is) and registers the student as a member of the library
 * on their first visit, like a request.
 */
import {
  checkBooking,
  DomainError,
  resolveSlot,
  type SlotRequest,
  toError,
  type WaitlistItem,
} from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import { notFound } from '../catalog/access.ts';
import { memberPlan, requestContext } from '../catalog/booking-requests.ts';
import { decodeCursor, type Page, pageOf } from '../catalog/cursor.ts';
import { toLibrary } from '../catalog/rows.ts';
import type { Database, Tx } from '../db/types.ts';
import { commandView, type HubCommand, issueCommand } from './issue.ts';

export interface NewJoin {
  libraryId: string;
  zoneId: string | null;
  slot: SlotRequest;
}

/** Validates a join and writes its `waitlist.join` command (and the member row, on a first visit). */
export async function joinWaitlist(
  tx: Tx,
  tenantId: string,
  userId: string,
  input: NewJoin,
  now: number,
): Promise<HubCommand> {
  const ctx = await requestContext(
    tx,
    { libraryId: input.libraryId, zoneId: input.zoneId ?? undefined },
    userId,
  );
  if (input.zoneId !== null && !ctx.zone_found) throw notFound('zone', 'zoneId');
  const library = toLibrary(ctx);
  const resolved = resolveSlot(input.slot, library, ctx.shifts);
  if (!resolved.ok) throw toError([resolved.violation]);
  const context = { library, seatBookings: [], memberBookings: [], noShowStarts: [] };
  const place = { id: input.zoneId ?? input.libraryId, status: 'active' as const };
  const refused = toError(
    checkBooking({ seat: place, memberId: userId, interval: resolved.interval }, context, ctx.policy, now),
  );
  if (refused) throw refused;
  const member = memberPlan(ctx, userId);
  if (member.kind === 'new')
    await tx.query(
      'INSERT INTO members (tenant_id, id, library_id, user_id, name, phone) VALUES ($1, $2, $3, $4, $5, $6)',
      [tenantId, member.id, input.libraryId, userId, member.name, member.phone],
    );
  else if (member.link) await tx.query('UPDATE members SET user_id = $2 WHERE id = $1', [member.id, userId]);
  const { startsAt, endsAt } = resolved.interval;
  const joined = await issueCommand(
    tx,
    {
      tenantId,
      libraryId: input.libraryId,
      kind: 'waitlist.join',
      bookingId: uuidv7(), // the entry the hub will create under this id
      payload: { memberId: member.id, zoneId: input.zoneId, slot: input.slot, startsAt, endsAt },
      requestedBy: userId,
    },
    now,
  );
  return commandView(joined);
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::int8`;

/**
 * The student's entries and not-yet-applied joins, as one relation (in a user-scoped transaction,
 * `self_read` of migration 490). $1 is the user.
 */
const ITEMS = `WITH joins AS (
  SELECT c.tenant_id, c.booking_id AS id, c.library_id, c.payload, c.status, c.code, c.created_at
    FROM hub_commands c WHERE c.kind = 'waitlist.join' AND c.requested_by = $1
), items AS (
  SELECT e.tenant_id, e.id, e.library_id, e.zone_id, e.starts_at, e.ends_at, e.state, e.offered_seat_id,
         e.offer_expires_at, e.booking_id, e.created_at
    FROM waitlist_entries e
  UNION ALL
  SELECT j.tenant_id, j.id, j.library_id, (j.payload->>'zoneId')::uuid,
         to_timestamp((j.payload->>'startsAt')::float8 / 1000), to_timestamp((j.payload->>'endsAt')::float8 / 1000),
         CASE WHEN j.status = 'rejected' THEN 'refused' ELSE 'joining' END, NULL, NULL, NULL, j.created_at
    FROM joins j
   WHERE NOT EXISTS (SELECT 1 FROM waitlist_entries e WHERE e.tenant_id = j.tenant_id AND e.id = j.id)
)`;

const LIST = `${ITEMS}
SELECT i.tenant_id AS "tenantId", i.id, i.library_id AS "libraryId", l.name AS "libraryName", i.zone_id AS "zoneId", z.name AS "zoneName",
       ${ms('i.starts_at')} AS "startsAt", ${ms('i.ends_at')} AS "endsAt", i.state,
       (SELECT c.code FROM hub_commands c WHERE c.tenant_id = i.tenant_id AND c.booking_id = i.id
           AND c.status = 'rejected' ORDER BY c.decided_at DESC LIMIT 1) AS code,
       s.number AS "seatNumber", ${ms('i.offer_expires_at')} AS "offerExpiresAt", i.booking_id AS "bookingId",
       b.state AS "bookingState", (b.amount_paise + b.tax_paise) AS "pricePaise",
       coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'createdAt', ${ms('c.created_at')})
                   ORDER BY c.created_at)
                  FROM hub_commands c WHERE c.tenant_id = i.tenant_id AND c.booking_id = i.id
                   AND c.status = 'pending'), '[]'::json) AS pending,
       ${ms('i.created_at')} AS "createdAt"
  FROM items i
  LEFT JOIN libraries l ON l.tenant_id = i.tenant_id AND l.id = i.library_id
  LEFT JOIN zones z ON z.tenant_id = i.tenant_id AND z.id = i.zone_id
  LEFT JOIN seats s ON s.tenant_id = i.tenant_id AND s.id = i.offered_seat_id
  LEFT JOIN bookings b ON b.tenant_id = i.tenant_id AND b.id = i.booking_id`;

type Numbered = Omit<
  WaitlistItem,
  'startsAt' | 'endsAt' | 'offerExpiresAt' | 'pricePaise' | 'createdAt' | 'ahead'
> &
  Record<'startsAt' | 'endsAt' | 'createdAt', string> &
  Record<'offerExpiresAt' | 'pricePaise', string | null> & { tenantId: string };

type Owned = WaitlistItem & { tenantId: string };

const toItem = (r: Numbered): Owned => ({
  ...r,
  ahead: null,
  startsAt: Number(r.startsAt),
  endsAt: Number(r.endsAt),
  offerExpiresAt: r.offerExpiresAt === null ? null : Number(r.offerExpiresAt),
  pricePaise: r.pricePaise === null ? null : Number(r.pricePaise),
  createdAt: Number(r.createdAt),
  pending: r.pending.map((p) => ({ ...p, createdAt: Number(p.createdAt) })),
});

/**
 * How many waiting entries the hub would offer a freed seat to before each of these: core's
 * `waitlistQueue` order (joined earlier, then id) among entries of the same library whose time
 * overlaps and whose zone can compete (the same zone, or either waits for any zone). A count over
 * other members' entries, so it is read tenant-scoped and only the number leaves.
 */
const AHEAD = `SELECT e.id, (SELECT count(*) FROM waitlist_entries o
   WHERE o.tenant_id = e.tenant_id AND o.library_id = e.library_id AND o.state = 'waiting'
     AND o.starts_at < e.ends_at AND o.ends_at > e.starts_at
     AND (o.zone_id IS NULL OR e.zone_id IS NULL OR o.zone_id = e.zone_id)
     AND (o.created_at, o.id) < (e.created_at, e.id))::int AS ahead
  FROM waitlist_entries e WHERE e.id = ANY($1::uuid[])`;

async function withPlacesInLine(db: Database, items: Owned[]): Promise<WaitlistItem[]> {
  const waiting = new Map<string, string[]>();
  for (const item of items)
    if (item.state === 'waiting')
      waiting.set(item.tenantId, [...(waiting.get(item.tenantId) ?? []), item.id]);
  const ahead = new Map<string, number>();
  for (const [tenantId, ids] of waiting) {
    const rows = await db.tenant(tenantId, (tx) => tx.query<{ id: string; ahead: number }>(AHEAD, [ids]));
    for (const row of rows) ahead.set(row.id, Number(row.ahead));
  }
  return items.map(({ tenantId: _, ...item }) => ({ ...item, ahead: ahead.get(item.id) ?? null }));
}

/** The student's waitlist, newest first, keyset-paged by id (entry ids are time-ordered v7). */
export async function myWaitlist(
  db: Database,
  userId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<WaitlistItem>> {
  const before = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
  const page = await db.user(userId, async (tx) =>
    pageOf(
      await tx.query<Numbered>(`${LIST} WHERE ($2::uuid IS NULL OR i.id < $2) ORDER BY i.id DESC LIMIT $3`, [
        userId,
        before,
        limit + 1,
      ]),
      limit,
      toItem,
      (r) => [r.id],
    ),
  );
  return { ...page, items: await withPlacesInLine(db, page.items) };
}

/** One of the student's items (user-scoped read), or 404. */
export async function myItem(tx: Tx, userId: string, id: string): Promise<Owned> {
  const [row] = await tx.query<Numbered>(`${LIST} WHERE i.id = $2`, [userId, id]);
  if (!row) throw notFound('waitlist entry', 'id');
  return toItem(row);
}

/** Leave: a waiting or offered entry, or a join still on its way (the hub applies both in order). */
export async function leaveCommand(tx: Tx, item: Owned, userId: string, now: number): Promise<HubCommand> {
  if (!['joining', 'waiting', 'offered'].includes(item.state))
    throw new DomainError('invalid_transition', `a ${item.state} waitlist entry cannot be left`, {
      field: 'id',
    });
  const command = { ...subject(item), kind: 'waitlist.leave' as const, payload: {}, requestedBy: userId };
  return commandView(await issueCommand(tx, command, now));
}

/**
 * Accept a live offer that costs nothing (a membership covers it); an offer with a price is
 * accepted by paying for its hold (payments, purpose `booking`), whose capture confirms it.
 */
export async function acceptCommand(tx: Tx, item: Owned, userId: string, now: number): Promise<HubCommand> {
  const live = item.state === 'offered' && item.offerExpiresAt !== null && item.offerExpiresAt > now;
  if (!live) throw new DomainError('offer_expired', 'there is no live offer on this entry', { field: 'id' });
  if (item.pricePaise === null || item.pricePaise > 0)
    throw new DomainError('payment_required', 'pay for the offer to accept it', {
      field: 'id',
      amountPaise: item.pricePaise,
      bookingId: item.bookingId,
    });
  const command = { ...subject(item), kind: 'waitlist.accept' as const, payload: {}, requestedBy: userId };
  return commandView(await issueCommand(tx, command, now));
}

const subject = (item: Owned) => ({
  tenantId: item.tenantId,
  libraryId: item.libraryId,
  bookingId: item.id,
});
