/**
 * The hub's read path (issue #5, ADR 0013, 0021): `GET /v1/shapes/{name}` speaks the Electric
 * shape protocol to `@electric-sql/client`. The hub is identified by `authorizeHub` (hub pairing),
 * which fixes the tenant and library; the shape's table, columns and where come from the cloud's
 * definitions (`@studyspot/sync`), never from the request. Served by the built-in shape server
 * (reads in the hub's tenant transaction, so RLS still applies), or — when `deps.shapes.electric` is
 * set (from `ELECTRIC_URL`, cloud/src/config.ts) — proxied to a real Electric service (sync-proxy/).
 */
import { type HubScope, isShapeName, ShapeServer } from '@studyspot/sync';
import { ElectricProxy } from '../../sync-proxy/electric-proxy.ts';
import type { RouteDeps } from '../env.ts';
import { sendError } from '../errors.ts';
import { router } from '../openapi.ts';

interface Served {
  name: string;
  scope: HubScope;
  params: URLSearchParams;
  signal: AbortSignal;
}

/** The shape answer, from a real Electric when one is configured, else from the built-in server. */
function shapeSource(d: RouteDeps): (request: Served) => Promise<Response> {
  const { electric, ...tuning } = d.shapes ?? {};
  if (electric) {
    const proxy = new ElectricProxy(electric);
    return async ({ name, ...rest }) =>
      isShapeName(name)
        ? proxy.forward({ name, ...rest })
        : Response.json({ message: `no shape ${name}` }, { status: 404 });
  }
  const server = new ShapeServer({
    db: d.db,
    ...tuning,
    onError: (error) => d.logger.warn({ err: error }, 'shape change watcher failed'),
  });
  return async (request) => {
    const answer = await server.handle(request);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { ...answer.headers, 'content-type': 'application/json' },
    });
  };
}

export function shapeRoutes(d: RouteDeps) {
  const app = router();
  const serve = shapeSource(d);
  app.get('/shapes/:name', async (c) => {
    const hub = d.authorizeHub ? await d.authorizeHub(c) : null;
    if (!hub)
      return sendError(c, 401, { code: 'unauthorized', message: 'only a paired hub may read shapes' });
    return serve({
      name: c.req.param('name'),
      scope: { tenantId: hub.tenantId, libraryId: hub.libraryId },
      params: new URL(c.req.url).searchParams,
      signal: c.req.raw.signal,
    });
  });
  return app;
}
