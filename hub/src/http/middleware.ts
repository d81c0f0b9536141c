/**
 * Cross-cutting request handling, in the order `createHttpApp` installs it: request id and
 * per-request logger, timing into the request histogram, security headers on every response,
 * the body size limit, and the caller's identity from the bearer token. `allow(...)` is used per
 * route (before validation, so an anonymous caller gets 401 rather than a validation error).
 */
import { DomainError } from '@studyspot/core';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { Authenticator, Principal, Role } from '../auth/authenticator.ts';
import { bearerToken } from '../auth/authenticator.ts';
import type { HubMetrics } from '../metrics.ts';
import type { HttpEnv } from './env.ts';
import { sendError } from './errors.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** X-Request-Id (the caller's if sane, else fresh), a child logger, and the request's timing. */
export function requestContext(logger: Logger, metrics: HubMetrics): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const log = logger.child({ reqId: id });
    c.set('requestId', id);
    c.set('log', log);
    c.set('principal', null);
    await next();
    c.header('X-Request-Id', id);
    const matched = routePath(c, -1);
    const route = matched.endsWith('*') ? 'unmatched' : matched;
    const seconds = (performance.now() - started) / 1000;
    metrics.observeRequest(c.req.method, route, c.res.status, seconds);
    if (log.isLevelEnabled('debug'))
      log.debug({ method: c.req.method, route, status: c.res.status, seconds }, 'request');
  };
}

export const securityHeaders: MiddlewareHandler<HttpEnv> = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Content-Security-Policy', "default-src 'self'; frame-ancestors 'none'");
};

export const limitBody = (maxSize: number): MiddlewareHandler<HttpEnv> =>
  bodyLimit({
    maxSize,
    onError: (c) =>
      sendError(c, 413, {
        code: 'payload_too_large',
        message: `request bodies are limited to ${maxSize} bytes`,
      }),
  });

/** Resolves the bearer token, if any, to the calling principal; routes decide what it may do. */
export const authenticate =
  (auth: Authenticator): MiddlewareHandler<HttpEnv> =>
  async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token) c.set('principal', await auth.resolveBearer(token));
    await next();
  };

/** Lets the route run only for the given roles: 401 without a valid token, 403 with the wrong one. */
export const allow =
  (...roles: Role[]): MiddlewareHandler<HttpEnv> =>
  async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw new DomainError('unauthorized', 'a valid bearer token is required');
    if (!roles.includes(principal.role))
      throw new DomainError('forbidden', `a ${principal.role} may not do this`);
    await next();
  };

/** The caller of a route guarded by `allow`. */
export function principalOf(c: Context<HttpEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new DomainError('unauthorized', 'a valid bearer token is required');
  return principal;
}

export const staffOnly = allow('staff');
export const staffOrKiosk = allow('staff', 'kiosk');
