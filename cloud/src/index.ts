/** The cloud service's public surface: config, storage, the HTTP app and the runner. */
export { CloudConfig, ConfigError, loadCloudConfig } from './config.ts';
export * from './db/index.ts';
export { API_BASE, createCloudApp, routeDeps } from './http/app.ts';
export type { Authenticate, CloudDeps, CloudEnv, Principal, Role, RouteDeps } from './http/env.ts';
export { roles } from './http/env.ts';
export { type ApiError, handleError, sendError } from './http/errors.ts';
export { HealthChecks } from './http/health.ts';
export { allow, principalOf } from './http/middleware.ts';
export { type RateClass, type RateLimit, seedRateLimits } from './http/rate-limit.ts';
export { type RunningCloudServer, startCloudServer } from './http/server.ts';
export { type RunningCloud, runCloud } from './main.ts';
