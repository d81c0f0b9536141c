/**
 * GET /sync/status for the staff dashboard: what waits to go to the cloud (outbox rows, parked
 * ones the cloud refused, the oldest pending) and when the cloud's data last arrived (the newest
 * shape batch applied). Read from the database, so it answers the same whether or not a cloud is
 * configured; the pusher's in-memory state is the CLI's `status` (hub/src/admin).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../env.ts';
import { staffOnly } from '../middleware.ts';
import { bearer, errors, json, router } from '../openapi.ts';

const SyncStatus = z
  .object({
    backlog: z.number().int(),
    parked: z.number().int(),
    oldestPendingAt: z.number().nullable(),
    lastShapeAt: z.number().nullable(),
    now: z.number(),
  })
  .openapi('SyncStatus');

export function syncRoutes(d: RouteDeps) {
  const app = router();
  const counts = d.core.db.prepare(
    `SELECT count(*) AS backlog, count(parked_code) AS parked,
            min(CASE WHEN parked_code IS NULL THEN created_at END) AS oldestPendingAt FROM outbox`,
  );
  const lastShape = d.core.db.prepare('SELECT max(updated_at) FROM shape_state').pluck();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sync/status',
      tags: ['sync'],
      security: bearer,
      middleware: [staffOnly],
      responses: { 200: json(SyncStatus, 'What waits to sync, and the last cloud data'), 401: errors[401] },
    }),
    (c) => {
      const row = counts.get() as { backlog: number; parked: number; oldestPendingAt: number | null };
      const lastShapeAt = (lastShape.get() as number | null) ?? null;
      return c.json({ ...row, lastShapeAt, now: d.core.clock.now() }, 200);
    },
  );
  return app;
}
