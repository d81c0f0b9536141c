/**
 * GET /v1/push/key — the VAPID public key browsers subscribe to web push with (the student app's
 * "notifications on this phone"), or `null` when the cloud sends no push (no VAPID keys: push
 * messages land in the local outbox). Public: the key is public by design (RFC 8292). It is read
 * from the same environment variables the notification worker's web-push provider is built from
 * (`notificationConfigFromEnv`), and only when all three are set, as there.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notificationConfigFromEnv } from '../../notifications/providers/index.ts';
import type { RouteDeps } from '../env.ts';
import { json, router } from '../openapi.ts';

const PushKey = z.object({ publicKey: z.string().nullable() }).openapi('PushKey');

export function pushKeyRoutes(
  _d: RouteDeps,
  env: Readonly<Record<string, string | undefined>> = process.env,
) {
  const app = router();
  app.openapi(
    createRoute({
      tags: ['users'],
      method: 'get',
      path: '/push/key',
      responses: { 200: json(PushKey, 'The VAPID public key, or null without web push') },
    }),
    (c) => c.json({ publicKey: notificationConfigFromEnv(env).webPush?.vapid.publicKey ?? null }, 200),
  );
  return app;
}
