/**
 * `MqttReader`: a networked QR reader that publishes each scan as `qr_reader` telemetry, as a
 * `CredentialReader`. Codes that are not printable ASCII are dropped, the same rule as the serial
 * reader's line parser.
 */
import { Telemetry } from '../device-api.ts';
import { TypedEmitter } from '../emitter.ts';
import { isPrintableCode } from '../protocol/line-parser.ts';
import {
  type CredentialReader,
  type DriverLogger,
  type ReaderEvents,
  type Subscribe,
  silentLogger,
} from '../types.ts';
import { type DeviceBus, listenToDevice } from './device-bus.ts';

export interface MqttReaderOptions {
  id: string;
  deviceId: string;
  bus: DeviceBus;
  logger?: DriverLogger;
}

export class MqttReader implements CredentialReader {
  readonly id: string;
  readonly #options: MqttReaderOptions;
  readonly #logger: DriverLogger;
  readonly #emitter = new TypedEmitter<ReaderEvents>();
  #unlisten: (() => void) | null = null;
  #available = false;

  constructor(options: MqttReaderOptions) {
    this.id = options.id;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  readonly on: Subscribe<ReaderEvents> = (event, listener) => this.#emitter.on(event, listener);

  get available(): boolean {
    return this.#available;
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.#unlisten = listenToDevice(this.#options.bus, this.#options.deviceId, {
      'device:telemetry': ({ telemetry }) => this.#accept(telemetry),
      'device:online': () => this.#setAvailable(true),
      'device:offline': () => this.#setAvailable(false),
      'device:state': ({ state }) => this.#setAvailable(state.kind === 'qr_reader' && state.ready),
    });
  }

  async stop(): Promise<void> {
    this.#unlisten?.();
    this.#unlisten = null;
    this.#setAvailable(false);
  }

  #accept(telemetry: Telemetry): void {
    const parsed = Telemetry.safeParse(telemetry);
    if (!parsed.success || parsed.data.kind !== 'qr_reader' || !isPrintableCode(parsed.data.code)) {
      this.#logger.warn({ reader: this.id }, 'dropped a payload that is not a printable scan');
      return;
    }
    this.#emitter.emit('scan', { readerId: this.id, code: parsed.data.code, at: parsed.data.at });
  }

  #setAvailable(available: boolean): void {
    if (available === this.#available) return;
    this.#available = available;
    this.#emitter.emit('availability', available);
  }
}
