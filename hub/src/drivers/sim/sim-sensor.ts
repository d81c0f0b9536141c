/**
 * `SimSensor`: an in-process `SensorDriver`. Tests push readings and flip its presence by hand; the
 * demo hub gives it a `generate` function and an interval to produce readings on a schedule.
 */
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import type { SensorDriver, SensorEvents, SensorReading, Subscribe } from '../types.ts';

export interface SimSensorOptions {
  id: string;
  clock?: DriverClock;
  /** With `intervalMs`, produces a reading on every tick. */
  generate?: (at: number) => SensorReading;
  intervalMs?: number;
}

export class SimSensor implements SensorDriver {
  readonly id: string;
  readonly #clock: DriverClock;
  readonly #generate: ((at: number) => SensorReading) | undefined;
  readonly #intervalMs: number;
  readonly #emitter = new TypedEmitter<SensorEvents>();
  #running = false;
  #online = true;
  #tick: Cancel | null = null;

  constructor(options: SimSensorOptions) {
    this.id = options.id;
    this.#clock = options.clock ?? systemDriverClock;
    this.#generate = options.generate;
    this.#intervalMs = options.intervalMs ?? 10_000;
  }

  readonly on: Subscribe<SensorEvents> = (event, listener) => this.#emitter.on(event, listener);

  get available(): boolean {
    return this.#running && this.#online;
  }

  /** Timers the driver holds (zero after `stop`). */
  get heldTimers(): number {
    return this.#tick ? 1 : 0;
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.#running = true;
    this.#emitter.emit('availability', this.available);
    this.#scheduleTick();
  }

  async stop(): Promise<void> {
    const wasAvailable = this.available;
    this.#running = false;
    this.#tick?.();
    this.#tick = null;
    if (wasAvailable) this.#emitter.emit('availability', false);
  }

  /** Delivers a reading as if the sensor had reported it (ignored while offline or stopped). */
  push(reading: SensorReading): void {
    if (this.available) this.#emitter.emit('reading', reading);
  }

  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (this.#running) this.#emitter.emit('availability', online);
  }

  #scheduleTick(): void {
    const generate = this.#generate;
    if (!generate || !this.#running) return;
    this.#tick = this.#clock.schedule(() => {
      this.push(generate(this.#clock.now()));
      this.#scheduleTick();
    }, this.#intervalMs);
  }
}
