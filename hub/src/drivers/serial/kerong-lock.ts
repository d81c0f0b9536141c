/**
 * `KerongLock`: one locker channel of a Kerong-style RS-485 board, as a `LockDriver`. Unlock sends
 * the unlock frame; the board answers with its status frame, and the channel's hook bit confirms:
 * open → `unlocked`, still closed on a second look → `jammed` (the solenoid fired, the hook did not
 * move), no answer → `unknown`. These boards pulse the solenoid for their own configured time and
 * the hook relatches when the door is pushed shut, so `durationMs` is advisory; the driver polls
 * until the hook closes.
 * A heartbeat query keeps the state honest; a closed port or a silent board is `unavailable`.
 *
 *   locked ──unlock──► unlocked ──poll sees hook closed──► locked
 *     │ no answer → unknown ─ heartbeat answer → locked/unlocked
 *     │ hook stays closed → jammed (sticky until a command or an open hook)
 *     └ port down / board silent → unavailable ── port up + answer ──► locked/unlocked
 */
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { LockStateCell } from '../lock-state.ts';
import { hookClosed } from '../protocol/kerong-frame.ts';
import type { LockDriver, LockEvents, LockState, Subscribe } from '../types.ts';
import type { KerongBus, StatusFrame } from './kerong-bus.ts';

export interface KerongLockOptions {
  id: string;
  bus: KerongBus;
  board: number;
  channel: number;
  clock?: DriverClock;
  /** How often to query while unlocked, to see the relock. */
  pollIntervalMs?: number;
  heartbeatMs?: number;
}

export class KerongLock implements LockDriver {
  readonly id: string;
  readonly #options: KerongLockOptions;
  readonly #clock: DriverClock;
  readonly #cell = new LockStateCell();
  #offs: Array<() => void> = [];
  #timer: Cancel | null = null;
  #busy = false;
  #running = false;

  constructor(options: KerongLockOptions) {
    this.id = options.id;
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
  }

  get state(): LockState {
    return this.#cell.state;
  }

  readonly on: Subscribe<LockEvents> = (event, listener) => this.#cell.on(event, listener);

  get holdsTimer(): boolean {
    return this.#timer !== null;
  }

  async start(_signal: AbortSignal): Promise<void> {
    const { bus, board } = this.#options;
    this.#running = true;
    this.#offs = [
      bus.on('status', (frame) => frame.board === board && !this.#busy && this.#observe(frame)),
      bus.on('down', () => this.#cell.set('unavailable')),
      bus.on('up', () => void this.#query()),
    ];
    await bus.acquire();
    await this.#query();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#timer?.();
    this.#timer = null;
    for (const off of this.#offs) off();
    this.#offs = [];
    await this.#options.bus.release();
    this.#cell.set('unavailable');
  }

  async unlock(_durationMs: number): Promise<LockState> {
    if (!this.#running || this.state === 'unavailable') return this.state;
    const frame = await this.#exclusive(() =>
      this.#options.bus.request({ type: 'unlock', board: this.#options.board, lock: this.#options.channel }),
    );
    if (!this.#running) return this.state;
    if (!frame) return this.#cell.set('unknown');
    if (hookClosed(frame, this.#options.channel)) return this.#confirmJam();
    return this.#opened();
  }

  /** One stale or early answer must not put a door out of service: a fresh status has to agree. */
  async #confirmJam(): Promise<LockState> {
    const frame = await this.#exclusive(() => this.#statusQuery());
    if (!this.#running) return this.state;
    if (!frame) return this.#cell.set('unknown');
    if (hookClosed(frame, this.#options.channel)) return this.#cell.set('jammed');
    return this.#opened();
  }

  /** Open: poll until the hook relatches. */
  #opened(): LockState {
    this.#cell.set('unlocked');
    this.#schedule(this.#options.pollIntervalMs ?? 500);
    return this.state;
  }

  /** These boards cannot drive a hook shut: `lock` confirms what the hook says now. */
  async lock(): Promise<LockState> {
    if (!this.#running || this.state === 'unavailable') return this.state;
    const frame = await this.#exclusive(() => this.#statusQuery());
    if (!this.#running) return this.state;
    return frame ? this.#cell.set(this.#fromHook(frame)) : this.#cell.set('unknown');
  }

  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.#busy = true;
    try {
      return await work();
    } finally {
      this.#busy = false;
    }
  }

  #statusQuery(): Promise<StatusFrame | null> {
    return this.#options.bus.request({
      type: 'query',
      board: this.#options.board,
      lock: this.#options.channel,
    });
  }

  async #query(): Promise<void> {
    if (!this.#running) return;
    const frame = await this.#statusQuery();
    if (!this.#running) return;
    if (frame) this.#observe(frame);
    else if (!this.#busy) this.#cell.set('unavailable');
    this.#schedule(this.state === 'unlocked' ? (this.#options.pollIntervalMs ?? 500) : this.#heartbeatMs());
  }

  #observe(frame: StatusFrame): void {
    const next = this.#fromHook(frame);
    if (this.state === 'jammed' && next === 'locked') return;
    this.#cell.set(next);
  }

  #fromHook(frame: StatusFrame): LockState {
    return hookClosed(frame, this.#options.channel) ? 'locked' : 'unlocked';
  }

  #heartbeatMs(): number {
    return this.#options.heartbeatMs ?? 5_000;
  }

  #schedule(delayMs: number): void {
    this.#timer?.();
    this.#timer = this.#clock.schedule(() => {
      this.#timer = null;
      void this.#query();
    }, delayMs);
  }
}
