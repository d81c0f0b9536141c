/**
 * An in-memory sliding-window counter of failures per key (the login route keys it by
 * username + client address). A key is blocked once it has `limit` failures inside the last
 * `windowMs`; old failures fall out of the window one by one. Time comes from the injected clock.
 */
import type { Clock } from '../clock.ts';

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  clock: Clock;
  /** Stops an attacker growing the map without bound; the oldest keys are dropped first. */
  maxKeys?: number;
}

export class FailureLimiter {
  readonly #o: Required<RateLimitOptions>;
  readonly #failures = new Map<string, number[]>();

  constructor(options: RateLimitOptions) {
    this.#o = { maxKeys: 10_000, ...options };
  }

  /** True when `key` has used up its failures for the current window. */
  blocked(key: string): boolean {
    return this.#recent(key).length >= this.#o.limit;
  }

  fail(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#o.clock.now());
    this.#failures.delete(key);
    this.#failures.set(key, recent);
    if (this.#failures.size > this.#o.maxKeys) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#o.clock.now() - this.#o.windowMs;
    const recent = (this.#failures.get(key) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(key);
    return recent;
  }
}
