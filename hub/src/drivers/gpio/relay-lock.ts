/**
 * `RelayLock`: a door strike or locker solenoid on a relay, through sysfs GPIO. Unlock energises the
 * relay for a timed pulse and de-energises it after the duration. Confirmation is the pin read back
 * (a write the kernel did not take leaves `unknown`); with a latch-monitor input configured, the
 * latch must also report released within `ackTimeoutMs`, else the lock is `jammed` and the relay is
 * de-energised to spare the coil. A vanished chip makes the lock `unavailable` and the driver
 * `fatal`, so the supervisor re-exports the pins once the chip is back.
 *
 *   locked ──unlock: relay on, read back──► unlocked ──duration / lock(): relay off──► locked
 *      │ read back differs → unknown        │ latch did not release → jammed (relay off)
 *      └ I/O error / chip gone → unavailable
 */
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { LockStateCell, TIMED_OUT, withDeadline } from '../lock-state.ts';
import {
  type DriverLogger,
  type LockDriver,
  type LockEvents,
  type LockState,
  type Subscribe,
  silentLogger,
} from '../types.ts';
import { type GpioPin, type GpioPort, type Level, logical } from './gpio-port.ts';
import { type PinAddress, SYSFS_GPIO_ROOT, sysfsNumber } from './sysfs-chip.ts';

export interface RelayLockOptions {
  id: string;
  relay: PinAddress & { activeLow?: boolean };
  /** A latch-monitor input; `releasedLevel` is its level while the latch is open. */
  feedback?: PinAddress & { releasedLevel: Level };
  port: GpioPort;
  sysfsRoot?: string;
  clock?: DriverClock;
  logger?: DriverLogger;
  ackTimeoutMs?: number;
  healthIntervalMs?: number;
}

export class RelayLock implements LockDriver {
  readonly id: string;
  readonly #options: RelayLockOptions;
  readonly #clock: DriverClock;
  readonly #logger: DriverLogger;
  readonly #cell = new LockStateCell();
  #relay: GpioPin | null = null;
  #feedback: GpioPin | null = null;
  #relock: Cancel | null = null;
  #health: Cancel | null = null;

  constructor(options: RelayLockOptions) {
    this.id = options.id;
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
    this.#logger = options.logger ?? silentLogger;
  }

  get state(): LockState {
    return this.#cell.state;
  }

  readonly on: Subscribe<LockEvents> = (event, listener) => this.#cell.on(event, listener);

  async start(_signal: AbortSignal): Promise<void> {
    const root = this.#options.sysfsRoot ?? SYSFS_GPIO_ROOT;
    const { port, relay, feedback } = this.#options;
    this.#relay = port.open(sysfsNumber(root, relay), 'out');
    if (feedback) this.#feedback = port.open(sysfsNumber(root, feedback), 'in');
    this.#cell.set(this.#drive(0));
    this.#scheduleHealth();
  }

  async stop(): Promise<void> {
    this.#relock?.();
    this.#health?.();
    this.#relock = this.#health = null;
    for (const pin of [this.#relay, this.#feedback]) {
      try {
        pin?.close();
      } catch (error) {
        this.#logger.warn({ lock: this.id, err: String(error) }, 'unexport failed');
      }
    }
    this.#relay = this.#feedback = null;
    this.#cell.set('unavailable');
  }

  async unlock(durationMs: number): Promise<LockState> {
    if (!this.#relay || this.state === 'unavailable') return this.state;
    const driven = this.#drive(1);
    if (driven !== 'unlocked') return this.#cell.set(driven);
    if (!(await this.#latchReleased())) {
      this.#drive(0);
      return this.#cell.set(this.#relay ? 'jammed' : this.state);
    }
    this.#relock?.();
    this.#relock = this.#clock.schedule(() => {
      this.#relock = null;
      this.#cell.set(this.#drive(0));
    }, durationMs);
    return this.#cell.set('unlocked');
  }

  async lock(): Promise<LockState> {
    if (!this.#relay || this.state === 'unavailable') return this.state;
    this.#relock?.();
    this.#relock = null;
    return this.#cell.set(this.#drive(0));
  }

  /** Writes the relay (1 = energised) and reads it back; the state this confirms. */
  #drive(energised: Level): LockState {
    const relay = this.#relay;
    if (!relay) return 'unavailable';
    const level = logical(energised, this.#options.relay.activeLow ?? false);
    try {
      relay.write(level);
      if (relay.read() !== level) return 'unknown';
      return energised ? 'unlocked' : 'locked';
    } catch (error) {
      this.#lost(error);
      return 'unavailable';
    }
  }

  async #latchReleased(): Promise<boolean> {
    const feedback = this.#feedback;
    const released = this.#options.feedback?.releasedLevel;
    if (!feedback || released === undefined) return true;
    if (feedback.read() === released) return true;
    let unwatch: () => void = () => {};
    const seen = new Promise<boolean>((resolve) => {
      unwatch = feedback.watch((_error, level) => level === released && resolve(true));
    });
    const result = await withDeadline(seen, this.#options.ackTimeoutMs ?? 1_000, this.#clock);
    unwatch();
    return result !== TIMED_OUT;
  }

  #scheduleHealth(): void {
    this.#health = this.#clock.schedule(() => {
      this.#health = null;
      try {
        this.#relay?.read();
        this.#scheduleHealth();
      } catch (error) {
        this.#lost(error);
      }
    }, this.#options.healthIntervalMs ?? 5_000);
  }

  #lost(error: unknown): void {
    this.#logger.error({ lock: this.id, err: String(error) }, 'GPIO lost');
    this.#cell.set('unavailable');
    this.#cell.fatal(error instanceof Error ? error : new Error(String(error)));
  }
}
