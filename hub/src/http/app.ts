/**
 * The hub's LAN API: a Hono app under /api/v1 built from one sub-app per resource, with the
 * cross-cutting middleware, the single error mapping (errors.ts) and the OpenAPI document at
 * /api/v1/openapi.json. Every route validates its params, query and body with schemas from `core`.
 */

import type { OpenAPIHono } from '@hono/zod-openapi';
import { MINUTE } from '@studyspot/core';
import { Authenticator } from '../auth/authenticator.ts';
import { FailureLimiter } from '../auth/rate-limit.ts';
import { createHubMetrics } from '../metrics.ts';
import { defaultAppsDir, mountApps } from './apps.ts';
import type { HttpDeps, HttpEnv, RouteDeps } from './env.ts';
import { handleError, sendError } from './errors.ts';
import { createHealthChecks } from './health.ts';
import { authenticate, limitBody, requestContext, securityHeaders } from './middleware.ts';
import { router } from './openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { bookingActionRoutes } from './routes/booking-actions.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { deskRoutes } from './routes/desk.ts';
import { deviceRoutes } from './routes/devices.ts';
import { entryRoutes } from './routes/entry.ts';
import { holdRoutes } from './routes/holds.ts';
import { kioskRoutes } from './routes/kiosk.ts';
import { kioskDeviceRoutes } from './routes/kiosk-devices.ts';
import { libraryRoutes } from './routes/library.ts';
import { meRoutes } from './routes/me.ts';
import { memberRoutes } from './routes/members.ts';
import { opsRoutes } from './routes/ops.ts';
import { paymentRoutes } from './routes/payments.ts';
import { seatRoutes } from './routes/seats.ts';
import { syncRoutes } from './routes/sync.ts';
import { waitlistRoutes } from './routes/waitlist.ts';

export const API_BASE = '/api/v1';

const resources = [
  authRoutes,
  kioskDeviceRoutes,
  libraryRoutes,
  seatRoutes,
  holdRoutes,
  bookingRoutes,
  bookingActionRoutes,
  memberRoutes,
  paymentRoutes,
  waitlistRoutes,
  opsRoutes,
  syncRoutes,
  deskRoutes,
  meRoutes,
];

/** Fills in the defaults of `deps`. */
export function routeDeps(deps: HttpDeps): RouteDeps {
  const { core, logger } = deps;
  return {
    core,
    logger,
    metrics: deps.metrics ?? createHubMetrics(core),
    health: deps.health ?? createHealthChecks(core.db),
    auth: new Authenticator(core.db, core.clock),
    loginLimiter: new FailureLimiter({ limit: 5, windowMs: MINUTE, ...deps.loginLimit, clock: core.clock }),
  };
}

export function createHttpApp(deps: HttpDeps): OpenAPIHono<HttpEnv> {
  const d = routeDeps(deps);
  const app = router();
  app.use(requestContext(d.logger, d.metrics));
  app.use(securityHeaders);
  app.use(limitBody(deps.bodyLimitBytes ?? 64 * 1024));
  app.use(authenticate(d.auth));
  // A write is acknowledged only once it is on disk (group commit, ADR 8).
  app.use(async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await d.core.durable();
  });
  app.onError(handleError);
  app.notFound((c) =>
    sendError(c, 404, { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` }),
  );

  const api = router().basePath(API_BASE);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const resource of resources) api.route('/', resource(d));
  if (deps.entry) api.route('/', entryRoutes(d, deps.entry));
  if (deps.entry) api.route('/', kioskRoutes(d, deps.entry));
  if (deps.devices) api.route('/', deviceRoutes(d, deps.devices));
  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'StudySpot hub LAN API', version: '1.0.0' },
  });
  app.route('/', api);
  // /health and /metrics also at the root, where load balancers and Prometheus look first.
  app.route('/', opsRoutes(d));
  // The kiosk and the staff dashboard, after the API so they never shadow it (ADR 0020).
  const appsDir = deps.appsDir === undefined ? defaultAppsDir() : deps.appsDir;
  if (appsDir) mountApps(app, appsDir);
  return app;
}
