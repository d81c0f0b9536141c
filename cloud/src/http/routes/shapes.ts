/**
 * The hub's read path (issue #5, ADR 0013): `GET /v1/shapes/{name}` speaks the Electric shape
 * protocol to `@electric-sql/client`. The hub is identified by `authorizeHub` (hub pairing),
 * which fixes the tenant and library; the shape's table, columns and where come from the cloud's
 * definitions (`@studyspot/sync`), never from the request. Reads run in the hub's tenant
 * transaction, so RLS still applies. Served by the built-in shape server; a proxy to a real
 * Electric service (`ELECTRIC_URL`) is left for later (ADR 0013).
 */
import { ShapeServer } from '@studyspot/sync';
import type { RouteDeps } from '../env.ts';
import { sendError } from '../errors.ts';
import { router } from '../openapi.ts';

export function shapeRoutes(d: RouteDeps) {
  const app = router();
  const server = new ShapeServer({
    db: d.db,
    ...d.shapes,
    onError: (error) => d.logger.warn({ err: error }, 'shape change watcher failed'),
  });
  app.get('/shapes/:name', async (c) => {
    const hub = d.authorizeHub ? await d.authorizeHub(c) : null;
    if (!hub)
      return sendError(c, 401, { code: 'unauthorized', message: 'only a paired hub may read shapes' });
    const answer = await server.handle({
      name: c.req.param('name'),
      scope: { tenantId: hub.tenantId, libraryId: hub.libraryId },
      params: new URL(c.req.url).searchParams,
      signal: c.req.raw.signal,
    });
    return c.body(JSON.stringify(answer.body), answer.status as 200, {
      ...answer.headers,
      'content-type': 'application/json',
    });
  });
  return app;
}
