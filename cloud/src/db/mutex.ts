/**
 * A FIFO async mutex that hands the lock over through the event loop. PGlite is one connection in
 * one process: transactions on it must not interleave, so every transaction (and the migration
 * run) holds this lock while it runs.
 *
 * Why the hand-over waits for `setImmediate` (ADR 0017): PGlite runs SQL synchronously in WASM and
 * its promises settle as microtasks, so without a yield a whole request — parse, transaction,
 * response — runs inside the I/O callback that read it, and one event-loop turn serves every ready
 * keep-alive socket before it polls again. libuv accepts one new connection per poll, so under load
 * a new client waited for (open connections × transaction time) per accept: the 9 s search tail
 * of bench/cloud-api. Granting the lock in a fresh macrotask runs at most one transaction per
 * turn, so accepts and reads interleave with transactions and the queue stays first come, first
 * served.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release = () => {};
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
