/**
 * Cross-cutting request handling, in the order `createCloudApp` installs it: request id and
 * per-request logger with timing into the histogram, the seed's security headers, CORS from the
 * allow-list, the body size limit, and the caller from the injected `authenticate`. `allow(...)`
 * guards a route by role (401 without a principal, 403 with the wrong role).
 */
import { DomainError } from '@studyspot/core';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { STUDENT_APP_PREFIX } from './apps.ts';
import type { Authenticate, CloudEnv, Principal, Role } from './env.ts';
import { sendError } from './errors.ts';
import type { CloudMetrics } from './metrics.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** X-Request-Id (the caller's if sane, else fresh), a child logger, and the request's timing. */
export function requestContext(logger: Logger, metrics: CloudMetrics): MiddlewareHandler<CloudEnv> {
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

/** The API's and the admin portal's content policy: this origin only. */
export const API_CSP = "default-src 'self'";

/**
 * The student app's (`/app/`, ADR 0027): this origin, plus exactly what Razorpay Standard Checkout
 * needs — its script from checkout.razorpay.com, the payment form it frames from api.razorpay.com
 * (and checkout.razorpay.com), and the calls it makes to api.razorpay.com and its event log
 * (lumberjack). Stripe Checkout is a top-level redirect to checkout.stripe.com, which CSP does not
 * govern, so Stripe needs nothing here.
 */
export const STUDENT_APP_CSP = [
  "default-src 'self'",
  "script-src 'self' https://checkout.razorpay.com",
  'frame-src https://api.razorpay.com https://checkout.razorpay.com',
  "connect-src 'self' https://api.razorpay.com https://lumberjack.razorpay.com",
].join('; ');

/** The policy of a response to `path`. */
export function contentSecurityPolicy(path: string): string {
  return path === STUDENT_APP_PREFIX || path.startsWith(`${STUDENT_APP_PREFIX}/`) ? STUDENT_APP_CSP : API_CSP;
}

/** The seed's security headers ("API Security"), on every response. */
export const securityHeaders: MiddlewareHandler<CloudEnv> = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('X-XSS-Protection', '1; mode=block');
  c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  c.header('Content-Security-Policy', contentSecurityPolicy(c.req.path));
  c.header('Referrer-Policy', 'no-referrer');
};

/** CORS for the listed origins only; other origins get no CORS headers (the browser refuses). */
export const corsAllowList = (origins: readonly string[]): MiddlewareHandler<CloudEnv> =>
  cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });

/**
 * The body size limit. A request with a Content-Length (Node's parser holds the body to it) is
 * decided from that header, a GET or HEAD without one has no body; anything else (a chunked body,
 * an in-process `app.request`) goes through hono's bodyLimit, which counts the bytes. Why not bodyLimit for all: it reads `c.req.raw.body`, which
 * makes @hono/node-server build a full WHATWG Request for every request — a measurable share of a
 * search's CPU (ADR 0017).
 */
export const limitBody = (maxSize: number): MiddlewareHandler<CloudEnv> => {
  const tooLarge = (c: Context<CloudEnv>) =>
    sendError(c, 413, {
      code: 'payload_too_large',
      message: `request bodies are limited to ${maxSize} bytes`,
    });
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
      return counted(c, next);
    }
    if (Number(length) > maxSize) return tooLarge(c);
    await next();
  };
};

/** Resolves the caller once per request; routes decide what it may do. */
export const authenticate =
  (resolve: Authenticate): MiddlewareHandler<CloudEnv> =>
  async (c, next) => {
    c.set('principal', await resolve(c));
    await next();
  };

/** Lets the route run only for the given roles: 401 without a principal, 403 with another role. */
export const allow =
  (...allowed: Role[]): MiddlewareHandler<CloudEnv> =>
  async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw new DomainError('unauthorized', 'valid credentials are required');
    if (!allowed.includes(principal.role))
      throw new DomainError('forbidden', `a ${principal.role} may not do this`);
    await next();
  };

/** The caller of a route guarded by `allow`. */
export function principalOf(c: Context<CloudEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new DomainError('unauthorized', 'valid credentials are required');
  return principal;
}
