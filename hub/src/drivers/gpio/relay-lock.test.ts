import { describe, expect, it } from 'vitest';
import { ManualDriverClock } from '../clock.ts';
import { manualTime } from '../contract-support.ts';
import { lockContract } from '../lock.contract.ts';
import { FakeSysfs } from './fake-sysfs.ts';
import { pi4Kernel66 } from './fixtures.ts';
import { RelayLock } from './relay-lock.ts';

const RELAY = 512 + 17;
const LATCH = 512 + 27;

function build(withFeedback: boolean, activeLow = false) {
  const clock = new ManualDriverClock(0);
  const sysfs = new FakeSysfs(pi4Kernel66);
  sysfs.setInput(LATCH, 0);
  sysfs.wire(RELAY, LATCH, activeLow);
  const lock = new RelayLock({
    id: 'front-door',
    relay: { chip: 'pinctrl-bcm2711', line: 17, activeLow },
    ...(withFeedback ? { feedback: { chip: 'pinctrl-bcm2711', line: 27, releasedLevel: 1 as const } } : {}),
    port: sysfs,
    sysfsRoot: sysfs.root,
    clock,
    ackTimeoutMs: 200,
    healthIntervalMs: 1_000,
  });
  return { clock, sysfs, lock };
}

// The contract needs a latch monitor: without one a jam is invisible (the relay read-back is all
// the confirmation there is), which the README of a site without monitors must accept.
lockContract('gpio relay with latch monitor on fake sysfs', async () => {
  const { clock, sysfs, lock } = build(true);
  return {
    driver: lock,
    time: manualTime(clock),
    unlockMs: 3_000,
    device: {
      setDrop: (on) => {
        sysfs.faults.dropWrites = on;
      },
      setJam: (on) => {
        sysfs.faults.jam = on;
      },
      disconnect: () => sysfs.removeAll(),
    },
    released: () => sysfs.exportedCount === 0 && sysfs.watcherCount === 0 && clock.pendingCount === 0,
    dispose: async () => sysfs.dispose(),
  };
});

describe('RelayLock pulse', () => {
  it('energises the relay for exactly the duration, then releases it', async () => {
    const { clock, sysfs, lock } = build(true);
    await lock.start(new AbortController().signal);
    expect(sysfs.readValue(RELAY)).toBe(0);
    expect(await lock.unlock(5_000)).toBe('unlocked');
    expect(sysfs.readValue(RELAY)).toBe(1);
    clock.advance(4_999);
    expect(sysfs.readValue(RELAY)).toBe(1);
    clock.advance(1);
    expect(sysfs.readValue(RELAY)).toBe(0);
    expect(lock.state).toBe('locked');
    await lock.stop();
    sysfs.dispose();
  });

  it('drives an active-low relay board inverted', async () => {
    const { clock, sysfs, lock } = build(false, true);
    await lock.start(new AbortController().signal);
    expect(sysfs.readValue(RELAY)).toBe(1);
    await lock.unlock(1_000);
    expect(sysfs.readValue(RELAY)).toBe(0);
    clock.advance(1_000);
    expect(sysfs.readValue(RELAY)).toBe(1);
    await lock.stop();
    sysfs.dispose();
  });

  it('lock() ends the pulse early and cancels the timer', async () => {
    const { clock, sysfs, lock } = build(false);
    await lock.start(new AbortController().signal);
    await lock.unlock(10_000);
    expect(await lock.lock()).toBe('locked');
    expect(sysfs.readValue(RELAY)).toBe(0);
    await lock.stop();
    expect(clock.pendingCount).toBe(0);
    sysfs.dispose();
  });

  it('a jammed latch de-energises the relay', async () => {
    const { clock, sysfs, lock } = build(true);
    await lock.start(new AbortController().signal);
    sysfs.faults.jam = true;
    const result = lock.unlock(1_000);
    await Promise.resolve();
    clock.advance(200);
    expect(await result).toBe('jammed');
    expect(sysfs.readValue(RELAY)).toBe(0);
    await lock.stop();
    sysfs.dispose();
  });
});
