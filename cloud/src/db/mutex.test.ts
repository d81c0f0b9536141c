/**
 * The PGlite mutex: holders run one at a time in arrival order, a failing holder releases the
 * lock, and the lock is handed over through the event loop — a macrotask queued by one holder
 * (standing in for a socket's accept or read) runs before the next holder starts (ADR 0017).
 */
import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.ts';

describe('Mutex', () => {
  it('runs holders one at a time, first come first served', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const holder = (name: string) =>
      mutex.run(async () => {
        events.push(`${name} in`);
        await Promise.resolve();
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([holder('a'), holder('b'), holder('c')])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('releases the lock when a holder throws', async () => {
    const mutex = new Mutex();
    const failed = mutex.run(async () => {
      throw new Error('boom');
    });
    const next = mutex.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });

  it('lets queued I/O callbacks run between two holders', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const first = mutex.run(async () => {
      setImmediate(() => events.push('io'));
      events.push('first');
    });
    const second = mutex.run(async () => {
      events.push('second');
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['first', 'io', 'second']);
  });
});
