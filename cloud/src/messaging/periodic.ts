/**
 * A component that runs tasks on a timer (`start()` / `stop()`, as the hub's components): each
 * tick runs every task once with the same `now`; a tick never overlaps the previous one; a task
 * that throws is logged and the others still run. `stop()` clears the timer and waits for the
 * tick in flight, so the database can close right after it.
 */

export interface PeriodicTask {
  readonly name: string;
  run(now: number): Promise<unknown>;
}

export interface PeriodicLogger {
  warn(obj: object, msg: string): void;
}

export interface PeriodicOptions {
  intervalMs: number;
  tasks: readonly PeriodicTask[];
  logger: PeriodicLogger;
  clock?: () => number;
}

export class Periodic {
  readonly #o: PeriodicOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight: Promise<void> | undefined;

  constructor(options: PeriodicOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.#o.intervalMs);
    this.#timer.unref();
  }

  /** One round of every task; resolves when all have settled. Skipped if one is running. */
  tick(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    const now = (this.#o.clock ?? Date.now)();
    const round = Promise.all(
      this.#o.tasks.map((task) =>
        task
          .run(now)
          .catch((error: unknown) =>
            this.#o.logger.warn({ task: task.name, err: String(error) }, 'periodic task failed'),
          ),
      ),
    ).then(() => undefined);
    this.#inFlight = round.finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }
}
