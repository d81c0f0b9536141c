/**
 * The notification service's vocabulary: channels, message kinds with their variables, the rendered
 * message an adapter sends, the recipient it is sent to, and the one `Notifier` contract every provider
 * adapter implements (`providers/*.ts`, chosen in `providers/index.ts`). Adapters throw `NotifyError`
 * with a machine-readable code and a `retryable` flag; the worker decides retries from the flag alone.
 */
import { NotificationChannel } from '@studyspot/core';

/** Epoch milliseconds. */
type Instant = number;
/** Money in paise (1/100 rupee), formatted with core's `formatInr`. */
type Paise = number;

/** The channels a user can opt out of are the channels there are: one list, core's. */
export const channels = NotificationChannel.options;
export type Channel = NotificationChannel;

export const languages = ['en', 'hi'] as const;
export type Language = (typeof languages)[number];

export const messageKinds = [
  'otp',
  'booking_confirmed',
  'booking_reminder',
  'membership_renewal_due',
  'payment_receipt',
  'waitlist_offer',
  'no_show_warning',
  'booking_request_rejected',
  'booking_cancelled',
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** Variables of each template. Instants are epoch ms, shown in the library's time zone; money in paise. */
export interface MessageVars {
  otp: { code: string; ttlMinutes: number };
  booking_confirmed: { libraryName: string; seatLabel: string; startsAt: Instant; endsAt: Instant };
  booking_reminder: { libraryName: string; seatLabel: string; startsAt: Instant; minutesBefore: number };
  membership_renewal_due: { libraryName: string; planName: string; expiresAt: Instant; amount: Paise };
  payment_receipt: { libraryName: string; amount: Paise; invoiceNumber: string; paidAt: Instant };
  waitlist_offer: { libraryName: string; seatLabel: string; startsAt: Instant; offerExpiresAt: Instant };
  no_show_warning: { libraryName: string; startsAt: Instant; strikes: number; maxStrikes: number };
  booking_request_rejected: { libraryName: string; startsAt: Instant };
  booking_cancelled: { libraryName: string; seatLabel: string; startsAt: Instant };
}

/**
 * A kind with its variables, discriminated on `kind` so each kind's variables are checked. `link` is
 * the student app's screen the message is about, as the app's hash route (`#/bookings/<id>`): web
 * push opens it when the notification is tapped; text channels do not use it.
 */
export type MessageContent = {
  [K in MessageKind]: { kind: K; vars: MessageVars[K]; link?: string | undefined };
}[MessageKind];

/** Urgent kinds ignore quiet hours and opt-outs: the user is waiting for them right now. */
export const urgentKinds: ReadonlySet<MessageKind> = new Set<MessageKind>(['otp']);

/** What an adapter sends: `subject` for email and push titles, `text` for every channel's body. */
export interface RenderedMessage {
  /** Outbox message id: the idempotency/dedup key adapters pass on where the provider supports one. */
  id: string;
  kind: MessageKind;
  language: Language;
  urgent: boolean;
  subject: string;
  text: string;
  /** The app screen the message is about (`MessageContent.link`), for push; undefined for OTPs. */
  link?: string | undefined;
}

/** A browser push subscription as `PushSubscription.toJSON()` gives it. */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Where a user can be reached. An adapter throws `NotifyError('no_address')` when its field is missing. */
export interface Recipient {
  userId: string;
  phone?: string | undefined;
  email?: string | undefined;
  push?: PushSubscriptionJson | undefined;
}

export interface SendResult {
  /** The provider's id for the message (Twilio `SM…` sid, SMTP Message-ID, push Location, outbox id). */
  providerRef: string;
}

export const notifyErrorCodes = [
  'no_address', // the recipient has no phone/email/subscription for this channel
  'invalid_recipient', // the provider rejected the address (bad number, mailbox unknown)
  'opted_out', // the provider says the recipient unsubscribed (Twilio 21610, STOP)
  'subscription_gone', // push subscription expired (404/410): the caller should delete it
  'rejected', // the provider refused this message (content, size, sender)
  'auth_failed', // our credentials are wrong: a configuration fault, retrying cannot help
  'rate_limited', // 429: retry later
  'unavailable', // 5xx, connection refused, timeout: retry later
] as const;
export type NotifyErrorCode = (typeof notifyErrorCodes)[number];

export class NotifyError extends Error {
  readonly code: NotifyErrorCode;
  readonly retryable: boolean;
  readonly meta: Record<string, unknown>;

  constructor(
    code: NotifyErrorCode,
    message: string,
    retryable: boolean,
    meta: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'NotifyError';
    this.code = code;
    this.retryable = retryable;
    this.meta = meta;
  }
}

/** One provider adapter for one channel. Implementations: `providers/*.ts`, each `satisfies Notifier`. */
export interface Notifier {
  readonly channel: Channel;
  /** Provider name shown on the health/admin page: 'twilio', 'smtp', 'web-push', 'local-outbox'. */
  readonly provider: string;
  /** Sends once; resolves with the provider's reference or throws `NotifyError`. */
  send(message: RenderedMessage, recipient: Recipient): Promise<SendResult>;
}

/** A user's delivery settings, read by the worker at send time (they may change after enqueue). */
export interface RecipientProfile extends Recipient {
  language: Language;
  /** IANA zone the user's quiet hours are in; the library's zone when the user has none. */
  timeZone: string;
  optedOut: readonly Channel[];
  /** Local wall-clock window, e.g. { start: '22:00', end: '07:00' }; null = no quiet hours. */
  quietHours: { start: string; end: string } | null;
}

/** Looks up recipients; the integrator backs it with the users/preferences tables. */
export interface RecipientDirectory {
  lookup(tenantId: string, userId: string): Promise<RecipientProfile | null>;
  /**
   * Forgets a push subscription the push service called gone (404/410), only while it is still the
   * user's subscription (`endpoint` matches: the phone may have subscribed again since).
   */
  forgetPush?(userId: string, endpoint: string): Promise<void>;
}
