/**
 * Time for drivers: the current instant and cancellable timers, injected so that pulses, debounce,
 * ack timeouts and restart backoff are driven by hand in tests instead of slept on.
 */

/** Cancels a scheduled callback; calling it twice is harmless. */
export type Cancel = () => void;

export interface DriverClock {
  now(): number;
  schedule(callback: () => void, delayMs: number): Cancel;
}

export const systemDriverClock: DriverClock = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

interface Pending {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** A clock tests move by hand: `advance(ms)` runs every callback that falls due, in order. */
export class ManualDriverClock implements DriverClock {
  #now: number;
  #seq = 0;
  #pending: Pending[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  schedule(callback: () => void, delayMs: number): Cancel {
    const entry: Pending = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, callback };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((p) => p !== entry);
    };
  }

  /** Number of callbacks still scheduled (a stopped driver leaves none). */
  get pendingCount(): number {
    return this.#pending.length;
  }

  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(until);
      if (!next) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = next.at;
      next.callback();
    }
    this.#now = until;
  }

  #nextDue(until: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.#pending) {
      if (p.at > until) continue;
      if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
