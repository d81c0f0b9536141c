/**
 * The in-process "hardware" behind `SimLock`: a latch that unlocks for a duration and relocks, with
 * the same fault switches as the firmware simulator (drop: never answer; delay: answer late; jam:
 * answer `jammed`; disconnect: gone). It owns no driver logic, only what a device would do.
 */
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import type { Subscribe } from '../types.ts';

export type LatchState = 'locked' | 'unlocked';

export interface SimLockDeviceEvents {
  latch: [state: LatchState];
  connected: [connected: boolean];
}

export interface SimLockFaults {
  drop: boolean;
  jam: boolean;
  delayMs: number;
}

export class SimLockDevice {
  readonly #clock: DriverClock;
  readonly #emitter = new TypedEmitter<SimLockDeviceEvents>();
  readonly faults: SimLockFaults = { drop: false, jam: false, delayMs: 0 };
  #latch: LatchState = 'locked';
  #connected = true;
  #relock: Cancel | null = null;
  #replies = new Set<Cancel>();

  constructor(clock: DriverClock = systemDriverClock) {
    this.#clock = clock;
  }

  readonly on: Subscribe<SimLockDeviceEvents> = (event, listener) => this.#emitter.on(event, listener);

  get latch(): LatchState {
    return this.#latch;
  }

  get connected(): boolean {
    return this.#connected;
  }

  /** Scheduled relocks and replies still pending (zero once the device is idle). */
  get pendingTimers(): number {
    return this.#replies.size + (this.#relock ? 1 : 0);
  }

  /** Actuates and calls `reply` with the resulting state, unless a fault swallows the command. */
  actuate(
    action: 'unlock' | 'lock',
    durationMs: number,
    reply: (state: LatchState | 'jammed') => void,
  ): void {
    if (!this.#connected || this.faults.drop) return;
    const answer = (): void => {
      if (!this.#connected) return;
      if (this.faults.jam) {
        reply('jammed');
        return;
      }
      if (action === 'unlock') this.#unlockFor(durationMs);
      else this.#setLatch('locked');
      reply(this.#latch);
    };
    if (this.faults.delayMs <= 0) {
      answer();
      return;
    }
    const cancel = this.#clock.schedule(() => {
      this.#replies.delete(cancel);
      answer();
    }, this.faults.delayMs);
    this.#replies.add(cancel);
  }

  setConnected(connected: boolean): void {
    if (connected === this.#connected) return;
    this.#connected = connected;
    if (!connected) this.#cancelAll();
    this.#emitter.emit('connected', connected);
  }

  #unlockFor(durationMs: number): void {
    this.#relock?.();
    this.#setLatch('unlocked');
    this.#relock = this.#clock.schedule(() => {
      this.#relock = null;
      this.#setLatch('locked');
    }, durationMs);
  }

  #setLatch(state: LatchState): void {
    if (state === 'locked') {
      this.#relock?.();
      this.#relock = null;
    }
    if (state === this.#latch) return;
    this.#latch = state;
    this.#emitter.emit('latch', state);
  }

  #cancelAll(): void {
    for (const cancel of this.#replies) cancel();
    this.#replies.clear();
    this.#relock?.();
    this.#relock = null;
    this.#latch = 'locked';
  }
}
