/**
 * Wakes long-polls when the change log grows. Two sources feed it:
 *
 * - **notifications** (`poke(topic)`): the change-log trigger NOTIFYs `<tenant>:<table>` and the
 *   database delivers it after the commit (Postgres LISTEN on a connection of its own, PGlite's
 *   in-process listen); only the waiters of that topic wake, so a commit in one library does not
 *   make every hub's long-polls re-read. `poke()` without a topic wakes everyone.
 * - **polling**: while at least one request waits, one poller per process reads the log's end
 *   (`max(lsn)` plus the handle generations, so a rotation ends held requests with 409) every
 *   `pollMs`, and wakes everyone on a change — the only source when the database cannot notify,
 *   a safety net (`setPollMs`, slower) when it can: then only growth no notification announced
 *   wakes everyone.
 *
 * A waiter takes a `ticket(topic)` BEFORE reading its tail and waits on it: any poke of its topic
 * (or of all) after the ticket wakes it, so a change committed between the read and the wait is
 * never slept through.
 *
 *   ticket(topic) ──► read tail ──► nothing new ──► wait(ticket, topic) ──► woken | timeout | abort
 */
export interface ChangeWatcherOptions {
  /** A signature of the log's end and the shapes' generations: any change wakes the waiters. */
  readEnd: () => Promise<string>;
  pollMs: number;
  onError?: (error: unknown) => void;
}

interface Waiter {
  topic: string | undefined;
  wake: () => void;
}

export class ChangeWatcher {
  readonly #options: ChangeWatcherOptions;
  readonly #waiters = new Set<Waiter>();
  /** Pokes of everyone. */
  #epoch = 0;
  /** Pokes per topic (bounded by tenants × synced tables). */
  readonly #topics = new Map<string, number>();
  #pollMs: number;
  #lastEnd: string | undefined;
  /** A topic was poked since the last poll: notifications are arriving. */
  #heard = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling = false;

  constructor(options: ChangeWatcherOptions) {
    this.#options = options;
    this.#pollMs = options.pollMs;
  }

  /** How many requests are waiting now (tests wait for a request to be held). */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** A position in the pokes that concern `topic`; `wait` compares against it. */
  ticket(topic?: string): number {
    return this.#epoch + (topic === undefined ? 0 : (this.#topics.get(topic) ?? 0));
  }

  /** Resolves when `topic` (or everyone) was poked after `ticket`, after `timeoutMs`, or on abort. True if poked. */
  wait(ticket: number, timeoutMs: number, signal?: AbortSignal, topic?: string): Promise<boolean> {
    if (this.ticket(topic) > ticket) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (grew: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.#waiters.delete(waiter);
        resolve(grew);
      };
      const waiter: Waiter = { topic, wake: () => done(true) };
      const aborted = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      signal?.addEventListener('abort', aborted, { once: true });
      if (signal?.aborted) return done(false);
      this.#waiters.add(waiter);
      this.#schedule();
    });
  }

  /** A writer committed a change of `topic` (or of anything, without one): wake its waiters now. */
  poke(topic?: string): void {
    if (topic === undefined) this.#epoch++;
    else {
      this.#topics.set(topic, (this.#topics.get(topic) ?? 0) + 1);
      this.#heard = true;
    }
    for (const waiter of [...this.#waiters]) {
      if (topic === undefined || waiter.topic === undefined || waiter.topic === topic) waiter.wake();
    }
  }

  /** Changes the polling interval (from the next poll on). */
  setPollMs(ms: number): void {
    this.#pollMs = ms;
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
    }, this.#pollMs);
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      const end = await this.#options.readEnd();
      const first = this.#lastEnd === undefined;
      const grew = end !== this.#lastEnd;
      // Growth that was notified has woken its waiters already: waking everyone again would make
      // every held request re-read once per poll. Unheard growth means notifications were lost.
      const heard = this.#heard;
      this.#heard = false;
      this.#lastEnd = end;
      if (first || (grew && !heard)) this.poke();
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      this.#polling = false;
      this.#schedule();
    }
  }
}
