/**
 * The long-poll watcher's wake rules, on fake timers: a topic's poke wakes only that topic's
 * waiters, a poke between ticket and wait is never slept through, polling wakes everyone on
 * growth nobody announced, and timeouts and aborts resolve false.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeWatcher } from './watcher.ts';

describe('ChangeWatcher', () => {
  let end = 0;
  let reads = 0;
  const watcher = () =>
    new ChangeWatcher({
      readEnd: async () => {
        reads++;
        return String(end);
      },
      pollMs: 100,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    end = 0;
    reads = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes only the waiters of the poked topic, and everyone on a poke without one', async () => {
    const w = watcher();
    w.setPollMs(1_000_000);
    const a = w.wait(w.ticket('t1:seats'), 60_000, undefined, 't1:seats');
    const b = w.wait(w.ticket('t2:seats'), 60_000, undefined, 't2:seats');
    let bDone = false;
    void b.then(() => {
      bDone = true;
    });
    w.poke('t1:seats');
    expect(await a).toBe(true);
    await Promise.resolve();
    expect(bDone).toBe(false);
    expect(w.waiting).toBe(1);
    w.poke();
    expect(await b).toBe(true);
    expect(w.waiting).toBe(0);
    w.close();
  });

  it('never sleeps through a poke that came between the ticket and the wait', async () => {
    const w = watcher();
    w.setPollMs(1_000_000);
    const ticket = w.ticket('t1:zones');
    w.poke('t1:zones');
    expect(await w.wait(ticket, 60_000, undefined, 't1:zones')).toBe(true);
    const other = w.ticket('t1:zones');
    w.poke('t9:zones');
    const pending = w.wait(other, 500, undefined, 't1:zones');
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toBe(false);
    w.close();
  });

  it('polls only while someone waits, and wakes everyone on growth no notification announced', async () => {
    const w = watcher();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reads).toBe(0);
    // the first poll learns the end (and wakes everyone, harmlessly)
    const first = w.wait(w.ticket('t1:seats'), 60_000, undefined, 't1:seats');
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toBe(true);
    expect(reads).toBe(1);
    const silent = w.wait(w.ticket('t1:seats'), 60_000, undefined, 't1:seats');
    end = 1;
    await vi.advanceTimersByTimeAsync(100);
    expect(await silent).toBe(true);
    // growth that was announced (a topic poke) does not wake the others again
    const other = w.wait(w.ticket('t2:seats'), 60_000, undefined, 't2:seats');
    let otherDone = false;
    void other.then(() => {
      otherDone = true;
    });
    end = 2;
    w.poke('t1:seats');
    await vi.advanceTimersByTimeAsync(150);
    expect(otherDone).toBe(false);
    // unannounced growth (a lost notification) does
    end = 3;
    await vi.advanceTimersByTimeAsync(150);
    expect(await other).toBe(true);
    w.close();
  });

  it('resolves false on timeout and on abort, and close releases everyone', async () => {
    const w = watcher();
    w.setPollMs(1_000_000);
    const timed = w.wait(w.ticket(), 200);
    await vi.advanceTimersByTimeAsync(200);
    expect(await timed).toBe(false);
    const abort = new AbortController();
    const aborted = w.wait(w.ticket(), 60_000, abort.signal);
    abort.abort();
    expect(await aborted).toBe(false);
    const held = w.wait(w.ticket('x'), 60_000, undefined, 'x');
    w.close();
    expect(await held).toBe(true);
  });
});
