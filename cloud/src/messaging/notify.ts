/**
 * Enqueue helpers for every part of the cloud: write a message into the outbox in the caller's
 * transaction, so it exists exactly when the change that causes it commits. Message ids are
 * derived (UUID v5) from what the message is about — a payment's receipt, a booking's
 * confirmation — so enqueueing twice (a redelivered webhook, a retried request) is one message.
 */
import { v5 as uuidv5 } from 'uuid';
import type { Tx } from '../db/types.ts';
import type { OutboxMessage } from '../notifications/outbox.ts';
import type { Channel, MessageContent, MessageVars } from '../notifications/types.ts';
import { enqueueIn } from './sql-outbox.ts';

/** The namespace of derived message ids (a fixed random UUID; never change it). */
const MESSAGE_NAMESPACE = '5b0f6d1e-8a3c-4f7e-9d2a-6c1b3e5f7a90';

export function messageId(kind: MessageContent['kind'], subjectId: string, channel: Channel): string {
  return uuidv5(`${kind}:${channel}:${subjectId}`, MESSAGE_NAMESPACE);
}

export interface NotifyTarget {
  tenantId: string;
  userId: string;
  /** The library's IANA zone, for the times shown in the message. */
  timeZone: string;
  /** Default 'sms': every student has a phone. Without keys every channel lands in the local outbox. */
  channel?: Channel;
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
  const channel = target.channel ?? 'sms';
  const { message } = await enqueueIn(
    tx,
    {
      id: messageId(content.kind, subjectId, channel),
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
) => notify(tx, target, { kind: 'payment_receipt', vars }, paymentId, now);

export const notifyBookingConfirmed = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['booking_confirmed'],
  now: number,
) => notify(tx, target, { kind: 'booking_confirmed', vars }, bookingId, now, { expiresAt: vars.endsAt });

/** Sent `minutesBefore` the start; pointless once the booking began. */
export const notifyBookingReminder = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['booking_reminder'],
  now: number,
) =>
  notify(tx, target, { kind: 'booking_reminder', vars }, bookingId, now, {
    notBefore: vars.startsAt - vars.minutesBefore * 60_000,
    expiresAt: vars.startsAt,
  });

export const notifyWaitlistOffer = (
  tx: Tx,
  target: NotifyTarget,
  offerId: string,
  vars: MessageVars['waitlist_offer'],
  now: number,
) => notify(tx, target, { kind: 'waitlist_offer', vars }, offerId, now, { expiresAt: vars.offerExpiresAt });

export const notifyMembershipRenewalDue = (
  tx: Tx,
  target: NotifyTarget,
  membershipId: string,
  vars: MessageVars['membership_renewal_due'],
  now: number,
  notBefore?: number,
) =>
  notify(tx, target, { kind: 'membership_renewal_due', vars }, membershipId, now, {
    notBefore,
    expiresAt: vars.expiresAt,
  });

export const notifyNoShowWarning = (
  tx: Tx,
  target: NotifyTarget,
  bookingId: string,
  vars: MessageVars['no_show_warning'],
  now: number,
) => notify(tx, target, { kind: 'no_show_warning', vars }, bookingId, now);
