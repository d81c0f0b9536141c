/**
 * The caller's own account: GET /v1/me and PATCH /v1/me (name, email, language, time zone,
 * notification preferences and quiet hours, web-push subscription) for every signed-in role.
 * Accounts are global, so these run in a platform transaction pinned to the token's `sub` — the
 * only row they touch is the caller's (ADR 0010). `lookupRecipient` reads the same fields.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Tx } from '../../db/types.ts';
import { permit } from '../../identity/permissions.ts';
import { channels } from '../../notifications/types.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

const Clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected HH:MM');
const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as Asia/Kolkata');
const Notifications = z.object({
  optedOut: z.array(z.enum(channels)).max(channels.length),
  quietHours: z.object({ start: Clock, end: Clock }).nullable(),
});
const PushSubscription = z.object({
  endpoint: z.url().max(1000),
  keys: z.object({ p256dh: z.string().max(200), auth: z.string().max(100) }),
});

export const Profile = z
  .object({
    id: z.uuid(),
    role: z.enum(['student', 'staff', 'owner', 'platform_admin']),
    tenantId: z.uuid().nullable(),
    name: z.string().max(120),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    language: z.enum(['en', 'hi']),
    timeZone: z.string().nullable(),
    notifications: Notifications,
    pushSubscription: PushSubscription.nullable(),
  })
  .openapi('Profile');

const ProfilePatch = z
  .object({
    name: z.string().trim().max(120),
    email: z
      .email()
      .max(200)
      .transform((email) => email.toLowerCase()),
    language: z.enum(['en', 'hi']),
    timeZone: TimeZone.nullable(),
    notifications: Notifications.partial(),
    pushSubscription: PushSubscription.nullable(),
  })
  .partial()
  .strict()
  .openapi('ProfilePatch');
type ProfilePatch = z.infer<typeof ProfilePatch>;

interface ProfileRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  language: 'en' | 'hi';
  time_zone: string | null;
  opted_out: (typeof channels)[number][];
  quiet_start: string | null;
  quiet_end: string | null;
  push_subscription: z.infer<typeof PushSubscription> | null;
}

const COLUMNS =
  'id, name, phone, email, language, time_zone, opted_out, quiet_start, quiet_end, push_subscription';

/** The columns a patch sets, each with its value; column names come from this code, never the input. */
function assignments(patch: ProfilePatch): [string, unknown][] {
  const set: [string, unknown][] = [];
  if (patch.name !== undefined) set.push(['name', patch.name]);
  if (patch.email !== undefined) set.push(['email', patch.email]);
  if (patch.language !== undefined) set.push(['language', patch.language]);
  if (patch.timeZone !== undefined) set.push(['time_zone', patch.timeZone]);
  if (patch.pushSubscription !== undefined) set.push(['push_subscription', patch.pushSubscription]);
  const { optedOut, quietHours } = patch.notifications ?? {};
  if (optedOut !== undefined) set.push(['opted_out', [...new Set(optedOut)]]);
  if (quietHours !== undefined)
    set.push(['quiet_start', quietHours?.start ?? null], ['quiet_end', quietHours?.end ?? null]);
  return set;
}

async function readProfile(tx: Tx, userId: string): Promise<ProfileRow> {
  const [row] = await tx.query<ProfileRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [userId]);
  if (!row) throw new DomainError('not_found', 'no such account');
  return row;
}

export function userRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['users'], security: bearer };
  const respond = (row: ProfileRow, principal: ReturnType<typeof principalOf>) => ({
    id: row.id,
    role: principal.role,
    tenantId: principal.tenantId,
    name: row.name,
    phone: row.phone,
    email: row.email,
    language: row.language,
    timeZone: row.time_zone,
    notifications: {
      optedOut: row.opted_out,
      quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
    },
    pushSubscription: row.push_subscription,
  });

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/me',
      middleware: [permit('read:own_profile')],
      responses: { 200: json(Profile, 'Your profile'), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const principal = principalOf(c);
      const row = await d.db.platform((tx) => readProfile(tx, principal.userId));
      return c.json(respond(row, principal), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'patch',
      path: '/me',
      middleware: [permit('write:own_profile')],
      request: { body: body(ProfilePatch) },
      responses: { 200: json(Profile, 'Your updated profile'), ...errors },
    }),
    async (c) => {
      const principal = principalOf(c);
      const set = assignments(c.req.valid('json'));
      try {
        const row = await d.db.platform(async (tx) => {
          if (set.length === 0) return readProfile(tx, principal.userId);
          const sql = set.map(([column], i) => `${column} = $${i + 2}`).join(', ');
          const [row] = await tx.query<ProfileRow>(
            `UPDATE users SET ${sql}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
            [principal.userId, ...set.map(([, value]) => value)],
          );
          if (!row) throw new DomainError('not_found', 'no such account');
          return row;
        });
        return c.json(respond(row, principal), 200);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new DomainError('conflict', 'the email is taken', { field: 'email' });
        throw error;
      }
    },
  );

  return app;
}
