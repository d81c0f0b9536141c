/**
 * Wakes long-polls when the change log grows. One poller per process reads the log's end
 * (`max(lsn)`, an index lookup, plus the handle generations, so a rotation
 * ends held requests with 409 at once) every `pollMs` while at least one request waits, and an
 * in-process writer may `poke()` after its commit for an immediate wake. A waiter takes a
 * `ticket()` BEFORE reading its tail and waits on it: any growth observed after the ticket
 * wakes it, so a change committed between the read and the wait is never slept through.
 *
 *   ticket() ──► read tail ──► nothing new ──► wait(ticket) ──► woken | timeout | abort
 */
export interface ChangeWatcherOptions {
  /** A signature of the log's end and the shapes' generations: any change wakes the waiters. */
  readEnd: () => Promise<string>;
  pollMs: number;
  onError?: (error: unknown) => void;
}

export class ChangeWatcher {
  readonly #options: ChangeWatcherOptions;
  readonly #waiters = new Set<() => void>();
  #epoch = 0;
  #lastEnd: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling = false;

  constructor(options: ChangeWatcherOptions) {
    this.#options = options;
  }

  ticket(): number {
    return this.#epoch;
  }

  /** Resolves when the log grew after `ticket`, after `timeoutMs`, or on abort. True if it grew. */
  wait(ticket: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#epoch > ticket) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (grew: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.#waiters.delete(wake);
        resolve(grew);
      };
      const wake = () => done(true);
      const aborted = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal?.addEventListener('abort', aborted, { once: true });
      if (signal?.aborted) return done(false);
      this.#waiters.add(wake);
      this.#schedule();
    });
  }

  /** A writer committed: wake every waiter now. */
  poke(): void {
    this.#epoch++;
    for (const wake of [...this.#waiters]) wake();
  }

  /** Stops polling and releases every waiter. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.poke();
  }

  #schedule(): void {
    if (this.#timer || this.#polling || this.#waiters.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#poll();
    }, this.#options.pollMs);
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      const end = await this.#options.readEnd();
      if (this.#lastEnd === undefined || end !== this.#lastEnd) {
        this.#lastEnd = end;
        this.poke();
      }
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      this.#polling = false;
      this.#schedule();
    }
  }
}
