/**
 * The state cell every `LockDriver` keeps: the last confirmed `LockState`, change events, and the
 * deadline helper that turns an unconfirmed command into `unknown`. Drivers own when the state
 * moves; this module owns that it only moves through `set`, and that listeners see every change once.
 */
import type { DriverClock } from './clock.ts';
import { TypedEmitter } from './emitter.ts';
import type { LockEvents, LockState, Subscribe } from './types.ts';

export class LockStateCell {
  readonly #emitter: TypedEmitter<LockEvents>;
  #state: LockState = 'unavailable';

  constructor(onListenerError?: (event: keyof LockEvents, error: unknown) => void) {
    this.#emitter = new TypedEmitter<LockEvents>(onListenerError);
  }

  get state(): LockState {
    return this.#state;
  }

  readonly on: Subscribe<LockEvents> = (event, listener) => this.#emitter.on(event, listener);

  set(next: LockState): LockState {
    const previous = this.#state;
    if (next !== previous) {
      this.#state = next;
      this.#emitter.emit('state', next, previous);
    }
    return next;
  }

  fatal(error: Error): void {
    this.#emitter.emit('fatal', error);
  }

  listenerCount(): number {
    return this.#emitter.listenerCount();
  }
}

export const TIMED_OUT = Symbol('timed out');

/** Resolves with `work`'s value, or `TIMED_OUT` if it takes longer than `ms` on `clock`. */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  clock: DriverClock,
): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const cancel = clock.schedule(() => resolve(TIMED_OUT), ms);
    work.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error);
      },
    );
  });
}
