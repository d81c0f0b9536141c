/**
 * GET /v1/admin/notifications (platform admins): which channels really leave the building, the
 * local outbox (messages of channels without provider keys) and the outbox's states, paged — so a
 * message is never silently nowhere.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { outboxStatuses } from '../../notifications/outbox.ts';
import type { RouteDeps } from '../env.ts';
import { allow } from '../middleware.ts';
import { bearer, errors, json, Limit, router } from '../openapi.ts';

const Query = z.object({
  status: z.enum(outboxStatuses).optional(),
  limit: Limit,
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const Message = z.object({
  id: z.string(),
  tenantId: z.string(),
  userId: z.string(),
  channel: z.string(),
  kind: z.string(),
  status: z.enum(outboxStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.number(),
  lastError: z.string().nullable(),
  provider: z.string().nullable(),
  createdAt: z.number(),
});
const LocalEntry = z.object({
  messageId: z.string(),
  channel: z.string(),
  userId: z.string(),
  to: z.string().nullable(),
  kind: z.string(),
  language: z.string(),
  subject: z.string(),
  text: z.string(),
  at: z.number(),
});
const View = z
  .object({
    channels: z.array(
      z.object({ channel: z.string(), provider: z.string(), live: z.boolean(), reason: z.string() }),
    ),
    counts: z.record(z.string(), z.number().int()),
    outbox: z.array(Message),
    localOutbox: z.array(LocalEntry),
  })
  .openapi('NotificationsAdminView');

export function notificationRoutes(d: RouteDeps) {
  const app = router();
  const messaging = d.messaging;
  if (!messaging) return app;
  app.openapi(
    createRoute({
      tags: ['admin'],
      security: bearer,
      middleware: [allow('platform_admin')],
      method: 'get',
      path: '/admin/notifications',
      request: { query: Query },
      responses: { 200: json(View, 'Channels, outbox states and the local outbox, newest first'), ...errors },
    }),
    async (c) => {
      const { status, limit, offset } = c.req.valid('query');
      const [outbox, localOutbox, counts] = await Promise.all([
        messaging.outbox.list({ status, limit, offset }),
        messaging.localOutbox.list({ limit, offset }),
        d.db.platform((tx) =>
          tx.query<{ status: string; n: number }>(
            'SELECT status, count(*)::int AS n FROM notification_outbox GROUP BY status',
          ),
        ),
      ]);
      return c.json(
        {
          channels: messaging.channels,
          counts: Object.fromEntries(counts.map((r) => [r.status, r.n])),
          outbox: outbox.map((m) => ({
            id: m.id,
            tenantId: m.tenantId,
            userId: m.userId,
            channel: m.channel,
            kind: m.content.kind,
            status: m.status,
            attempts: m.attempts,
            nextAttemptAt: m.nextAttemptAt,
            lastError: m.lastError,
            provider: m.provider,
            createdAt: m.createdAt,
          })),
          localOutbox,
        },
        200,
      );
    },
  );
  return app;
}
