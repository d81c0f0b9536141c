/**
 * The types every HTTP module shares: what `createHttpApp` is given, what each route factory
 * receives, and the per-request context variables (the caller, the request logger).
 */
import type { Logger } from 'pino';
import type { Authenticator, Principal } from '../auth/authenticator.ts';
import type { FailureLimiter } from '../auth/rate-limit.ts';
import type { EntryDesk } from '../entry/entry-desk.ts';
import type { HubCore } from '../hub.ts';
import type { HubMetrics } from '../metrics.ts';
import type { HealthChecks } from './health.ts';
import type { DeviceDeps } from './routes/devices.ts';

export interface HttpDeps {
  core: HubCore;
  logger: Logger;
  /** Defaults to a fresh registry of hub metrics. */
  metrics?: HubMetrics;
  /** Defaults to a registry with the database check; others add their components to it. */
  health?: HealthChecks;
  /** Failed logins allowed per username + address per window (default 5 per minute). */
  loginLimit?: { limit: number; windowMs: number };
  /** Largest request body accepted, in bytes (default 64 KiB). */
  bodyLimitBytes?: number;
  /** The entrance; without it the entry routes are not served. */
  entry?: EntryDesk;
  /** The hardware and its alerts; without them the device routes are not served. */
  devices?: DeviceDeps;
  /** Holds `<app>/dist` of the browser apps (ADR 0020); default `defaultAppsDir()`, null: none served. */
  appsDir?: string | null;
}

/** What each route file is built from: the deps with every default filled in. */
export interface RouteDeps {
  core: HubCore;
  logger: Logger;
  metrics: HubMetrics;
  health: HealthChecks;
  auth: Authenticator;
  loginLimiter: FailureLimiter;
}

export interface HttpEnv {
  Variables: {
    requestId: string;
    log: Logger;
    principal: Principal | null;
  };
}
