/**
 * What a student hears when a hub reports a fact about them (ADR 0026), enqueued in the intake's
 * own transaction so the message exists exactly when the fact does:
 * - a waitlist entry arrives `offered` → `waitlist_offer`, with the seat and the deadline;
 * - a booking they asked for from the cloud becomes `confirmed` — a request accepted and confirmed
 *   at once, a payment's `booking.confirm` or a free offer's `waitlist.accept` applied →
 *   `booking_confirmed`;
 * - a remote request the hub refused → `booking_request_rejected` (a paid one is refunded in full by
 *   the hub-outcomes task, which the message says);
 * - a booking arriving `no_show` → `no_show_warning`, with the member's strikes in the policy's
 *   window ([BOOK-11]), so a student knows before the strikes pause their booking;
 * - an owner's `booking.cancel` applied to a student's booking → `booking_cancelled` (a student who
 *   cancelled it themselves has already seen the result in the app).
 * Only members linked to an account hear anything (a desk-registered walk-in has no account).
 * Message ids are derived from the offer's hold and the booking (messaging/notify.ts), so a
 * re-delivered upsert or answer is still one message. notify() picks the channel, not this file.
 *
 * For the multi-row intake path: call `waitlistNotices(tx, hub, ids)` once per batch, after the
 * `waitlist_entries` rows are written, with the id of every entry the batch wrote (duplicates are
 * fine); it reads the stored rows, so an older echo that the rev guard kept out notifies nothing.
 */
import type { Tx } from '../db/types.ts';
import {
  notifyBookingCancelled,
  notifyBookingConfirmed,
  notifyNoShowWarning,
  notifyRequestRejected,
  notifyWaitlistOffer,
} from '../messaging/notify.ts';
import type { HubIdentity } from './types.ts';

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::int8`;

interface Addressee {
  user_id: string;
  library_name: string;
  timezone: string;
  seat_number: string | null;
}

/**
 * The joins that find who to tell about row `t` (a booking, request or waitlist entry): its
 * member's account — none for a desk-registered walk-in, so the row drops out — and its library.
 * Select `m.user_id, l.name AS library_name, l.timezone` with it.
 */
const addresseeOf = (t: string) =>
  `JOIN members m ON m.tenant_id = ${t}.tenant_id AND m.id = ${t}.member_id AND m.user_id IS NOT NULL
       JOIN libraries l ON l.tenant_id = ${t}.tenant_id AND l.id = ${t}.library_id`;

const targetOf = (tenantId: string, row: Pick<Addressee, 'user_id' | 'timezone'>) => ({
  tenantId,
  userId: row.user_id,
  timeZone: row.timezone,
});

interface OfferRow extends Addressee {
  id: string;
  booking_id: string | null;
  starts_at: string;
  offer_expires_at: string;
}

/** Notifies the students whose entries among `entryIds` now stand `offered`. */
export async function waitlistNotices(
  tx: Tx,
  hub: HubIdentity,
  entryIds: readonly string[],
  now = Date.now(),
): Promise<void> {
  if (entryIds.length === 0) return;
  const offers = await tx.query<OfferRow>(
    `SELECT e.id, e.booking_id, ${ms('e.starts_at')} AS starts_at, ${ms('e.offer_expires_at')} AS offer_expires_at,
            m.user_id, l.name AS library_name, l.timezone, s.number AS seat_number
       FROM waitlist_entries e
       ${addresseeOf('e')}
       LEFT JOIN seats s ON s.tenant_id = e.tenant_id AND s.id = e.offered_seat_id
      WHERE e.tenant_id = $1 AND e.id = ANY($2::uuid[]) AND e.state = 'offered' AND e.offer_expires_at IS NOT NULL`,
    [hub.tenantId, [...new Set(entryIds)]],
  );
  for (const o of offers) {
    const target = targetOf(hub.tenantId, o);
    const vars = {
      libraryName: o.library_name,
      seatLabel: o.seat_number ?? '',
      startsAt: Number(o.starts_at),
      offerExpiresAt: Number(o.offer_expires_at),
    };
    // each offer is its own hold: the same entry offered again later would be a new message
    await notifyWaitlistOffer(tx, target, o.booking_id ?? o.id, vars, now);
  }
}

interface NoShowRow extends Omit<Addressee, 'seat_number'> {
  id: string;
  starts_at: string;
  strikes: number;
  max_strikes: number;
}

/** Warns the students whose bookings among `bookingIds` now stand `no_show`. */
export async function noShowNotices(
  tx: Tx,
  hub: HubIdentity,
  bookingIds: readonly string[],
  now = Date.now(),
): Promise<void> {
  if (bookingIds.length === 0) return;
  const missed = await tx.query<NoShowRow>(
    `SELECT b.id, ${ms('b.starts_at')} AS starts_at, m.user_id, l.name AS library_name, l.timezone,
            coalesce((l.policy #>> '{noShowStrikes,count}')::int, 3) AS max_strikes,
            (SELECT count(*)::int FROM bookings p
              WHERE p.tenant_id = b.tenant_id AND p.member_id = b.member_id AND p.state = 'no_show'
                AND p.starts_at <= b.starts_at
                AND p.starts_at > b.starts_at - make_interval(
                      days => coalesce((l.policy #>> '{noShowStrikes,windowDays}')::int, 30))) AS strikes
       FROM bookings b
       ${addresseeOf('b')}
      WHERE b.tenant_id = $1 AND b.id = ANY($2::uuid[]) AND b.state = 'no_show'`,
    [hub.tenantId, [...new Set(bookingIds)]],
  );
  for (const b of missed) {
    const target = targetOf(hub.tenantId, b);
    const vars = {
      libraryName: b.library_name,
      startsAt: Number(b.starts_at),
      strikes: b.strikes,
      maxStrikes: b.max_strikes,
    };
    await notifyNoShowWarning(tx, target, b.id, vars, now);
  }
}

interface ConfirmedRow extends Addressee {
  starts_at: string;
  ends_at: string;
}

/** `booking_confirmed` for `bookingId` if it is confirmed now and its member has an account. */
export async function bookingConfirmedNotice(
  tx: Tx,
  tenantId: string,
  bookingId: string,
  now: number,
): Promise<void> {
  const [b] = await tx.query<ConfirmedRow>(
    `SELECT ${ms('b.starts_at')} AS starts_at, ${ms('b.ends_at')} AS ends_at, m.user_id,
            l.name AS library_name, l.timezone, s.number AS seat_number
       FROM bookings b
       ${addresseeOf('b')}
       LEFT JOIN seats s ON s.tenant_id = b.tenant_id AND s.id = b.seat_id
      WHERE b.tenant_id = $1 AND b.id = $2 AND b.state = 'confirmed'`,
    [tenantId, bookingId],
  );
  if (!b) return;
  const target = targetOf(tenantId, b);
  const vars = {
    libraryName: b.library_name,
    seatLabel: b.seat_number ?? '',
    startsAt: Number(b.starts_at),
    endsAt: Number(b.ends_at),
  };
  await notifyBookingConfirmed(tx, target, bookingId, vars, now);
}

/** `booking_request_rejected` for a request the hub refused, if its member has an account. */
export async function requestRejectedNotice(
  tx: Tx,
  tenantId: string,
  requestId: string,
  now: number,
): Promise<void> {
  const [r] = await tx.query<Omit<Addressee, 'seat_number'> & { starts_at: string }>(
    `SELECT ${ms('r.starts_at')} AS starts_at, m.user_id, l.name AS library_name, l.timezone
       FROM booking_requests r
       ${addresseeOf('r')}
      WHERE r.tenant_id = $1 AND r.id = $2 AND r.status = 'rejected'`,
    [tenantId, requestId],
  );
  if (!r) return;
  const target = targetOf(tenantId, r);
  await notifyRequestRejected(
    tx,
    target,
    requestId,
    { libraryName: r.library_name, startsAt: Number(r.starts_at) },
    now,
  );
}

/** `booking_cancelled` when the cancel someone other than the student asked for was applied. */
async function cancelledByLibraryNotice(tx: Tx, tenantId: string, commandId: string, now: number) {
  const [b] = await tx.query<Addressee & { booking_id: string; starts_at: string }>(
    `SELECT b.id AS booking_id, ${ms('b.starts_at')} AS starts_at, m.user_id, l.name AS library_name,
            l.timezone, s.number AS seat_number
       FROM hub_commands c
       JOIN bookings b ON b.tenant_id = c.tenant_id AND b.id = c.booking_id
       ${addresseeOf('b')}
       LEFT JOIN seats s ON s.tenant_id = b.tenant_id AND s.id = b.seat_id
      WHERE c.tenant_id = $1 AND c.id = $2 AND c.kind = 'booking.cancel' AND c.status = 'applied'
        AND c.requested_by IS DISTINCT FROM m.user_id AND c.requested_by IS NOT NULL`,
    [tenantId, commandId],
  );
  if (!b) return;
  const target = targetOf(tenantId, b);
  const vars = { libraryName: b.library_name, seatLabel: b.seat_number ?? '', startsAt: Number(b.starts_at) };
  await notifyBookingCancelled(tx, target, b.booking_id, vars, now);
}

/**
 * After a command's result: an applied confirm (or a free offer's accept) confirmed a booking; an
 * applied cancel the library asked for ended one.
 */
export async function commandNotices(
  tx: Tx,
  hub: HubIdentity,
  commandId: string,
  now: number,
): Promise<void> {
  await cancelledByLibraryNotice(tx, hub.tenantId, commandId, now);
  const [confirmed] = await tx.query<{ booking_id: string | null }>(
    `SELECT CASE WHEN c.kind = 'waitlist.accept' THEN e.booking_id ELSE c.booking_id END AS booking_id
       FROM hub_commands c
       LEFT JOIN waitlist_entries e ON e.tenant_id = c.tenant_id AND e.id = c.booking_id
      WHERE c.tenant_id = $1 AND c.id = $2 AND c.status = 'applied'
        AND c.kind IN ('booking.confirm', 'waitlist.accept')`,
    [hub.tenantId, commandId],
  );
  if (confirmed?.booking_id) await bookingConfirmedNotice(tx, hub.tenantId, confirmed.booking_id, now);
}
