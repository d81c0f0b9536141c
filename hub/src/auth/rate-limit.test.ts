import { MINUTE } from '@studyspot/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { FailureLimiter } from './rate-limit.ts';
import { newToken, tokenHash } from './tokens.ts';

describe('FailureLimiter', () => {
  it('blocks a key after `limit` failures inside the window and lets old failures slide out', () => {
    const clock = new ManualClock(0);
    const limiter = new FailureLimiter({ limit: 3, windowMs: MINUTE, clock });
    for (let i = 0; i < 3; i++) {
      expect(limiter.blocked('a')).toBe(false);
      limiter.fail('a');
      clock.advance(10_000);
    }
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.blocked('b')).toBe(false);
    clock.set(MINUTE + 1); // the first failure (t=0) has left the window
    expect(limiter.blocked('a')).toBe(false);
    limiter.fail('a');
    expect(limiter.blocked('a')).toBe(true);
    limiter.reset('a');
    expect(limiter.blocked('a')).toBe(false);
  });

  it('keeps at most maxKeys keys, dropping the oldest', () => {
    const clock = new ManualClock(0);
    const limiter = new FailureLimiter({ limit: 1, windowMs: MINUTE, clock, maxKeys: 2 });
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    expect([limiter.blocked('a'), limiter.blocked('b'), limiter.blocked('c')]).toEqual([false, true, true]);
  });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url, hashed with sha256', () => {
    const token = newToken();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(tokenHash(token)).toBe(tokenHash(token));
    expect(tokenHash(token)).not.toContain(token);
  });
});
