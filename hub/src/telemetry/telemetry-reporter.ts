/**
 * Sends the rolled-up telemetry to the cloud (rollup.ts): every `windowMs` (a quarter hour) the
 * window's summaries go into the outbox as one `telemetry.rollup` mutation, in a write transaction
 * of their own; the pusher carries them up with everything else, across outages. An unfinished
 * window is written on stop. Readings only live in memory until then: a crash loses at most one
 * window of telemetry, never a booking.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock.ts';
import type { SensorDriver } from '../drivers/types.ts';
import type { Catalog } from '../store/catalog.ts';
import { type Db, decide } from '../store/db.ts';
import { appendOutbox } from '../store/outbox.ts';
import { TelemetryRollup } from './rollup.ts';

export interface TelemetryReporterDeps {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  sensors: readonly SensorDriver[];
  windowMs?: number;
}

export const TELEMETRY_WINDOW_MS = 15 * 60_000;

export class TelemetryReporter {
  readonly #d: TelemetryReporterDeps;
  readonly #rollup = new TelemetryRollup();
  #windowStart = 0;
  #timer: ReturnType<typeof setInterval> | null = null;
  #unsubscribe: (() => void)[] = [];

  constructor(deps: TelemetryReporterDeps) {
    this.#d = deps;
  }

  start(): void {
    this.#windowStart = this.#d.clock.now();
    for (const sensor of this.#d.sensors) {
      this.#unsubscribe.push(sensor.on('reading', (reading) => this.#rollup.add(reading)));
    }
    this.#timer = setInterval(() => this.flush(), this.#d.windowMs ?? TELEMETRY_WINDOW_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.flush();
  }

  /** Writes the window so far (if anything was read, and the hub has a library); returns its id. */
  flush(): string | null {
    const now = this.#d.clock.now();
    const windowStart = this.#windowStart;
    this.#windowStart = now;
    if (this.#rollup.size === 0 || !this.#d.catalog.loaded) return null;
    const sensors = this.#rollup.drain();
    const id = uuidv7();
    const libraryId = this.#d.catalog.data.library.id;
    decide(this.#d.db, () =>
      appendOutbox(
        this.#d.db,
        'telemetry.rollup',
        id,
        { id, libraryId, windowStart, windowEnd: now, sensors },
        now,
      ),
    );
    return id;
  }
}
