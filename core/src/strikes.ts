/**
 * [BOOK-11] No-show strikes: `count` no-shows whose starts fall within `windowDays` of each other
 * ban booking for `banDays` after the last of them.
 */
import type { Policy } from './schemas/policy.ts';
import { DAY } from './time.ts';

/** The instant the member's ban ends, or null when they are not banned at `now`. */
export function bannedUntil(noShowStarts: readonly number[], policy: Policy, now: number): number | null {
  const { count, windowDays, banDays } = policy.noShowStrikes;
  const sorted = [...noShowStarts].sort((a, b) => a - b);
  let until: number | null = null;
  for (let i = count - 1; i < sorted.length; i++) {
    const last = sorted[i] as number;
    const first = sorted[i - count + 1] as number;
    if (last - first <= windowDays * DAY) {
      const end = last + banDays * DAY;
      if (end > now && (until === null || end > until)) until = end;
    }
  }
  return until;
}
