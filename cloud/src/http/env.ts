/**
 * The types every cloud HTTP module shares: the caller (`Principal`), what `createCloudApp` is
 * given, what each route file receives, and the per-request context variables.
 */

import { UserRole } from '@studyspot/core';
import type { ShapeServerTuning } from '@studyspot/sync';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Billing } from '../billing/index.ts';
import type { Database } from '../db/types.ts';
import type { AuthorizeHub } from '../hub-intake/types.ts';
import type { Identity } from '../identity/identity.ts';
import type { Messaging } from '../messaging/index.ts';
import type { HealthChecks } from './health.ts';
import type { CloudMetrics } from './metrics.ts';
import type { RateClass, RateLimit } from './rate-limit.ts';

export const roles = UserRole.options;
export type Role = UserRole;

/** Who is calling. Staff and owners act for one tenant; students and platform admins for none. */
export interface Principal {
  userId: string;
  role: Role;
  tenantId: string | null;
  /** For staff: the libraries they work at (owners: every library of the tenant). */
  libraryIds?: readonly string[];
}

/** Resolves the request's credentials to a principal, or null when there are none or they fail. */
export type Authenticate = (c: Context<CloudEnv>) => Principal | null | Promise<Principal | null>;

export interface CloudDeps {
  db: Database;
  logger: Logger;
  /** Built by the identity work (JWT); until then, and by default, nobody is authenticated. */
  authenticate?: Authenticate;
  /** Sign-in, tokens and JWKS (cloud/src/identity); without it the auth routes are not mounted. */
  identity?: Identity;
  /** Payments, invoices, reports (cloud/src/billing); without it those routes are not mounted. */
  billing?: Billing;
  /** The notification outbox and local outbox (cloud/src/messaging), for the admin view. */
  messaging?: Messaging;
  /** Origins allowed by CORS; none by default. */
  corsOrigins?: readonly string[];
  /** Overrides of the seed's rate limits (auth 5, booking 10, general 100 per minute). */
  rateLimits?: Partial<Record<RateClass, RateLimit>>;
  /** The clock of the rate limiter (ms since epoch); tests pass a fake. */
  now?: () => number;
  /** The caller's address, for rate limiting callers without a principal. */
  clientAddress?: (c: Context<CloudEnv>) => string;
  metrics?: CloudMetrics;
  /** Defaults to a registry with the database check; others add their components. */
  health?: HealthChecks;
  /** Largest request body accepted, in bytes (default 64 KiB). */
  bodyLimitBytes?: number;
  /** Which paired hub a request comes from (POST /v1/hub/mutations); none by default: 401. */
  authorizeHub?: AuthorizeHub<Context<CloudEnv>>;
  /** Long-poll tuning of the built-in shape server (GET /v1/shapes/{name}); tests shorten it. */
  shapes?: ShapeServerTuning;
}

/** What each route file is built from: the deps with every default filled in. */
export interface RouteDeps {
  db: Database;
  logger: Logger;
  metrics: CloudMetrics;
  health: HealthChecks;
  /** The clock (ms since epoch): `deps.now` or Date.now. Rules take it as their `now`. */
  now: () => number;
  /** The identity service, when the app has one (auth routes, JWKS). */
  identity?: Identity | undefined;
  billing?: Billing | undefined;
  messaging?: Messaging | undefined;
  /** Which paired hub a request comes from, when hub pairing (or a test) provides it. */
  authorizeHub?: AuthorizeHub<Context<CloudEnv>> | undefined;
  shapes?: ShapeServerTuning | undefined;
  /** The limiter of one class, as route middleware: `middleware: [d.rateLimit('auth')]`. */
  rateLimit(rateClass: RateClass): MiddlewareHandler<CloudEnv>;
}

export interface CloudEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal | null;
  };
}
