/**
 * Retry delay: exponential backoff with full jitter (a uniform pick in [0, min(cap, base·2^(n−1))]),
 * so many messages failing in one outage do not retry in lock-step. `random` is injected for tests.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
