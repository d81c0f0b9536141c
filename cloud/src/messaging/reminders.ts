/**
 * The time-driven messages the product promises, as one `Periodic` task (`reminders`): a
 * `booking_reminder` once a confirmed booking is within `leadMinutes` of its start, and a
 * `membership_renewal_due` on the local day `renewalDays` before a membership's last day (the
 * library's zone decides what "today" is). Each run works in one platform transaction and enqueues
 * at most `batchSize` messages per kind; message ids are derived from the booking or membership
 * (`messageId`, UUID v5), so repeated runs and several replicas enqueue each message once, and
 * rows already in the outbox are skipped before the batch is cut so a backlog drains run by run.
 * `now` is the tick's; nothing here reads the clock.
 */
import { addDays, instantToLocal, localToInstant, priceOf } from '@studyspot/core';
import type { Database, Tx } from '../db/types.ts';
import { messageId, notifyBookingReminder, notifyMembershipRenewalDue } from './notify.ts';
import type { PeriodicTask } from './periodic.ts';

export interface RemindersOptions {
  /** How long before a confirmed booking starts its reminder is due (default 60 minutes). */
  leadMinutes?: number;
  /** How many local days before a membership's last day its renewal notice goes out (default 5). */
  renewalDays?: number;
  /** The most messages of each kind enqueued per run (default 500); the rest wait for the next run. */
  batchSize?: number;
}

export interface RemindersRun {
  reminders: number;
  renewals: number;
}

export interface RemindersTask extends PeriodicTask {
  run(now: number): Promise<RemindersRun>;
}

/** Renewal notices enqueued at local midnight wait for 09:00 in the library's zone. */
const RENEWAL_SEND_MINUTES = 9 * 60;
const MINUTE = 60_000;

interface Subject {
  tenant_id: string;
  id: string;
  user_id: string;
  timezone: string;
  library_name: string;
}

interface BookingRow extends Subject {
  starts_at: Date;
  seat_label: string;
}

interface MembershipRow extends Subject {
  ends_on: string;
  plan_name: string;
  price_paise: number | string;
  tax_rate_bp: number;
}

/** The first `limit` of `rows` whose message is not in the outbox yet. */
async function notYetEnqueued<R extends Subject>(
  tx: Tx,
  rows: R[],
  kind: 'booking_reminder' | 'membership_renewal_due',
  limit: number,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => messageId(kind, r.id, 'sms'));
  const known = await tx.query<{ id: string }>(
    'SELECT id FROM notification_outbox WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const seen = new Set(known.map((k) => k.id));
  return rows.filter((_, i) => !seen.has(ids[i] as string)).slice(0, limit);
}

async function enqueueReminders(tx: Tx, now: number, leadMinutes: number, limit: number): Promise<number> {
  const rows = await tx.query<BookingRow>(
    `SELECT b.tenant_id, b.id, b.starts_at, m.user_id, l.timezone, l.name AS library_name, s.number AS seat_label
       FROM bookings b
       JOIN members m ON m.tenant_id = b.tenant_id AND m.id = b.member_id
       JOIN libraries l ON l.tenant_id = b.tenant_id AND l.id = b.library_id
       JOIN seats s ON s.tenant_id = b.tenant_id AND s.id = b.seat_id
      WHERE b.state = 'confirmed' AND m.user_id IS NOT NULL AND b.starts_at > $1 AND b.starts_at <= $2
      ORDER BY b.starts_at, b.id`,
    [new Date(now), new Date(now + leadMinutes * MINUTE)],
  );
  const due = await notYetEnqueued(tx, rows, 'booking_reminder', limit);
  for (const r of due) {
    const startsAt = r.starts_at.getTime();
    // "starts in N minutes" must be true when it is sent: a booking made inside the lead time
    // (or seen late) says how long is actually left.
    const minutesBefore = Math.min(leadMinutes, Math.ceil((startsAt - now) / MINUTE));
    await notifyBookingReminder(
      tx,
      { tenantId: r.tenant_id, userId: r.user_id, timeZone: r.timezone },
      r.id,
      { libraryName: r.library_name, seatLabel: r.seat_label, startsAt, minutesBefore },
      now,
    );
  }
  return due.length;
}

/** Each library zone's target `ends_on` (today there + `days`); a zone Intl rejects is left out. */
async function targetDays(tx: Tx, now: number, days: number): Promise<{ zones: string[]; dates: string[] }> {
  const rows = await tx.query<{ timezone: string }>('SELECT DISTINCT timezone FROM libraries ORDER BY 1');
  const zones: string[] = [];
  const dates: string[] = [];
  for (const { timezone } of rows) {
    try {
      dates.push(addDays(instantToLocal(now, timezone).date, days));
      zones.push(timezone);
    } catch {
      // An unknown zone has no local day; skipping it keeps every other library's notices going.
    }
  }
  return { zones, dates };
}

async function enqueueRenewals(tx: Tx, now: number, days: number, limit: number): Promise<number> {
  const { zones, dates } = await targetDays(tx, now, days);
  if (zones.length === 0) return 0;
  // A member who already holds a membership starting after this one has renewed: no notice.
  const rows = await tx.query<MembershipRow>(
    `SELECT ms.tenant_id, ms.id, ms.ends_on::text AS ends_on, m.user_id, l.timezone, l.name AS library_name,
            p.name AS plan_name, p.price_paise, p.tax_rate_bp
       FROM unnest($1::text[], $2::date[]) AS d (timezone, ends_on)
       JOIN memberships ms ON ms.ends_on = d.ends_on
       JOIN libraries l ON l.tenant_id = ms.tenant_id AND l.id = ms.library_id AND l.timezone = d.timezone
       JOIN members m ON m.tenant_id = ms.tenant_id AND m.id = ms.member_id
       JOIN plans p ON p.tenant_id = ms.tenant_id AND p.id = ms.plan_id
      WHERE ms.status IN ('active', 'provisional') AND m.user_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM memberships n
                         WHERE n.tenant_id = ms.tenant_id AND n.member_id = ms.member_id
                           AND n.status IN ('active', 'provisional') AND n.starts_on > ms.ends_on)
      ORDER BY ms.ends_on, ms.id`,
    [zones, dates],
  );
  const due = await notYetEnqueued(tx, rows, 'membership_renewal_due', limit);
  for (const r of due) {
    const today = instantToLocal(now, r.timezone).date;
    const amount = priceOf({ pricePaise: Number(r.price_paise), taxRateBp: r.tax_rate_bp }).totalPaise;
    await notifyMembershipRenewalDue(
      tx,
      { tenantId: r.tenant_id, userId: r.user_id, timeZone: r.timezone },
      r.id,
      {
        libraryName: r.library_name,
        planName: r.plan_name,
        // The last minute of the last day: shown as "ends on <date>, 11:59 pm", and the notice's expiry.
        expiresAt: localToInstant(r.ends_on, 24 * 60 - 1, r.timezone),
        amount,
      },
      now,
      localToInstant(today, RENEWAL_SEND_MINUTES, r.timezone),
    );
  }
  return due.length;
}

export function remindersTask(db: Database, options: RemindersOptions = {}): RemindersTask {
  const leadMinutes = options.leadMinutes ?? 60;
  const renewalDays = options.renewalDays ?? 5;
  const batchSize = options.batchSize ?? 500;
  return {
    name: 'reminders',
    run: (now) =>
      db.platform(async (tx) => ({
        reminders: await enqueueReminders(tx, now, leadMinutes, batchSize),
        renewals: await enqueueRenewals(tx, now, renewalDays, batchSize),
      })),
  };
}
