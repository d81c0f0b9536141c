/**
 * `SimLock`: the `LockDriver` for a `SimLockDevice`, used by the demo hub and by tests of
 * everything above the drivers. It follows the same rules as the hardware drivers: state moves only
 * on the device's answer, no answer within `ackTimeoutMs` means `unknown`, and a disconnected
 * device is `unavailable`.
 */
import { type DriverClock, systemDriverClock } from '../clock.ts';
import { LockStateCell, TIMED_OUT, withDeadline } from '../lock-state.ts';
import type { LockDriver, LockEvents, LockState, Subscribe } from '../types.ts';
import { SimLockDevice } from './sim-lock-device.ts';

export interface SimLockOptions {
  id: string;
  device?: SimLockDevice;
  clock?: DriverClock;
  ackTimeoutMs?: number;
}

export class SimLock implements LockDriver {
  readonly id: string;
  readonly device: SimLockDevice;
  readonly #clock: DriverClock;
  readonly #ackTimeoutMs: number;
  readonly #cell = new LockStateCell();
  #unsubscribe: Array<() => void> = [];
  #running = false;

  constructor(options: SimLockOptions) {
    this.id = options.id;
    this.#clock = options.clock ?? systemDriverClock;
    this.device = options.device ?? new SimLockDevice(this.#clock);
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 2_000;
  }

  get state(): LockState {
    return this.#cell.state;
  }

  readonly on: Subscribe<LockEvents> = (event, listener) => this.#cell.on(event, listener);

  /** Listeners the driver holds on its device (zero after `stop`). */
  get heldListeners(): number {
    return this.#unsubscribe.length;
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.#running = true;
    this.#unsubscribe = [
      this.device.on('latch', (latch) => this.#cell.set(latch)),
      this.device.on('connected', (up) => this.#cell.set(up ? this.device.latch : 'unavailable')),
    ];
    this.#cell.set(this.device.connected ? this.device.latch : 'unavailable');
  }

  async stop(): Promise<void> {
    this.#running = false;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#cell.set('unavailable');
  }

  unlock(durationMs: number): Promise<LockState> {
    return this.#command('unlock', durationMs);
  }

  lock(): Promise<LockState> {
    return this.#command('lock', 0);
  }

  async #command(action: 'unlock' | 'lock', durationMs: number): Promise<LockState> {
    if (!this.#running || !this.device.connected) return this.#cell.state;
    const answer = new Promise<LockState>((resolve) => this.device.actuate(action, durationMs, resolve));
    const result = await withDeadline(answer, this.#ackTimeoutMs, this.#clock);
    if (!this.#running) return this.#cell.state;
    return this.#cell.set(result === TIMED_OUT ? 'unknown' : result);
  }
}
