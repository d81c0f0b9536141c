/**
 * The driver supervisor: starts each driver isolated from the others, and when one dies (its
 * `start` rejects or it emits `fatal`) reports it `unavailable`, stops it, and restarts it after an
 * exponential backoff. A driver that stayed up for `stableAfterMs` starts again from the shortest
 * delay. Time comes from the injected clock, so restart schedules are tested without sleeping.
 *
 *   add ──► idle ──start()──► starting ──ok──► running
 *                               │  ▲              │ fatal
 *                       rejects │  │ delay        ▼
 *                               └─►unavailable ◄──┘
 *   stop() from any state ──► stopped
 */
import { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.ts';
import { type Cancel, type DriverClock, systemDriverClock } from './clock.ts';
import { TypedEmitter } from './emitter.ts';
import { type Component, type DriverLogger, type Subscribe, silentLogger } from './types.ts';

export type SupervisedStatus = 'idle' | 'starting' | 'running' | 'unavailable' | 'stopped';

export interface Supervisable extends Component {
  on(event: 'fatal', listener: (error: Error) => void): () => void;
}

export interface SupervisorEvents {
  status: [id: string, status: SupervisedStatus, error?: Error];
}

export interface SupervisorOptions {
  clock?: DriverClock;
  backoff?: BackoffPolicy;
  logger?: DriverLogger;
  stableAfterMs?: number;
}

interface Entry {
  readonly driver: Supervisable;
  status: SupervisedStatus;
  attempt: number;
  startedAt: number;
  retry: Cancel | null;
  unsubscribe: (() => void) | null;
}

/** Reads the status afresh (TypeScript would keep a narrowing from before an await). */
function statusOf(entry: Entry): SupervisedStatus {
  return entry.status;
}

export class Supervisor {
  readonly #clock: DriverClock;
  readonly #backoff: BackoffPolicy;
  readonly #logger: DriverLogger;
  readonly #stableAfterMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #emitter = new TypedEmitter<SupervisorEvents>();
  #signal: AbortSignal | null = null;

  constructor(options: SupervisorOptions = {}) {
    this.#clock = options.clock ?? systemDriverClock;
    this.#backoff = options.backoff ?? defaultBackoff;
    this.#logger = options.logger ?? silentLogger;
    this.#stableAfterMs = options.stableAfterMs ?? 60_000;
  }

  readonly on: Subscribe<SupervisorEvents> = (event, listener) => this.#emitter.on(event, listener);

  add(driver: Supervisable): void {
    if (this.#entries.has(driver.id)) throw new Error(`driver ${driver.id} added twice`);
    const entry: Entry = { driver, status: 'idle', attempt: 0, startedAt: 0, retry: null, unsubscribe: null };
    this.#entries.set(driver.id, entry);
    if (this.#signal) void this.#launch(entry);
  }

  status(id: string): SupervisedStatus | undefined {
    return this.#entries.get(id)?.status;
  }

  /** Starts every driver; resolves once each has made its first attempt (failures are retried). */
  async start(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    signal.addEventListener('abort', () => void this.stop(), { once: true });
    await Promise.all([...this.#entries.values()].map((entry) => this.#launch(entry)));
  }

  /** Stops every driver, in reverse order of adding; cancels pending restarts. */
  async stop(): Promise<void> {
    this.#signal = null;
    for (const entry of [...this.#entries.values()].reverse()) {
      if (entry.status === 'stopped') continue;
      entry.retry?.();
      entry.retry = null;
      this.#detach(entry);
      this.#setStatus(entry, 'stopped');
      await this.#safeStop(entry);
    }
  }

  async #launch(entry: Entry): Promise<void> {
    const signal = this.#signal;
    if (!signal || signal.aborted) return;
    entry.retry = null;
    this.#setStatus(entry, 'starting');
    entry.unsubscribe = entry.driver.on('fatal', (error) => void this.#fail(entry, error));
    try {
      await entry.driver.start(signal);
    } catch (error) {
      await this.#fail(entry, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (statusOf(entry) !== 'starting') return;
    entry.startedAt = this.#clock.now();
    this.#setStatus(entry, 'running');
  }

  async #fail(entry: Entry, error: Error): Promise<void> {
    if (entry.status === 'stopped' || entry.status === 'unavailable') return;
    if (entry.status === 'running' && this.#clock.now() - entry.startedAt >= this.#stableAfterMs) {
      entry.attempt = 0;
    }
    this.#detach(entry);
    this.#setStatus(entry, 'unavailable', error);
    await this.#safeStop(entry);
    // stop() may have run while the driver was stopping; only a still-failed entry is retried.
    if (statusOf(entry) !== 'unavailable') return;
    const delay = backoffDelay(this.#backoff, entry.attempt++);
    this.#logger.warn({ driver: entry.driver.id, delay, err: error.message }, 'driver died; restarting');
    entry.retry = this.#clock.schedule(() => void this.#launch(entry), delay);
  }

  async #safeStop(entry: Entry): Promise<void> {
    try {
      await entry.driver.stop();
    } catch (error) {
      this.#logger.error({ driver: entry.driver.id, err: String(error) }, 'driver stop failed');
    }
  }

  #detach(entry: Entry): void {
    entry.unsubscribe?.();
    entry.unsubscribe = null;
  }

  #setStatus(entry: Entry, status: SupervisedStatus, error?: Error): void {
    entry.status = status;
    this.#emitter.emit('status', entry.driver.id, status, error);
  }
}
