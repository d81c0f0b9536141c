/**
 * Public operational endpoints: GET /health runs every registered component check (200 when all
 * are ok, 503 naming the ones that are down); GET /metrics is the Prometheus exposition.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../env.ts';
import { json, router } from '../openapi.ts';

const Component = z.object({ status: z.enum(['ok', 'down']), detail: z.string().optional() });
const Health = z
  .object({ status: z.enum(['ok', 'down']), components: z.record(z.string(), Component) })
  .openapi('Health');

export function healthRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['ops'],
      responses: { 200: json(Health, 'Every component is ok'), 503: json(Health, 'A component is down') },
    }),
    async (c) => {
      const report = await d.health.run();
      return report.status === 'ok' ? c.json(report, 200) : c.json(report, 503);
    },
  );
  return app;
}

export function metricsRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['ops'],
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
      },
    }),
    async (c) => {
      const text = await d.metrics.registry.metrics();
      return c.text(text, 200, { 'Content-Type': d.metrics.registry.contentType });
    },
  );
  return app;
}
