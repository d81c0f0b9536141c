/**
 * `DigitalInput`: a door contact or PIR motion sensor on a GPIO input, as a `SensorDriver`. Edges
 * only start a debounce window; when the level has been stable for `debounceMs` it is read again
 * and reported if it changed, so a bouncing reed switch yields one reading. A vanished chip makes
 * the sensor unavailable and the driver `fatal`.
 */
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import type { DriverLogger, SensorDriver, SensorEvents, SensorReading, Subscribe } from '../types.ts';
import { silentLogger } from '../types.ts';
import { type GpioPin, type GpioPort, type Level, logical } from './gpio-port.ts';
import { type PinAddress, SYSFS_GPIO_ROOT, sysfsNumber } from './sysfs-chip.ts';

export interface DigitalInputOptions {
  id: string;
  /** `contact`: active = door open; `motion`: active = motion detected. */
  role: 'contact' | 'motion';
  pin: PinAddress & { activeLow?: boolean };
  port: GpioPort;
  sysfsRoot?: string;
  debounceMs?: number;
  healthIntervalMs?: number;
  clock?: DriverClock;
  logger?: DriverLogger;
}

export class DigitalInput implements SensorDriver {
  readonly id: string;
  readonly #options: DigitalInputOptions;
  readonly #clock: DriverClock;
  readonly #logger: DriverLogger;
  readonly #emitter = new TypedEmitter<SensorEvents>();
  #pin: GpioPin | null = null;
  #unwatch: (() => void) | null = null;
  #debounce: Cancel | null = null;
  #health: Cancel | null = null;
  #reported: Level | null = null;
  #available = false;

  constructor(options: DigitalInputOptions) {
    this.id = options.id;
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
    this.#logger = options.logger ?? silentLogger;
  }

  readonly on: Subscribe<SensorEvents> = (event, listener) => this.#emitter.on(event, listener);

  get available(): boolean {
    return this.#available;
  }

  async start(_signal: AbortSignal): Promise<void> {
    const root = this.#options.sysfsRoot ?? SYSFS_GPIO_ROOT;
    const pin = this.#options.port.open(sysfsNumber(root, this.#options.pin), 'in');
    this.#pin = pin;
    this.#unwatch = pin.watch((error) => (error ? this.#lost(error) : this.#edge()));
    this.#setAvailable(true);
    this.#settle();
    this.#scheduleHealth();
  }

  async stop(): Promise<void> {
    this.#debounce?.();
    this.#health?.();
    this.#unwatch?.();
    this.#debounce = this.#health = this.#unwatch = null;
    try {
      this.#pin?.close();
    } catch (error) {
      this.#logger.warn({ sensor: this.id, err: String(error) }, 'unexport failed');
    }
    this.#pin = null;
    this.#reported = null;
    this.#setAvailable(false);
  }

  #edge(): void {
    this.#debounce?.();
    this.#debounce = this.#clock.schedule(() => {
      this.#debounce = null;
      this.#settle();
    }, this.#options.debounceMs ?? 50);
  }

  #settle(): void {
    let level: Level;
    try {
      // biome-ignore lint/style/noNonNullAssertion: only scheduled while started
      level = logical(this.#pin!.read(), this.#options.pin.activeLow ?? false);
    } catch (error) {
      this.#lost(error);
      return;
    }
    if (level === this.#reported) return;
    this.#reported = level;
    this.#emitter.emit('reading', this.#reading(level === 1));
  }

  #reading(active: boolean): SensorReading {
    const at = this.#clock.now();
    return this.#options.role === 'contact'
      ? { kind: 'contact', sensorId: this.id, open: active, at }
      : { kind: 'motion', sensorId: this.id, detected: active, at };
  }

  #scheduleHealth(): void {
    this.#health = this.#clock.schedule(() => {
      this.#health = null;
      try {
        this.#pin?.read();
        this.#scheduleHealth();
      } catch (error) {
        this.#lost(error);
      }
    }, this.#options.healthIntervalMs ?? 5_000);
  }

  #lost(error: unknown): void {
    this.#logger.error({ sensor: this.id, err: String(error) }, 'GPIO input lost');
    this.#setAvailable(false);
    this.#emitter.emit('fatal', error instanceof Error ? error : new Error(String(error)));
  }

  #setAvailable(available: boolean): void {
    if (available === this.#available) return;
    this.#available = available;
    this.#emitter.emit('availability', available);
  }
}
