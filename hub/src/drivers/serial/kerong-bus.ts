/**
 * `KerongBus`: one RS-485 line with one or more Kerong-style locker boards on it, shared by every
 * lock channel on that line (refcounted: the port opens with the first channel and closes with the
 * last). RS-485 is half duplex, so requests are serialised: one frame out, then the board's status
 * frame back (matched by board address) or nothing within `responseTimeoutMs`. Before each request
 * the line must have been quiet for `quietMs` (the RS-485 turnaround): a late or repeated answer to
 * the previous request would otherwise be read as the answer to this one — a stale "hook closed"
 * after an unlock reads as a jam. Every status frame is also broadcast, so one poll refreshes all sixteen channels of a board. Noise and bad frames
 * are logged and dropped by the parser; nothing here throws on bad input.
 */
import type { BackoffPolicy } from '../backoff.ts';
import { type DriverClock, systemDriverClock } from '../clock.ts';
import { TypedEmitter } from '../emitter.ts';
import { TIMED_OUT, withDeadline } from '../lock-state.ts';
import { toHex } from '../protocol/hex.ts';
import { encodeFrame, type KerongFrame } from '../protocol/kerong-frame.ts';
import { KerongParser } from '../protocol/kerong-parser.ts';
import { type DriverLogger, type Subscribe, silentLogger } from '../types.ts';
import { SerialLink } from './serial-link.ts';

export type StatusFrame = Extract<KerongFrame, { type: 'status' }>;
export type RequestFrame = Exclude<KerongFrame, StatusFrame>;

export interface KerongBusOptions {
  path: string;
  baudRate?: number;
  responseTimeoutMs?: number;
  presenceCheckMs?: number;
  /** Silence on the line required before a request is written. */
  quietMs?: number;
  clock?: DriverClock;
  backoff?: BackoffPolicy;
  logger?: DriverLogger;
}

export interface KerongBusEvents {
  up: [];
  down: [];
  status: [frame: StatusFrame];
}

export class KerongBus {
  readonly path: string;
  readonly #options: KerongBusOptions;
  readonly #clock: DriverClock;
  readonly #logger: DriverLogger;
  readonly #emitter = new TypedEmitter<KerongBusEvents>();
  #link: SerialLink | null = null;
  #parser = new KerongParser();
  #users = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #waiting: { board: number; resolve: (frame: StatusFrame) => void } | null = null;
  #lastByteAt = Number.NEGATIVE_INFINITY;

  constructor(options: KerongBusOptions) {
    this.path = options.path;
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
    this.#logger = options.logger ?? silentLogger;
  }

  readonly on: Subscribe<KerongBusEvents> = (event, listener) => this.#emitter.on(event, listener);

  get up(): boolean {
    return this.#link?.up ?? false;
  }

  /** Whether the port or any timer is still held. */
  get holding(): boolean {
    return this.#link?.holding ?? false;
  }

  async acquire(): Promise<void> {
    if (this.#users++ > 0) return;
    const link = new SerialLink({ ...this.#options, baudRate: this.#options.baudRate ?? 19_200 });
    this.#link = link;
    this.#parser = new KerongParser();
    link.on('data', (chunk) => this.#receive(chunk));
    link.on('up', () => this.#emitter.emit('up'));
    link.on('down', () => this.#emitter.emit('down'));
    await link.start();
  }

  async release(): Promise<void> {
    if (this.#users === 0 || --this.#users > 0) return;
    const link = this.#link;
    this.#link = null;
    await link?.stop();
  }

  /** Sends `frame` and resolves with the addressed board's status, or null (no answer, link down). */
  request(frame: RequestFrame): Promise<StatusFrame | null> {
    const next = this.#queue.then(() => this.#exchange(frame));
    this.#queue = next.catch(() => null);
    return next;
  }

  async #exchange(frame: RequestFrame): Promise<StatusFrame | null> {
    const link = this.#link;
    if (!link?.up) return null;
    await this.#quietLine();
    const answer = new Promise<StatusFrame>((resolve) => {
      this.#waiting = { board: frame.board, resolve };
    });
    try {
      await link.write(encodeFrame(frame));
    } catch (error) {
      this.#logger.warn({ path: this.path, err: String(error) }, 'write failed');
      this.#waiting = null;
      return null;
    }
    const result = await withDeadline(answer, this.#options.responseTimeoutMs ?? 300, this.#clock);
    this.#waiting = null;
    return result === TIMED_OUT ? null : result;
  }

  /** Bounded: a board that never stops talking delays the queue, it does not stall it. */
  async #quietLine(): Promise<void> {
    const quietMs = this.#options.quietMs ?? 20;
    for (let round = 0; round < 5; round++) {
      const wait = this.#lastByteAt + quietMs - this.#clock.now();
      if (wait <= 0) return;
      await new Promise<void>((resolve) => this.#clock.schedule(resolve, wait));
    }
  }

  #receive(chunk: Buffer): void {
    this.#lastByteAt = this.#clock.now();
    for (const event of this.#parser.push(chunk)) {
      if (event.type === 'rejected') {
        this.#logger.debug(
          { path: this.path, reason: event.reason, bytes: toHex(event.bytes) },
          'dropped bytes',
        );
      } else if (event.frame.type !== 'status') {
        this.#logger.debug({ path: this.path, frame: event.frame }, 'ignored a host frame on the bus');
      } else {
        const status = event.frame;
        if (this.#waiting?.board === status.board) this.#waiting.resolve(status);
        this.#emitter.emit('status', status);
      }
    }
  }
}

/** One `KerongBus` per serial path, shared by the lock channels configured on it. */
export class KerongBusPool {
  readonly #buses = new Map<string, KerongBus>();
  readonly #defaults: Omit<KerongBusOptions, 'path'>;

  constructor(defaults: Omit<KerongBusOptions, 'path'> = {}) {
    this.#defaults = defaults;
  }

  bus(path: string, baudRate?: number): KerongBus {
    let bus = this.#buses.get(path);
    if (!bus) {
      bus = new KerongBus({ ...this.#defaults, path, ...(baudRate ? { baudRate } : {}) });
      this.#buses.set(path, bus);
    }
    return bus;
  }
}
