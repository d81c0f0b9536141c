/**
 * `OccupancyMonitor` compares what the seat and room sensors say with what the bookings say, and
 * keeps the staff dashboard's list of open alerts: ghost occupancy (a seat in use that nobody is
 * checked in to), abandoned seats (checked in, vacant for `policy.abandonedMinutes`; optionally
 * checked out to free them), environment readings out of range, and sensors that stopped
 * reporting. Each alert is raised once per episode, audited, published as `alert:raised`, and
 * published as `alert:cleared` when the episode ends. Readings, availability changes and booking
 * changes trigger `evaluate(now)` at once; a timer calls it too, because abandonment is only time
 * passing. A malformed reading, or one from a sensor bound to no seat, is logged and dropped.
 */

import type { Seat } from '@studyspot/core';
import { MINUTE } from '@studyspot/core';
import type { Allocator } from '../allocator/allocator.ts';
import type { Clock } from '../clock.ts';
import type { Component, DriverLogger, SensorDriver, SensorReading } from '../drivers/types.ts';
import { silentLogger } from '../drivers/types.ts';
import type { Alert, HubBus } from '../events.ts';
import type { BookingStore } from '../store/bookings.ts';
import type { Catalog } from '../store/catalog.ts';
import type { Db } from '../store/db.ts';
import { audit, system } from '../store/ledger.ts';
import { AlertBook } from './alert-book.ts';
import { abandonedDraft, deviceDraft, environmentDraft, ghostDraft } from './alert-drafts.ts';
import type { AbandonedDetail, Observation, Stay } from './seat-rules.ts';
import { abandonedHolds, isGhost, observe, staysBySeat, vacantSince, WatchedReading } from './seat-rules.ts';
import type { EnvironmentValues, Limit } from './thresholds.ts';
import { conditionOf, judge, limitsOf, OccupancyConfig } from './thresholds.ts';

export interface OccupancyMonitorDeps {
  db: Db;
  catalog: Catalog;
  bookings: BookingStore;
  allocator: Allocator;
  bus: HubBus;
  clock: Clock;
  /** Every sensor driver the hub runs; seat sensors are matched to seats by `seat.sensorId`. */
  sensors: readonly SensorDriver[];
  /** Parsed; defaults to `OccupancyConfig.parse({})`. */
  config?: OccupancyConfig;
  logger?: DriverLogger;
}

export class OccupancyMonitor implements Component {
  readonly id = 'occupancy-monitor';
  readonly #d: OccupancyMonitorDeps;
  readonly #config: OccupancyConfig;
  readonly #limits: Limit[];
  readonly #log: DriverLogger;
  readonly #alerts: AlertBook;
  /** The latest occupancy per seat sensor id. */
  readonly #seen = new Map<string, Observation>();
  #unsubscribe: (() => void)[] = [];
  #timer: NodeJS.Timeout | null = null;
  #evaluating = false;
  #again = false;

  constructor(deps: OccupancyMonitorDeps) {
    this.#d = deps;
    this.#config = deps.config ?? OccupancyConfig.parse({});
    this.#limits = limitsOf(this.#config);
    this.#log = deps.logger ?? silentLogger;
    this.#alerts = new AlertBook(deps.db, deps.bus);
  }

  /** Start after the sensor drivers: a driver not available by then is reported at once. */
  async start(signal: AbortSignal): Promise<void> {
    const { bus, clock } = this.#d;
    for (const sensor of this.#d.sensors) {
      this.#unsubscribe.push(
        sensor.on('reading', (reading) => this.#guard('reading', () => this.#onReading(sensor, reading))),
        sensor.on('availability', (up) =>
          this.#guard('availability', () => this.#onAvailability(sensor, up, clock.now())),
        ),
      );
      if (!sensor.available)
        this.#guard('availability', () => this.#onAvailability(sensor, false, clock.now()));
    }
    const tick = () => this.#guard('evaluate', () => this.evaluate(clock.now()));
    // Only a check-in or a check-out changes what a seat's sensor should read.
    this.#unsubscribe.push(
      bus.on('booking:changed', (booking, previous) => {
        if (booking.state === 'checked_in' || previous?.state === 'checked_in') tick();
      }),
    );
    tick();
    this.#timer = setInterval(tick, this.#config.evaluateEveryMs);
    this.#timer.unref();
    signal.addEventListener('abort', () => void this.stop(), { once: true });
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }

  /** The alerts open now, oldest first, for the staff dashboard. */
  openAlerts(): Alert[] {
    return this.#alerts.list();
  }

  /**
   * Brings every seat's alerts up to date at `now`. Re-entrant calls (a release publishes
   * `booking:changed`, which asks for another evaluation) are folded into one more pass.
   */
  evaluate(now: number): void {
    if (!this.#d.catalog.loaded) return; // a hub waiting for its library has no seats to watch
    if (this.#evaluating) {
      this.#again = true;
      return;
    }
    this.#evaluating = true;
    try {
      do {
        this.#again = false;
        this.#evaluateSeats(now);
      } while (this.#again);
    } finally {
      this.#evaluating = false;
    }
  }

  #evaluateSeats(now: number): void {
    const { seats, policy } = this.#d.catalog.data;
    const stays = staysBySeat(this.#d.bookings.activeBetween(now, now + 1));
    const abandonedMs = policy.abandonedMinutes * MINUTE;
    for (const seat of seats) {
      if (seat.sensorId === null) continue;
      const { sensorId } = seat;
      this.#guard('seat', () => this.#evaluateSeat(seat, sensorId, stays.get(seat.id), abandonedMs, now));
    }
  }

  #evaluateSeat(
    seat: Seat,
    sensorId: string,
    stay: Stay | undefined,
    abandonedMs: number,
    now: number,
  ): void {
    const obs = this.#seen.get(sensorId);
    const ghostKey = `ghost_occupancy:${seat.id}`;
    if (isGhost(obs, stay)) this.#alerts.raise(ghostKey, ghostDraft(seat, sensorId, obs.since), now);
    else this.#alerts.clear(ghostKey, now);

    const key = `abandoned:${seat.id}`;
    const open = this.#alerts.get(key);
    // The detail was written by abandonedDraft.
    if (open && !abandonedHolds(open.detail as AbandonedDetail, obs, stay, now)) this.#alerts.clear(key, now);
    if (this.#alerts.has(key) || !stay) return;
    const since = vacantSince(obs, stay);
    if (since === null || now - since < abandonedMs) return;
    const outcome = this.#config.releaseAbandoned ? this.#release(stay, since, now) : 'kept';
    if (outcome === 'gone') return;
    this.#alerts.raise(key, abandonedDraft(seat, stay, since, outcome === 'released', now), now);
  }

  /**
   * Checks an abandoned booking out, audited as the system. `kept` if that failed (logged; staff
   * still get the alert), `gone` if it was no longer checked in by the time we looked again.
   */
  #release(stay: Stay, vacantSince: number, now: number): 'released' | 'kept' | 'gone' {
    const { allocator, db } = this.#d;
    const detail = { seatId: stay.booking.seatId, vacantSince };
    try {
      return allocator.run((changes) => {
        // Re-read inside the transaction: a listener of an earlier release may have moved it.
        const booking = allocator.bookingInside(stay.booking.id);
        if (booking?.state !== 'checked_in') return 'gone';
        allocator.transition(booking, 'check_out', now, changes, { checkedOutAt: now });
        audit(db, system, 'booking.release_abandoned', booking.id, detail, now);
        return 'released';
      });
    } catch (error) {
      this.#log.error({ err: error, bookingId: stay.booking.id }, 'could not release an abandoned booking');
      return 'kept';
    }
  }

  #onReading(sensor: SensorDriver, raw: SensorReading): void {
    const parsed = WatchedReading.safeParse(raw);
    if (!parsed.success) {
      this.#log.warn({ sensor: sensor.id, issues: parsed.error.issues }, 'malformed sensor reading ignored');
      return;
    }
    const reading = parsed.data;
    const now = this.#d.clock.now();
    switch (reading.kind) {
      case 'occupancy':
        this.#onOccupancy(sensor, reading, now);
        break;
      case 'environment':
        this.#onEnvironment(reading.sensorId, reading, now);
        break;
      case 'contact':
      case 'motion':
      case 'energy':
        break;
    }
  }

  #onOccupancy(
    sensor: SensorDriver,
    reading: { sensorId: string; occupied: boolean; at: number },
    now: number,
  ) {
    if (!this.#d.catalog.loaded) return;
    if (!this.#d.catalog.data.seats.some((seat) => seat.sensorId === reading.sensorId)) {
      this.#log.warn(
        { sensor: sensor.id, sensorId: reading.sensorId },
        'occupancy from a sensor on no seat ignored',
      );
      return;
    }
    const next = observe(this.#seen.get(reading.sensorId), reading, now, sensor.id);
    if (!next) return;
    this.#seen.set(reading.sensorId, next);
    this.evaluate(now);
  }

  #onEnvironment(sensorId: string, values: EnvironmentValues, now: number): void {
    const key = (limit: Limit) => `environment:${sensorId}:${conditionOf(limit)}`;
    const isOpen = (limit: Limit) => this.#alerts.has(key(limit));
    for (const { limit, value, change } of judge(values, this.#limits, this.#config.hysteresisPct, isOpen)) {
      if (change === 'clear') this.#alerts.clear(key(limit), now);
      else this.#alerts.raise(key(limit), environmentDraft(sensorId, limit, value), now);
    }
  }

  #onAvailability(sensor: SensorDriver, available: boolean, now: number): void {
    const key = `device:${sensor.id}`;
    if (available) {
      this.#alerts.clear(key, now);
      return;
    }
    // What a silent sensor said last is no evidence: it neither keeps a ghost open nor abandons a seat.
    for (const [sensorId, obs] of this.#seen) if (obs.driverId === sensor.id) this.#seen.delete(sensorId);
    this.#alerts.raise(key, deviceDraft(sensor.id), now);
    this.evaluate(now);
  }

  /** Runs one unit of work; a failure is logged and never reaches a driver's emitter or the timer. */
  #guard(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#log.error({ err: error, what }, 'occupancy monitor step failed');
    }
  }
}
