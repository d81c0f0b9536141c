/**
 * Test support for the occupancy monitor: a real hub core (SQLite, demo library, manual clock),
 * two `SimSensor`s — `seat-bus` carrying the seat sensors, `env-1` a room sensor — a monitor
 * started on them, and recorders for the bus's alert events and the monitor's log lines.
 */
import type { Booking, Seat } from '@studyspot/core';
import type { Fixture } from '../../test/fixture.ts';
import { hubFixture, system, TODAY } from '../../test/fixture.ts';
import { SimSensor } from '../drivers/sim/sim-sensor.ts';
import type { DriverLogger } from '../drivers/types.ts';
import type { Alert } from '../events.ts';
import { OccupancyMonitor } from './occupancy-monitor.ts';
import { OccupancyConfig } from './thresholds.ts';

export interface BusEvent {
  type: 'raised' | 'cleared';
  alert: Alert;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  obj: object;
}

export interface HarnessOptions {
  /** Input to `OccupancyConfig`; omitted, the monitor is built with no config and no logger. */
  config?: Record<string, unknown>;
  /** Start the sensors before the monitor (default true). */
  startSensors?: boolean;
}

export interface MonitorHarness {
  f: Fixture;
  seats: SimSensor;
  room: SimSensor;
  monitor: OccupancyMonitor;
  controller: AbortController;
  events: BusEvent[];
  logs: LogLine[];
  seat(number: string): Seat;
  occupancy(seatNumber: string, occupied: boolean, at?: number): void;
  environment(
    values: { temperatureC: number; humidityPct: number; co2Ppm?: number },
    sensorId?: string,
  ): void;
  /** Books `seatNumber` from 10:00 to 12:00 (paid in cash at the desk). */
  book(seatNumber: string): Booking;
  /** Books `seatNumber`, moves the clock to 10:00 and checks in. */
  checkIn(seatNumber: string): Booking;
  raised(kind?: Alert['kind']): Alert[];
  cleared(kind?: Alert['kind']): Alert[];
  close(): Promise<void>;
}

export async function monitorHarness(options: HarnessOptions = {}): Promise<MonitorHarness> {
  const f = await hubFixture();
  const seats = new SimSensor({ id: 'seat-bus' });
  const room = new SimSensor({ id: 'env-1' });
  const controller = new AbortController();
  if (options.startSensors ?? true) {
    await seats.start(controller.signal);
    await room.start(controller.signal);
  }
  const events: BusEvent[] = [];
  const logs: LogLine[] = [];
  f.bus.on('alert:raised', (alert) => events.push({ type: 'raised', alert }));
  f.bus.on('alert:cleared', (alert) => events.push({ type: 'cleared', alert }));
  const record =
    (level: LogLine['level']) =>
    (obj: object, msg: string): void => {
      logs.push({ level, msg, obj });
    };
  const logger: DriverLogger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const configured = options.config ? { config: OccupancyConfig.parse(options.config), logger } : {};
  const monitor = new OccupancyMonitor({ ...f, sensors: [seats, room], ...configured });
  await monitor.start(controller.signal);
  const seat = (number: string) => f.catalog.data.seats.find((s) => s.number === number) as Seat;
  const book = (seatNumber: string) => {
    const slot = { kind: 'hours' as const, date: TODAY, start: '10:00', hours: 2 };
    const input = { seatId: seat(seatNumber).id, memberId: f.newMember(), slot, source: 'staff' as const };
    return f.allocator.book(input, { method: 'cash' }, system, f.clock.now());
  };
  const pick = (type: BusEvent['type'], kind?: Alert['kind']) =>
    events.filter((e) => e.type === type && (!kind || e.alert.kind === kind)).map((e) => e.alert);
  return {
    f,
    seats,
    room,
    monitor,
    controller,
    events,
    logs,
    seat,
    occupancy(seatNumber, occupied, at = f.clock.now()) {
      seats.push({ kind: 'occupancy', sensorId: `sensor-${seatNumber}`, occupied, at });
    },
    environment(values, sensorId = 'env-1') {
      room.push({ kind: 'environment', sensorId, ...values, at: f.clock.now() });
    },
    book: (seatNumber) => book(seatNumber),
    checkIn(seatNumber) {
      const booked = book(seatNumber);
      f.clock.set(booked.startsAt);
      return f.allocator.checkIn(booked.id, system, f.clock.now());
    },
    raised: (kind) => pick('raised', kind),
    cleared: (kind) => pick('cleared', kind),
    async close() {
      controller.abort();
      await monitor.stop();
      await seats.stop();
      await room.stop();
      f.close();
    },
  };
}
