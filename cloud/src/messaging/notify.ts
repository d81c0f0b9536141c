/**
 * Enqueue helpers for every part of the cloud: write a message into the outbox in the caller's
 * transaction, so it exists exactly when the change that causes it commits. Message ids are
 * derived (UUID v5) from what the message is about — a payment's receipt, a booking's
 * confirmation — so enqueueing twice (a redelivered webhook, a retried request) is one message.
 *
 * The channel (ADR 0027): a caller that names none gets the student's — push when their account
 * holds a push subscription and they have not opted out of push, else SMS (every student has a
 * phone); urgent kinds (OTP) always SMS. It is read in the same transaction, so it is the setting
 * at the moment the cause commits; the worker sends an undeliverable push by SMS after all.
 * Each message carries the app screen it is about (`link`), which a tapped push opens.
 */
import { v5 as uuidv5 } from 'uuid';
import type { Tx } from '../db/types.ts';
import type { OutboxMessage } from '../notifications/outbox.ts';
import type { Channel, MessageContent, MessageKind, MessageVars } from '../notifications/types.ts';
import { urgentKinds } from '../notifications/types.ts';
import { enqueueIn } from './sql-outbox.ts';

/** The namespace of derived message ids (a fixed random UUID; never change it). */
const MESSAGE_NAMESPACE = '5b0f6d1e-8a3c-4f7e-9d2a-6c1b3e5f7a90';

export function messageId(kind: MessageContent['kind'], subjectId: string, channel: Channel): string {
  return uuidv5(`${kind}:${channel}:${subjectId}`, MESSAGE_NAMESPACE);
}

/**
 * The channel label in the id of a message whose channel was chosen here: the id names what the
 * message is about, not where it went, and it is the id such a message had when every student
 * message went by SMS — so a redelivered cause finds it whichever channel the student has now, and
 * the reminders' look-ahead (`messageId(kind, id, 'sms')`) keeps working.
 */
const CHOSEN_CHANNEL_ID = 'sms' satisfies Channel;

export interface NotifyTarget {
  tenantId: string;
  userId: string;
  /** The library's IANA zone, for the times shown in the message. */
  timeZone: string;
  /**
   * Omit to use the student's channel (`studentChannel`: push or SMS). Without keys every channel
   * lands in the local outbox.
   */
  channel?: Channel;
}

/** The app's screens messages point at (apps/mobile/src/routes.ts, hash routes under /app/). */
export const appLinks = {
  bookings: '#/bookings',
  booking: (bookingId: string) => `#/bookings/${bookingId}`,
  pass: (bookingId: string) => `#/pass/${bookingId}`,
  waitlist: '#/waitlist',
} as const;

/**
 * Where a student's message about `kind` goes: push when the account has a subscription and push
 * is not opted out, else SMS; OTPs always SMS. The account is read in `tx`: under a tenant's
 * policy a student is visible through their member row, and one who is not gets SMS.
 */
export async function studentChannel(tx: Tx, userId: string, kind: MessageKind): Promise<Channel> {
  if (urgentKinds.has(kind)) return 'sms';
  const [row] = await tx.query<{ push: boolean; opted_out: Channel[] }>(
    'SELECT push_subscription IS NOT NULL AS push, opted_out FROM users WHERE id = $1',
    [userId],
  );
  return row?.push && !row.opted_out.includes('push') ? 'push' : 'sms';
}

interface NotifyOptions {
  notBefore?: number;
  expiresAt?: number | null;
}

async function notify(
  tx: Tx,
  target: NotifyTarget,
  content: MessageContent,
  subjectId: string,
  now: number,
  options: NotifyOptions = {},
): Promise<OutboxMessage> {
  const channel = target.channel ?? (await studentChannel(tx, target.userId, content.kind));
  const { message } = await enqueueIn(
    tx,
    {
      id: messageId(content.kind, subjectId, target.channel ?? CHOSEN_CHANNEL_ID),
      tenantId: target.tenantId,
      userId: target.userId,
      channel,
      content,
      timeZone: target.timeZone,
      notBefore: options.notBefore,
      expiresAt: options.expiresAt,
    },
    now,
  );
  return message;
}

export const notifyPaymentReceipt = (
  tx: Tx,
  target: NotifyTarget,
  paymentId: string,
  vars: MessageVars['payment_receipt'],
  now: number,
) => notify(tx, target, { kind: 'payment_receipt', vars, link: appLinks.bookings }, paymentId, now);

export const notifyBookingConfirmed = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['booking_confirmed'],
  now: number,
) =>
  notify(tx, target, { kind: 'booking_confirmed', vars, link: appLinks.booking(bookingId) }, bookingId, now, {
    expiresAt: vars.endsAt,
  });

/** Sent `minutesBefore` the start; pointless once the booking began. */
export const notifyBookingReminder = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['booking_reminder'],
  now: number,
) =>
  notify(tx, target, { kind: 'booking_reminder', vars, link: appLinks.pass(bookingId) }, bookingId, now, {
    notBefore: vars.startsAt - vars.minutesBefore * 60_000,
    expiresAt: vars.startsAt,
  });

/** A remote request the hub refused (ADR 0022); a paid one is refunded by the hub-outcomes task. */
export const notifyRequestRejected = (
  tx: Tx,
  target: NotifyTarget,
  requestId: string,
  vars: MessageVars['booking_request_rejected'],
  now: number,
) =>
  notify(tx, target, { kind: 'booking_request_rejected', vars, link: appLinks.bookings }, requestId, now, {
    expiresAt: vars.startsAt,
  });

/** The library (not the student) cancelled a booking through a hub command. */
export const notifyBookingCancelled = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['booking_cancelled'],
  now: number,
) =>
  notify(tx, target, { kind: 'booking_cancelled', vars, link: appLinks.booking(bookingId) }, bookingId, now, {
    expiresAt: vars.startsAt,
  });

export const notifyWaitlistOffer = (
  tx: Tx,
  target: NotifyTarget,
  offerId: string,
  vars: MessageVars['waitlist_offer'],
  now: number,
) =>
  notify(tx, target, { kind: 'waitlist_offer', vars, link: appLinks.waitlist }, offerId, now, {
    expiresAt: vars.offerExpiresAt,
  });

export const notifyMembershipRenewalDue = (
  tx: Tx,
  target: NotifyTarget,
  membershipId: string,
  vars: MessageVars['membership_renewal_due'],
  now: number,
  notBefore?: number,
) =>
  notify(tx, target, { kind: 'membership_renewal_due', vars, link: appLinks.bookings }, membershipId, now, {
    notBefore,
    expiresAt: vars.expiresAt,
  });

export const notifyNoShowWarning = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['no_show_warning'],
  now: number,
) => notify(tx, target, { kind: 'no_show_warning', vars, link: appLinks.booking(bookingId) }, bookingId, now);
