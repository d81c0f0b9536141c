/**
 * `SerialQrReader`: a QR / barcode scanner in serial mode on a (USB-)serial port, as a
 * `CredentialReader`. Bytes go through the pure line parser; dropped lines (noise, over-long) are
 * logged, never thrown. The reader is available while its port is open; an unplugged reader is
 * reopened with backoff by its `SerialLink`.
 */
import type { BackoffPolicy } from '../backoff.ts';
import { type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import { LineParser } from '../protocol/line-parser.ts';
import {
  type CredentialReader,
  type DriverLogger,
  type ReaderEvents,
  type Subscribe,
  silentLogger,
} from '../types.ts';
import { SerialLink } from './serial-link.ts';

export interface SerialQrReaderOptions {
  id: string;
  path: string;
  baudRate?: number;
  maxLength?: number;
  clock?: DriverClock;
  backoff?: BackoffPolicy;
  logger?: DriverLogger;
  presenceCheckMs?: number;
}

export class SerialQrReader implements CredentialReader {
  readonly id: string;
  readonly #options: SerialQrReaderOptions;
  readonly #clock: DriverClock;
  readonly #logger: DriverLogger;
  readonly #emitter = new TypedEmitter<ReaderEvents>();
  #link: SerialLink | null = null;
  #available = false;

  constructor(options: SerialQrReaderOptions) {
    this.id = options.id;
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
    this.#logger = options.logger ?? silentLogger;
  }

  readonly on: Subscribe<ReaderEvents> = (event, listener) => this.#emitter.on(event, listener);

  get available(): boolean {
    return this.#available;
  }

  get holding(): boolean {
    return this.#link?.holding ?? false;
  }

  async start(_signal: AbortSignal): Promise<void> {
    const { path, baudRate = 9_600, backoff, presenceCheckMs } = this.#options;
    const link = new SerialLink({
      path,
      baudRate,
      clock: this.#clock,
      logger: this.#logger,
      ...(backoff ? { backoff } : {}),
      ...(presenceCheckMs ? { presenceCheckMs } : {}),
    });
    const parser = new LineParser(this.#options.maxLength ?? 512);
    this.#link = link;
    link.on('up', () => this.#setAvailable(true));
    link.on('down', () => this.#setAvailable(false));
    link.on('data', (chunk) => {
      for (const event of parser.push(chunk)) {
        if (event.type === 'line') {
          this.#emitter.emit('scan', { readerId: this.id, code: event.code, at: this.#clock.now() });
        } else {
          this.#logger.warn(
            { reader: this.id, reason: event.reason, length: event.length },
            'dropped a line',
          );
        }
      }
    });
    await link.start();
  }

  async stop(): Promise<void> {
    const link = this.#link;
    this.#link = null;
    await link?.stop();
    this.#setAvailable(false);
  }

  #setAvailable(available: boolean): void {
    if (available === this.#available) return;
    this.#available = available;
    this.#emitter.emit('availability', available);
  }
}
