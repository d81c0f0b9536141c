/**
 * Per-caller rate limits with the seed's classes: `auth` 5/min, `booking` 10/min, `general`
 * 100/min. A fixed window per (class, caller); the caller is the principal's user id when there
 * is one, else the client address. Over the limit → 429 `rate_limited` with Retry-After. The
 * counters are in memory, per replica: with N replicas behind a balancer a caller gets up to N
 * times the limit, which is acceptable for abuse control (an exact limit would need Postgres).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { CloudEnv } from './env.ts';
import { sendError } from './errors.ts';

export const rateClasses = ['auth', 'booking', 'general', 'hub'] as const;
export type RateClass = (typeof rateClasses)[number];

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const seedRateLimits: Record<RateClass, RateLimit> = {
  auth: { limit: 5, windowMs: 60_000 },
  booking: { limit: 10, windowMs: 60_000 },
  general: { limit: 100, windowMs: 60_000 },
  // A paired hub keeps ~10 shape long-polls open and pushes its outbox in batches of 200; catching
  // up after an outage takes a few hundred requests a minute. Hubs are authenticated by signature,
  // so their class is generous; `general` would throttle a library's sync (ADR 0021).
  hub: { limit: 3_000, windowMs: 60_000 },
};

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Fixed-window counters for one class. Expired windows are swept as the map grows. */
export class FixedWindowLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #rule: RateLimit;
  readonly #now: () => number;

  constructor(rule: RateLimit, now: () => number) {
    this.#rule = rule;
    this.#now = now;
  }

  hit(key: string): RateDecision {
    const now = this.#now();
    const { limit, windowMs } = this.#rule;
    let window = this.#windows.get(key);
    if (!window || now - window.start >= windowMs) {
      if (this.#windows.size >= 10_000) this.#sweep(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    const resetMs = window.start + windowMs - now;
    return { allowed: window.count <= limit, remaining: Math.max(0, limit - window.count), resetMs };
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start >= this.#rule.windowMs) this.#windows.delete(key);
    }
  }
}

export type AddressOf = (c: Context<CloudEnv>) => string;

/** The routes only paired hubs call (signed requests): shapes, mutation pushes, heartbeats. */
export const isHubPath = (path: string): boolean =>
  /^\/v1\/(shapes\/|hub\/mutations$|hubs\/heartbeat$)/.test(path);

/** One limiter per class and the middleware factory route files use: `rateLimit('auth')`. */
export function createRateLimiters(
  overrides: Partial<Record<RateClass, RateLimit>>,
  now: () => number,
  addressOf: AddressOf,
): (rateClass: RateClass) => MiddlewareHandler<CloudEnv> {
  const limiters = Object.fromEntries(
    rateClasses.map((name) => [name, new FixedWindowLimiter(overrides[name] ?? seedRateLimits[name], now)]),
  ) as Record<RateClass, FixedWindowLimiter>;
  return (rateClass) => async (c, next) => {
    const principal = c.get('principal');
    const caller = principal ? `user:${principal.userId}` : `addr:${addressOf(c)}`;
    const decision = limiters[rateClass].hit(caller);
    if (!decision.allowed) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(decision.resetMs / 1000))));
      return sendError(c, 429, {
        code: 'rate_limited',
        message: `too many ${rateClass} requests; retry after the Retry-After seconds`,
      });
    }
    await next();
  };
}
