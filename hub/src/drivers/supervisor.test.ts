import { describe, expect, it } from 'vitest';
import { BackoffPolicy } from './backoff.ts';
import { ManualDriverClock } from './clock.ts';
import { flushPromises } from './contract-support.ts';
import { TypedEmitter } from './emitter.ts';
import { type SupervisedStatus, Supervisor } from './supervisor.ts';
import type { CommonEvents } from './types.ts';

/** A driver whose start fails the first `failures` times. */
class FlakyDriver {
  readonly id: string;
  readonly events = new TypedEmitter<CommonEvents>();
  failures: number;
  starts = 0;
  stops = 0;

  constructor(id: string, failures: number) {
    this.id = id;
    this.failures = failures;
  }

  on(event: 'fatal', listener: (error: Error) => void): () => void {
    return this.events.on(event, listener);
  }

  async start(): Promise<void> {
    this.starts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('port busy');
    }
  }

  async stop(): Promise<void> {
    this.stops++;
  }
}

function setup(stableAfterMs = 10_000) {
  const clock = new ManualDriverClock(0);
  const backoff = BackoffPolicy.parse({ initialMs: 100, maxMs: 800 });
  const supervisor = new Supervisor({ clock, backoff, stableAfterMs });
  const log: Array<[string, SupervisedStatus]> = [];
  supervisor.on('status', (id, status) => log.push([id, status]));
  const advance = async (ms: number) => {
    clock.advance(ms);
    await flushPromises();
  };
  return { clock, supervisor, log, advance };
}

describe('Supervisor', () => {
  it('retries a failing start with exponential backoff, reporting unavailable meanwhile', async () => {
    const { supervisor, advance } = setup();
    const driver = new FlakyDriver('board', 3);
    supervisor.add(driver);
    await supervisor.start(new AbortController().signal);
    expect(supervisor.status('board')).toBe('unavailable');
    await advance(99);
    expect(driver.starts).toBe(1);
    await advance(1);
    expect(driver.starts).toBe(2);
    await advance(200);
    expect(driver.starts).toBe(3);
    await advance(399);
    expect(supervisor.status('board')).toBe('unavailable');
    await advance(1);
    expect(driver.starts).toBe(4);
    expect(supervisor.status('board')).toBe('running');
  });

  it('isolates one failing driver from the others', async () => {
    const { supervisor } = setup();
    const bad = new FlakyDriver('bad', 1);
    const good = new FlakyDriver('good', 0);
    supervisor.add(bad);
    supervisor.add(good);
    await supervisor.start(new AbortController().signal);
    expect(supervisor.status('good')).toBe('running');
    expect(supervisor.status('bad')).toBe('unavailable');
  });

  it('restarts a driver that dies while running, and resets backoff after a stable run', async () => {
    const { supervisor, advance, log } = setup(1_000);
    const driver = new FlakyDriver('qr', 0);
    supervisor.add(driver);
    await supervisor.start(new AbortController().signal);
    driver.events.emit('fatal', new Error('EIO'));
    await flushPromises();
    expect(supervisor.status('qr')).toBe('unavailable');
    expect(driver.stops).toBe(1);
    await advance(100);
    expect(supervisor.status('qr')).toBe('running');
    driver.events.emit('fatal', new Error('EIO'));
    await flushPromises();
    await advance(100);
    expect(supervisor.status('qr')).toBe('unavailable');
    await advance(100);
    expect(supervisor.status('qr')).toBe('running');
    await advance(1_000);
    driver.events.emit('fatal', new Error('EIO'));
    await flushPromises();
    await advance(100);
    expect(supervisor.status('qr')).toBe('running');
    expect(log.filter(([, s]) => s === 'unavailable')).toHaveLength(3);
  });

  it('stop cancels pending restarts and stops every driver', async () => {
    const { supervisor, clock } = setup();
    const driver = new FlakyDriver('x', 5);
    supervisor.add(driver);
    await supervisor.start(new AbortController().signal);
    await supervisor.stop();
    expect(supervisor.status('x')).toBe('stopped');
    expect(clock.pendingCount).toBe(0);
  });

  it('stops when the start signal aborts', async () => {
    const { supervisor } = setup();
    const driver = new FlakyDriver('y', 0);
    supervisor.add(driver);
    const controller = new AbortController();
    await supervisor.start(controller.signal);
    controller.abort();
    await flushPromises();
    expect(supervisor.status('y')).toBe('stopped');
    expect(driver.stops).toBe(1);
  });
});
