/**
 * Simulated MQTT sensors publishing on realistic schedules: seat occupancy sensors (a change every
 * few minutes, plus a heartbeat), environment sensors (temperature, humidity, CO2 drifting with a
 * daily curve and occupancy) and an energy meter (a cumulative Wh counter and instantaneous watts).
 * Each publishes retained `state` and non-retained `telemetry`; `drop` silences it.
 */
import type { Telemetry } from '@studyspot/core';
import { type Faults, type Faulty, noFaults } from './faults.ts';
import { type DeviceCredentials, MqttDeviceConnection } from './mqtt-connection.ts';

export type SensorKind = 'seat_sensor' | 'env_sensor' | 'energy_meter';

/** The default period of each kind, as battery-powered sensors and meters usually report. */
export const defaultIntervalMs: Record<SensorKind, number> = {
  seat_sensor: 30_000,
  env_sensor: 60_000,
  energy_meter: 15_000,
};

export function sensorReading(kind: SensorKind, at: number, seed: number, wattHours: number): Telemetry {
  const hour = (at / 3_600_000 + seed) % 24;
  const day = Math.sin(((hour - 9) / 24) * 2 * Math.PI);
  switch (kind) {
    case 'seat_sensor':
      return { kind, occupied: Math.floor(at / 300_000 + seed) % 3 !== 0, batteryPct: 87, at };
    case 'env_sensor':
      return {
        kind,
        temperatureC: Math.round((22.5 + 1.5 * day) * 10) / 10,
        humidityPct: Math.round(46 - 6 * day),
        co2Ppm: Math.round(600 + 500 * Math.max(0, day)),
        at,
      };
    case 'energy_meter':
      return { kind, wattHours: Math.round(wattHours), watts: Math.round(900 + 600 * Math.max(0, day)), at };
  }
}

export class MqttSensorDevice implements Faulty {
  readonly faults: Faults = noFaults();
  readonly kind: SensorKind;
  readonly #connection: MqttDeviceConnection;
  readonly #intervalMs: number;
  readonly #seed: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #wattHours = 1_250_000;

  constructor(url: string, credentials: DeviceCredentials, kind: SensorKind, intervalMs?: number, seed = 0) {
    this.#connection = new MqttDeviceConnection(url, credentials);
    this.kind = kind;
    this.#intervalMs = intervalMs ?? defaultIntervalMs[kind];
    this.#seed = seed;
    this.#now = Date.now;
  }

  get deviceId(): string {
    return this.#connection.credentials.deviceId;
  }

  setFaults(patch: Partial<Faults>): void {
    Object.assign(this.faults, patch);
  }

  async start(): Promise<void> {
    await this.#connection.connect(() => this.report());
    this.#timer = setInterval(() => this.report(), this.#intervalMs);
  }

  /** Publishes one reading now (tests call it instead of waiting for the schedule). */
  report(): Telemetry | null {
    if (this.faults.drop) return null;
    if (this.faults.garbage) this.sendGarbage();
    const at = this.#now();
    this.#wattHours += 900 * (this.#intervalMs / 3_600_000);
    const reading = sensorReading(this.kind, at, this.#seed, this.#wattHours);
    this.#connection.publish('telemetry', reading);
    if (reading.kind !== 'lock' && reading.kind !== 'qr_reader') this.#connection.publish('state', reading);
    return reading;
  }

  /** The `garbage` fault as a one-shot: a payload no schema accepts, on the telemetry topic. */
  sendGarbage(): void {
    this.#connection.client?.publish(
      this.#connection.topic('telemetry'),
      '{"kind":"seat_sensor","occupied":"maybe"',
    );
  }

  async vanish(): Promise<void> {
    this.#clear();
    await this.#connection.vanish();
  }

  async stop(): Promise<void> {
    this.#clear();
    await this.#connection.close();
  }

  #clear(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
