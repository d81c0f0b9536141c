/**
 * The caller's own account (GET and PATCH /v1/me), written once for both ends like the student
 * routes' schemas (student-api.ts): the cloud validates and documents it
 * (cloud/src/http/routes/users.ts), the student app sends and parses it (apps/mobile/src/api).
 */
import { z } from 'zod';
import { isValidTimeZone } from '../time.ts';
import { Id, LocalTime } from './common.ts';

/** Where a message can go; `outbox` is the local outbox a dev stack delivers to instead. */
export const NotificationChannel = z.enum(['sms', 'whatsapp', 'email', 'push', 'outbox']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** A wall-clock minute of the day: core's LocalTime without its 24:00 (quiet hours wrap midnight). */
export const ClockTime = LocalTime.refine((time) => time !== '24:00', 'expected HH:MM before 24:00');

export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'expected an IANA time zone such as Asia/Kolkata');

/**
 * Channels the user turned off, and quiet hours in their time zone (start > end spans midnight):
 * messages that can wait are held until the quiet hours end; sign-in codes pass both.
 */
export const NotificationPrefs = z.object({
  optedOut: z.array(NotificationChannel).max(NotificationChannel.options.length),
  quietHours: z.object({ start: ClockTime, end: ClockTime }).nullable(),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefs>;

/** A browser's `PushSubscription.toJSON()`, the parts web push needs. */
export const PushSubscriptionJson = z.object({
  endpoint: z.url().max(1000),
  keys: z.object({ p256dh: z.string().max(200), auth: z.string().max(100) }),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

export const UserRole = z.enum(['student', 'staff', 'owner', 'platform_admin']);
export type UserRole = z.infer<typeof UserRole>;

export const Profile = z.object({
  id: Id,
  role: UserRole,
  tenantId: Id.nullable(),
  name: z.string().max(120),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  language: z.enum(['en', 'hi']),
  timeZone: z.string().nullable(),
  notifications: NotificationPrefs,
  pushSubscription: PushSubscriptionJson.nullable(),
});
export type Profile = z.infer<typeof Profile>;

/** Any subset of the editable fields; `notifications` may set either part alone. */
export const ProfilePatch = z
  .object({
    name: z.string().trim().min(1, 'a name cannot be blank').max(120),
    email: z
      .email()
      .max(200)
      .transform((email) => email.toLowerCase()),
    language: z.enum(['en', 'hi']),
    timeZone: TimeZone.nullable(),
    notifications: NotificationPrefs.partial(),
    pushSubscription: PushSubscriptionJson.nullable(),
  })
  .partial()
  .strict();
export type ProfilePatch = z.infer<typeof ProfilePatch>;
