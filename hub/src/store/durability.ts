/**
 * Group commit for the hub's own connection. Each decision still commits its own transaction, but
 * with `synchronous=NORMAL` the commit only writes the WAL; `durable()` then fsyncs the WAL on a
 * libuv thread, one fsync for every commit made while the previous one ran. The HTTP layer awaits
 * it before answering any write, so nothing is acknowledged before it is on disk (ADR 8) — as with
 * `synchronous=FULL`, without making 64 concurrent requests queue behind 64 fsyncs on the event loop.
 */
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export class WalSync {
  readonly #walFile: string;
  #fd: number | null = null;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(dbFile: string) {
    this.#walFile = `${dbFile}-wal`;
  }

  /** Resolves once every commit made before the call is on disk. */
  flush(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#sync().finally(() => {
        this.#running = null;
      });
      return this.#running;
    }
    // The running fsync may have started before our commit: ride on the next one, shared by all
    // who arrive meanwhile.
    this.#queued ??= this.#running.then(() => {
      this.#queued = null;
      return this.flush();
    });
    return this.#queued;
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  #sync(): Promise<void> {
    const fd = this.#open();
    if (fd === null) return Promise.resolve();
    return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** Opens the WAL once; the first time, also syncs the directory so the WAL's name survives. */
  #open(): number | null {
    if (this.#fd !== null) return this.#fd;
    try {
      this.#fd = openSync(this.#walFile, 'r');
    } catch {
      return null; // no WAL yet: nothing has been written
    }
    const dir = openSync(dirname(this.#walFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    return this.#fd;
  }
}
