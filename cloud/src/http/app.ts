/**
 * The cloud API: a Hono app under /v1 built from one sub-app per resource file (add yours to
 * `resources`), with the cross-cutting middleware, the single error mapping (errors.ts) and the
 * OpenAPI document at /v1/openapi.json. /health and /metrics answer at the root too, where load
 * balancers and Prometheus look. Every /v1 route is under the `general` rate limit; route files
 * add stricter classes with `d.rateLimit('auth' | 'booking')`.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { mountApps } from './apps.ts';
import type { CloudDeps, CloudEnv, RouteDeps } from './env.ts';
import { handleError, sendError } from './errors.ts';
import { createHealthChecks } from './health.ts';
import { createCloudMetrics } from './metrics.ts';
import { authenticate, corsAllowList, limitBody, requestContext, securityHeaders } from './middleware.ts';
import { router } from './openapi.ts';
import { createRateLimiters, isHubPath } from './rate-limit.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes, wellKnownRoutes } from './routes/auth.ts';
import { billingResources } from './routes/billing-resources.ts';
import { bookingRequestRoutes } from './routes/booking-requests.ts';
import { hubCommandRoutes } from './routes/hub-commands.ts';
import { hubMutationRoutes } from './routes/hub-mutations.ts';
import { hubRoutes } from './routes/hubs.ts';
import { layoutRoutes } from './routes/layout.ts';
import { libraryRoutes } from './routes/libraries.ts';
import { meWaitlistRoutes } from './routes/me-waitlist.ts';
import { healthRoutes, metricsRoutes } from './routes/ops.ts';
import { passRoutes } from './routes/passes.ts';
import { searchRoutes } from './routes/search.ts';
import { shapeRoutes } from './routes/shapes.ts';
import { tenantOwnerRoutes } from './routes/tenant-owners.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { userRoutes } from './routes/users.ts';
import { staffRoutes } from './routes/users-staff.ts';

export const API_BASE = '/v1';

/** The catalog, search, booking-request and admin route files (issue #4 "Libraries", "Admin"). */
const catalogResources = [
  libraryRoutes,
  layoutRoutes,
  searchRoutes,
  bookingRequestRoutes,
  adminRoutes,
  auditRoutes,
];

/** The resource route files, each `(d: RouteDeps) => sub-app` mounted under /v1. */
const resources: ((d: RouteDeps) => OpenAPIHono<CloudEnv>)[] = [
  tenantRoutes,
  authRoutes,
  userRoutes,
  staffRoutes,
  tenantOwnerRoutes,
  ...catalogResources,
  ...billingResources,
  hubMutationRoutes,
  hubCommandRoutes,
  meWaitlistRoutes,
  passRoutes,
  hubRoutes,
  shapeRoutes,
];

/** The socket's remote address (node server); 'unknown' when there is no socket (app.request). */
export function socketAddress(c: Context<CloudEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function routeDeps(deps: CloudDeps): RouteDeps {
  return {
    db: deps.db,
    logger: deps.logger,
    metrics: deps.metrics ?? createCloudMetrics(),
    health: deps.health ?? createHealthChecks(deps.db),
    identity: deps.identity,
    billing: deps.billing,
    messaging: deps.messaging,
    authorizeHub: deps.authorizeHub,
    shapes: deps.shapes,
    now: deps.now ?? Date.now,
    rateLimit: createRateLimiters(
      deps.rateLimits ?? {},
      deps.now ?? Date.now,
      deps.clientAddress ?? socketAddress,
    ),
  };
}

export function createCloudApp(deps: CloudDeps): OpenAPIHono<CloudEnv> {
  const d = routeDeps(deps);
  const app = router();
  app.use(requestContext(d.logger, d.metrics));
  app.use(securityHeaders);
  app.use(corsAllowList(deps.corsOrigins ?? []));
  app.use(limitBody(deps.bodyLimitBytes ?? 64 * 1024));
  app.use(authenticate(deps.authenticate ?? deps.identity?.authenticate ?? (() => null)));
  app.onError(handleError);
  app.notFound((c) =>
    sendError(c, 404, { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }),
  );

  const api = router().basePath(API_BASE);
  const general = d.rateLimit('general');
  const hub = d.rateLimit('hub');
  api.use((c, next) => (isHubPath(c.req.path) ? hub(c, next) : general(c, next)));
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.route('/', healthRoutes(d));
  for (const resource of resources) api.route('/', resource(d));
  api.doc('/openapi.json', { openapi: '3.0.3', info: { title: 'StudySpot cloud API', version: '1.0.0' } });
  app.route('/', api);
  app.route('/', healthRoutes(d));
  app.route('/', metricsRoutes(d));
  app.route('/', wellKnownRoutes(d));
  // The student PWA at /app/ and the owner/admin portal at /admin/ (ADR 0020).
  mountApps(app);
  return app;
}
