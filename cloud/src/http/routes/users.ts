/**
 * The caller's own account: GET /v1/me and PATCH /v1/me (name, email, language, time zone,
 * notification preferences and quiet hours, web-push subscription) for every signed-in role.
 * Accounts are global, so these run in a platform transaction pinned to the token's `sub` — the
 * only row they touch is the caller's (ADR 0010). `lookupRecipient` reads the same fields.
 */
import { createRoute, type z } from '@hono/zod-openapi';
import {
  DomainError,
  type NotificationChannel,
  ProfilePatch as ProfilePatchSchema,
  Profile as ProfileSchema,
  type PushSubscriptionJson,
} from '@studyspot/core';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Tx } from '../../db/types.ts';
import { permit } from '../../identity/permissions.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf } from '../middleware.ts';
import { bearer, body, errors, json, named, router } from '../openapi.ts';

// Core's shapes, shared with the student app, under their names in the document.
const Profile = named(ProfileSchema, 'Profile');
const ProfilePatch = named(ProfilePatchSchema, 'ProfilePatch');

interface ProfileRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  language: 'en' | 'hi';
  time_zone: string | null;
  opted_out: NotificationChannel[];
  quiet_start: string | null;
  quiet_end: string | null;
  push_subscription: PushSubscriptionJson | null;
}

const COLUMNS =
  'id, name, phone, email, language, time_zone, opted_out, quiet_start, quiet_end, push_subscription';

/** The columns a patch sets, each with its value; column names come from this code, never the input. */
function assignments(patch: z.infer<typeof ProfilePatch>): [string, unknown][] {
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
