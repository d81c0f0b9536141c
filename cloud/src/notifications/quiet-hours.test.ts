import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { quietUntil } from './quiet-hours.ts';

const kolkata = 'Asia/Kolkata';
// Local 2025-03-05 HH:MM in Kolkata (UTC+05:30).
const ist = (day: number, h: number, m = 0) => Date.UTC(2025, 2, day, h, m) - 330 * 60_000;
const night = { start: '22:00', end: '07:00' };

describe('quietUntil', () => {
  it('defers late evening to the next morning', () => {
    expect(quietUntil(ist(5, 23, 15), kolkata, night)).toBe(ist(6, 7));
    expect(quietUntil(ist(5, 22), kolkata, night)).toBe(ist(6, 7));
  });
  it('defers early morning to the same morning', () => {
    expect(quietUntil(ist(6, 2, 30), kolkata, night)).toBe(ist(6, 7));
  });
  it('lets the day through, window ends exclusive', () => {
    expect(quietUntil(ist(6, 7), kolkata, night)).toBeNull();
    expect(quietUntil(ist(6, 21, 59), kolkata, night)).toBeNull();
  });
  it('handles a window inside one day and an empty window', () => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(quietUntil(ist(6, 13, 30), kolkata, lunch)).toBe(ist(6, 14));
    expect(quietUntil(ist(6, 14), kolkata, lunch)).toBeNull();
    expect(quietUntil(ist(6, 3), kolkata, { start: '00:00', end: '00:00' })).toBeNull();
  });
  it('reads the window in the user zone, not UTC', () => {
    // 23:00 UTC is 04:30 in Kolkata: quiet there until 07:00 IST.
    expect(quietUntil(Date.UTC(2025, 2, 5, 23), kolkata, night)).toBe(ist(6, 7));
    expect(quietUntil(Date.UTC(2025, 2, 5, 23), 'UTC', night)).toBe(Date.UTC(2025, 2, 6, 7));
  });
});

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };
  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 59_999,
    ]);
  });
  it('is fully jittered down to zero', () => {
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000);
  });
});
