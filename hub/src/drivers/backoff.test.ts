import { describe, expect, it } from 'vitest';
import { BackoffPolicy, backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const policy = BackoffPolicy.parse({ initialMs: 100, maxMs: 1_000, factor: 2 });

  it('doubles from the initial delay and caps at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('applies injected jitter downwards only', () => {
    const jittery = { ...policy, jitter: 0.5 };
    expect(backoffDelay(jittery, 2, () => 1)).toBe(200);
    expect(backoffDelay(jittery, 2, () => 0)).toBe(400);
  });
});
