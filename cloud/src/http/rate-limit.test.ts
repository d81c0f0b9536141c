/**
 * Rate limits: the seed's classes per caller (user id, else address), 429 `rate_limited` with
 * Retry-After, and a fresh window once the clock moves on. The clock is faked, never slept on.
 */
import { describe, expect, it } from 'vitest';
import { router } from './openapi.ts';
import { createRateLimiters, FixedWindowLimiter, isHubPath, seedRateLimits } from './rate-limit.ts';

describe('FixedWindowLimiter', () => {
  it('allows the limit per window and reports when it resets', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter({ limit: 2, windowMs: 60_000 }, () => now);
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(true);
    now = 15_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, remaining: 0, resetMs: 45_000 });
    expect(limiter.hit('b').allowed).toBe(true);
    now = 60_000;
    expect(limiter.hit('a').allowed).toBe(true);
  });

  it('has the seed limits', () => {
    expect(seedRateLimits).toEqual({
      auth: { limit: 5, windowMs: 60_000 },
      booking: { limit: 10, windowMs: 60_000 },
      general: { limit: 100, windowMs: 60_000 },
      hub: { limit: 3_000, windowMs: 60_000 },
    });
  });

  it('puts only the signed hub routes in the hub class', () => {
    expect(['/v1/shapes/seats', '/v1/hub/mutations', '/v1/hubs/heartbeat'].map(isHubPath)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['/v1/hubs/pair', '/v1/libraries/x/hubs', '/v1/hub/mutations/x', '/v1/search'].map(isHubPath),
    ).toEqual([false, false, false, false]);
  });
});

describe('rateLimit middleware', () => {
  const build = () => {
    const clock = { now: 0 };
    const address = { value: '10.0.0.1' };
    const rateLimit = createRateLimiters(
      {},
      () => clock.now,
      () => address.value,
    );
    const app = router();
    app.use(async (c, next) => {
      const user = c.req.header('x-user');
      c.set('principal', user ? { userId: user, role: 'student', tenantId: null } : null);
      await next();
    });
    app.post('/login', rateLimit('auth'), (c) => c.text('ok'));
    app.post('/book', rateLimit('booking'), (c) => c.text('ok'));
    return { app, clock, address };
  };

  it('answers the sixth auth request in a minute with 429 and Retry-After', async () => {
    const { app, clock, address } = build();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await app.request('/login', { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    clock.now = 20_000;
    const refused = await app.request('/login', { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(await refused.json()).toMatchObject({ code: 'rate_limited' });
    address.value = '10.0.0.2';
    expect((await app.request('/login', { method: 'POST' })).status).toBe(200);
    clock.now = 60_000;
    address.value = '10.0.0.1';
    expect((await app.request('/login', { method: 'POST' })).status).toBe(200);
  });

  it('keys by user id when there is one, and keeps classes apart', async () => {
    const { app } = build();
    const as = (user: string) => ({ method: 'POST', headers: { 'x-user': user } });
    for (let i = 0; i < 10; i++) expect((await app.request('/book', as('u1'))).status).toBe(200);
    expect((await app.request('/book', as('u1'))).status).toBe(429);
    expect((await app.request('/book', as('u2'))).status).toBe(200);
    expect((await app.request('/login', as('u1'))).status).toBe(200);
  });
});
