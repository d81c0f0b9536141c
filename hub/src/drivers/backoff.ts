/**
 * Exponential backoff shared by the supervisor (restarting a dead driver) and the serial link
 * (reopening an unplugged port): 1x, 2x, 4x ... the initial delay, capped, with no jitter unless a
 * random source is injected, so tests can assert exact delays.
 */
import { z } from 'zod';

export const BackoffPolicy = z.object({
  initialMs: z.number().int().min(1).default(500),
  maxMs: z.number().int().min(1).default(30_000),
  factor: z.number().min(1).default(2),
  /** Fraction of the delay randomised away (0 = deterministic). */
  jitter: z.number().min(0).max(1).default(0),
});
export type BackoffPolicy = z.infer<typeof BackoffPolicy>;

export const defaultBackoff: BackoffPolicy = BackoffPolicy.parse({});

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  if (policy.jitter === 0) return raw;
  return Math.round(raw * (1 - policy.jitter * random()));
}
