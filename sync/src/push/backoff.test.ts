import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.ts';

describe('full-jitter backoff', () => {
  const policy = { baseMs: 500, capMs: 4_000 };

  it('doubles the ceiling per failure, capped, and scales it by random()', () => {
    const ceilings = [1, 2, 3, 4, 5, 40].map((n) => backoffDelay(n, policy, () => 0.999_999));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 3999, 3999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.5)).toBe(0);
  });

  it('sleeps until aborted', async () => {
    const abort = new AbortController();
    const slept = sleep(60_000, abort.signal);
    abort.abort();
    await slept;
    await sleep(1);
    await sleep(5, abort.signal);
  });
});
