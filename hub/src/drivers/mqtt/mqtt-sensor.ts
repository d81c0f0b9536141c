/**
 * `MqttSensor`: seat occupancy sensors, environment sensors (temperature, humidity, CO2) and energy
 * meters reporting over MQTT, as one `SensorDriver` per device. Telemetry and retained state become
 * readings; anything of another device kind, or not matching the core schema, is logged and dropped.
 * Availability follows the device's `online` / LWT `offline`.
 */
import { DeviceState, Telemetry } from '../device-api.ts';
import { TypedEmitter } from '../emitter.ts';
import {
  type DriverLogger,
  type SensorDriver,
  type SensorEvents,
  type SensorReading,
  type Subscribe,
  silentLogger,
} from '../types.ts';
import { type DeviceBus, listenToDevice } from './device-bus.ts';

export interface MqttSensorOptions {
  id: string;
  deviceId: string;
  bus: DeviceBus;
  logger?: DriverLogger;
}

/** Maps a sensor payload (telemetry or state) to a reading; null for other device kinds. */
export function toReading(sensorId: string, payload: Telemetry | DeviceState): SensorReading | null {
  switch (payload.kind) {
    case 'seat_sensor':
      return { kind: 'occupancy', sensorId, occupied: payload.occupied, at: payload.at };
    case 'env_sensor': {
      const { temperatureC, humidityPct, co2Ppm, at } = payload;
      return {
        kind: 'environment',
        sensorId,
        temperatureC,
        humidityPct,
        ...(co2Ppm === undefined ? {} : { co2Ppm }),
        at,
      };
    }
    case 'energy_meter':
      return { kind: 'energy', sensorId, wattHours: payload.wattHours, watts: payload.watts, at: payload.at };
    case 'lock':
    case 'qr_reader':
      return null;
  }
}

export class MqttSensor implements SensorDriver {
  readonly id: string;
  readonly #options: MqttSensorOptions;
  readonly #logger: DriverLogger;
  readonly #emitter = new TypedEmitter<SensorEvents>();
  #unlisten: (() => void) | null = null;
  #available = false;

  constructor(options: MqttSensorOptions) {
    this.id = options.id;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  readonly on: Subscribe<SensorEvents> = (event, listener) => this.#emitter.on(event, listener);

  get available(): boolean {
    return this.#available;
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.#unlisten = listenToDevice(this.#options.bus, this.#options.deviceId, {
      'device:telemetry': ({ telemetry }) => this.#accept(Telemetry.safeParse(telemetry)),
      'device:state': ({ state }) => this.#accept(DeviceState.safeParse(state)),
      'device:online': () => this.#setAvailable(true),
      'device:offline': () => this.#setAvailable(false),
    });
  }

  async stop(): Promise<void> {
    this.#unlisten?.();
    this.#unlisten = null;
    this.#setAvailable(false);
  }

  #accept(parsed: { success: true; data: Telemetry | DeviceState } | { success: false }): void {
    const reading = parsed.success ? toReading(this.id, parsed.data) : null;
    if (!reading) {
      this.#logger.warn({ sensor: this.id }, 'dropped a payload that is not a sensor reading');
      return;
    }
    this.#setAvailable(true);
    this.#emitter.emit('reading', reading);
  }

  #setAvailable(available: boolean): void {
    if (available === this.#available) return;
    this.#available = available;
    this.#emitter.emit('availability', available);
  }
}
