/**
 * `SerialLink`: one serial port that stays open. It opens the configured path (a stable
 * `/dev/serial/by-id/...` name in production, a pty in tests), reports `up` / `down`, and when
 * the port closes or errors (adapter unplugged) reopens it with exponential backoff until stopped.
 * A missing device at start is not an error: the link is simply down and retrying. While up, the
 * path is also checked every `presenceCheckMs`: a read that had not yet begun when the device
 * vanished may never see the hangup, but the vanished `/dev/serial/by-id` link always shows.
 *
 *   stopped ──start──► opening ──ok──► up ──close/error──► down ──backoff──► opening
 *                         └──fail──► down                     stop() from any state ──► stopped
 */
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { type BackoffPolicy, backoffDelay, defaultBackoff } from '../backoff.ts';
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import { type DriverLogger, type Subscribe, silentLogger } from '../types.ts';

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  clock?: DriverClock;
  backoff?: BackoffPolicy;
  logger?: DriverLogger;
  presenceCheckMs?: number;
}

export interface SerialLinkEvents {
  up: [];
  down: [error: Error | null];
  data: [chunk: Buffer];
}

export class SerialLink {
  readonly #options: SerialLinkOptions;
  readonly #clock: DriverClock;
  readonly #logger: DriverLogger;
  readonly #emitter = new TypedEmitter<SerialLinkEvents>();
  #port: SerialPort | null = null;
  #retry: Cancel | null = null;
  #presence: Cancel | null = null;
  #attempt = 0;
  #running = false;

  constructor(options: SerialLinkOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
    this.#logger = options.logger ?? silentLogger;
  }

  readonly on: Subscribe<SerialLinkEvents> = (event, listener) => this.#emitter.on(event, listener);

  get up(): boolean {
    return this.#port?.isOpen ?? false;
  }

  /** True while a port handle or retry timer is held. */
  get holding(): boolean {
    return this.#port !== null || this.#retry !== null || this.#presence !== null;
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#open();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#retry?.();
    this.#presence?.();
    this.#retry = this.#presence = null;
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners();
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return Promise.reject(new Error(`${this.#options.path} is not open`));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  async #open(): Promise<void> {
    this.#retry = null;
    if (!this.#running) return;
    const port = new SerialPort({
      path: this.#options.path,
      baudRate: this.#options.baudRate,
      autoOpen: false,
    });
    const error = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err ?? null)));
    if (!this.#running) {
      if (!error) port.close();
      return;
    }
    if (error) return this.#down(error);
    this.#port = port;
    this.#attempt = 0;
    port.on('data', (chunk: Buffer) => this.#emitter.emit('data', chunk));
    port.on('error', (err: Error) => this.#lost(port, err));
    port.on('close', (err: Error | null) => this.#lost(port, err));
    this.#logger.info({ path: this.#options.path }, 'serial port open');
    this.#checkPresence(port);
    this.#emitter.emit('up');
  }

  #checkPresence(port: SerialPort): void {
    this.#presence = this.#clock.schedule(() => {
      this.#presence = null;
      if (existsSync(this.#options.path)) this.#checkPresence(port);
      else this.#lost(port, new Error(`${this.#options.path} vanished`));
    }, this.#options.presenceCheckMs ?? 1_000);
  }

  #lost(port: SerialPort, error: Error | null): void {
    if (this.#port !== port) return;
    this.#port = null;
    this.#presence?.();
    this.#presence = null;
    port.removeAllListeners();
    if (port.isOpen) port.close();
    this.#down(error);
  }

  #down(error: Error | null): void {
    const delay = backoffDelay(this.#options.backoff ?? defaultBackoff, this.#attempt++);
    this.#logger.warn(
      { path: this.#options.path, err: error?.message, retryInMs: delay },
      'serial port down',
    );
    this.#emitter.emit('down', error);
    if (this.#running) this.#retry = this.#clock.schedule(() => void this.#open(), delay);
  }
}
