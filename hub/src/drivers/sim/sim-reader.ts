/**
 * `SimReader`: an in-process `CredentialReader`. `scan(code)` delivers a code as a scanner would;
 * codes that a real reader's line parser would drop (empty, over-long, non-printable) are dropped
 * here too, so the kiosk flow sees the same inputs in the demo as on hardware.
 */
import { type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import { isPrintableCode } from '../protocol/line-parser.ts';
import type { CredentialReader, ReaderEvents, Subscribe } from '../types.ts';

export interface SimReaderOptions {
  id: string;
  clock?: DriverClock;
  maxLength?: number;
}

export class SimReader implements CredentialReader {
  readonly id: string;
  readonly #clock: DriverClock;
  readonly #maxLength: number;
  readonly #emitter = new TypedEmitter<ReaderEvents>();
  #running = false;
  #online = true;

  constructor(options: SimReaderOptions) {
    this.id = options.id;
    this.#clock = options.clock ?? systemDriverClock;
    this.#maxLength = options.maxLength ?? 512;
  }

  readonly on: Subscribe<ReaderEvents> = (event, listener) => this.#emitter.on(event, listener);

  get available(): boolean {
    return this.#running && this.#online;
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.#running = true;
    this.#emitter.emit('availability', this.available);
  }

  async stop(): Promise<void> {
    const wasAvailable = this.available;
    this.#running = false;
    if (wasAvailable) this.#emitter.emit('availability', false);
  }

  /** Returns whether the code was delivered. */
  scan(code: string): boolean {
    if (!this.available || code.length > this.#maxLength || !isPrintableCode(code)) return false;
    this.#emitter.emit('scan', { readerId: this.id, code, at: this.#clock.now() });
    return true;
  }

  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (this.#running) this.#emitter.emit('availability', online);
  }
}
