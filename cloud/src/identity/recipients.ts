/**
 * Where and how a user is reached, for the notification worker's `RecipientDirectory`:
 * `lookupRecipient(db, tenantId, userId)` reads the account's phone, email, push subscription,
 * language, time zone, opted-out channels and quiet hours (edited at PATCH /v1/me).
 *
 * OTP messages are sent before an account exists: they are enqueued with `PLATFORM_TENANT_ID`
 * (the nil UUID, no tenant) and the OTP challenge's id as `userId`; for that tenant the lookup
 * resolves the challenge to its phone. Wire it as
 * `{ lookup: (tenantId, userId) => lookupRecipient(db, tenantId, userId) }`.
 */
import type { Database, Tx } from '../db/types.ts';
import type { Channel, Language, PushSubscriptionJson, RecipientProfile } from '../notifications/types.ts';

/** The tenant of messages that belong to no tenant (OTP codes). */
export const PLATFORM_TENANT_ID = '00000000-0000-0000-0000-000000000000';
/** The zone OTP messages are rendered in (they show no times). */
export const OTP_TIME_ZONE = 'Asia/Kolkata';
const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

interface UserRow {
  id: string;
  phone: string | null;
  email: string | null;
  language: Language;
  time_zone: string | null;
  opted_out: Channel[];
  quiet_start: string | null;
  quiet_end: string | null;
  push_subscription: PushSubscriptionJson | null;
}

async function challengeRecipient(tx: Tx, challengeId: string): Promise<RecipientProfile | null> {
  const [row] = await tx.query<{ phone: string }>('SELECT phone FROM otp_challenges WHERE id = $1', [
    challengeId,
  ]);
  if (!row) return null;
  const [user] = await tx.query<{ language: Language }>('SELECT language FROM users WHERE phone = $1', [
    row.phone,
  ]);
  return {
    userId: challengeId,
    phone: row.phone,
    language: user?.language ?? 'en',
    timeZone: OTP_TIME_ZONE,
    optedOut: [],
    quietHours: null,
  };
}

/** The tenant's first library's zone, for users who set none. */
async function tenantZone(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await tx.query<{ timezone: string }>(
    'SELECT timezone FROM libraries WHERE tenant_id = $1 ORDER BY created_at, id LIMIT 1',
    [tenantId],
  );
  return row?.timezone ?? DEFAULT_TIME_ZONE;
}

/** The recipient profile of `userId` (or of an OTP challenge under PLATFORM_TENANT_ID); null if unknown. */
export function lookupRecipient(
  db: Database,
  tenantId: string,
  userId: string,
): Promise<RecipientProfile | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !/^[0-9a-f-]{36}$/i.test(tenantId)) return Promise.resolve(null);
  // A system reader, not a user's request: accounts are global, so this is a platform transaction.
  return db.platform(async (tx) => {
    if (tenantId === PLATFORM_TENANT_ID) return challengeRecipient(tx, userId);
    const [row] = await tx.query<UserRow>(
      `SELECT id, phone, email, language, time_zone, opted_out, quiet_start, quiet_end, push_subscription
         FROM users WHERE id = $1 AND status = 'active'`,
      [userId],
    );
    if (!row) return null;
    return {
      userId: row.id,
      phone: row.phone ?? undefined,
      email: row.email ?? undefined,
      push: row.push_subscription ?? undefined,
      language: row.language,
      timeZone: row.time_zone ?? (await tenantZone(tx, tenantId)),
      optedOut: row.opted_out,
      quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
    };
  });
}
