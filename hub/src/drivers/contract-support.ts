/**
 * Time control for the shared contract suites. A harness either moves a manual clock
 * (`advance` runs due timers, then lets promises settle) or runs on real time against a real
 * device (`advance` waits briefly). The helpers below poll in bounded steps, never unbounded.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ManualDriverClock } from './clock.ts';

export interface TimeControl {
  /** Lets `ms` of device time pass. */
  advance(ms: number): Promise<void>;
  /** Upper bound of device time for a state to settle (relock, unavailable, ...). */
  readonly settleMs: number;
  /** Step used while polling. */
  readonly stepMs: number;
}

export async function flushPromises(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await nextTurn();
}

export function manualTime(clock: ManualDriverClock, settleMs = 10_000, stepMs = 50): TimeControl {
  return {
    settleMs,
    stepMs,
    async advance(ms) {
      await flushPromises();
      clock.advance(ms);
      await flushPromises();
    },
  };
}

export function realTime(settleMs = 3_000, stepMs = 20): TimeControl {
  return {
    settleMs,
    stepMs,
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** Advances time until `check` holds; fails after `time.settleMs`. */
export async function eventually(time: TimeControl, check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited <= time.settleMs; waited += time.stepMs) {
    if (check()) return;
    await time.advance(time.stepMs);
  }
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Advances time until `promise` settles; fails after `time.settleMs`. */
export async function settle<T>(time: TimeControl, promise: Promise<T>): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  await eventually(time, () => done, 'a pending command to settle');
  return tracked;
}
