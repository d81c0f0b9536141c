/**
 * The shared `LockDriver` contract. Every implementation's test file calls `lockContract` with a
 * factory for a harness (the driver, the device or simulator behind it, and time control), as every
 * aedes persistence runs `abstractPersistence`. It pins the rules from `types.ts`: confirmed
 * unlock then relock, no answer → `unknown`, jam → `jammed`, device gone → `unavailable`, and
 * `stop()` releases every resource.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, settle, type TimeControl } from './contract-support.ts';
import type { LockDriver, LockState } from './types.ts';

/** Fault switches of the device behind the driver. */
export interface LockDeviceControl {
  setDrop(on: boolean): void | Promise<void>;
  setJam(on: boolean): void | Promise<void>;
  /** The device disappears (unplugged, powered off, connection lost). */
  disconnect(): void | Promise<void>;
}

export interface LockHarness {
  driver: LockDriver;
  device: LockDeviceControl;
  time: TimeControl;
  /** The unlock duration the tests use (device time). */
  unlockMs: number;
  /** Called after `driver.start`, e.g. for a device to announce its retained state. */
  afterStart?(): void | Promise<void>;
  /** True once the driver holds no port, pin, listener or timer. */
  released(): boolean | Promise<boolean>;
  /** Frees whatever the harness itself created (processes, temp dirs). */
  dispose(): Promise<void>;
}

export function lockContract(name: string, makeHarness: () => Promise<LockHarness>): void {
  describe(`LockDriver contract: ${name}`, () => {
    let h: LockHarness | null = null;
    let controller: AbortController;

    async function started(): Promise<LockHarness> {
      h = await makeHarness();
      controller = new AbortController();
      await h.driver.start(controller.signal);
      await h.afterStart?.();
      const harness = h;
      await eventually(harness.time, () => harness.driver.state === 'locked', 'the initial locked state');
      return harness;
    }

    afterEach(async () => {
      controller?.abort();
      await h?.driver.stop();
      await h?.dispose();
      h = null;
    });

    it('is unavailable before start', async () => {
      h = await makeHarness();
      expect(h.driver.state).toBe('unavailable');
    });

    it('unlock confirmed → unlocked, then relocks after the duration', async () => {
      const harness = await started();
      const seen: LockState[] = [];
      harness.driver.on('state', (state) => seen.push(state));
      expect(await settle(harness.time, harness.driver.unlock(harness.unlockMs))).toBe('unlocked');
      expect(harness.driver.state).toBe('unlocked');
      await eventually(harness.time, () => harness.driver.state === 'locked', 'the relock');
      expect(seen).toEqual(['unlocked', 'locked']);
    });

    it('no acknowledgement → unknown, never a guessed unlocked', async () => {
      const harness = await started();
      await harness.device.setDrop(true);
      const seen: LockState[] = [];
      harness.driver.on('state', (state) => seen.push(state));
      expect(await settle(harness.time, harness.driver.unlock(harness.unlockMs))).toBe('unknown');
      expect(harness.driver.state).toBe('unknown');
      expect(seen).not.toContain('unlocked');
    });

    it('a jammed device is reported as jammed', async () => {
      const harness = await started();
      await harness.device.setJam(true);
      expect(await settle(harness.time, harness.driver.unlock(harness.unlockMs))).toBe('jammed');
      expect(harness.driver.state).toBe('jammed');
    });

    it('device gone → unavailable', async () => {
      const harness = await started();
      await harness.device.disconnect();
      await eventually(harness.time, () => harness.driver.state === 'unavailable', 'unavailable');
      expect(await settle(harness.time, harness.driver.unlock(harness.unlockMs))).toBe('unavailable');
    });

    it('stop() releases everything and leaves the lock unavailable', async () => {
      const harness = await started();
      await harness.driver.stop();
      expect(harness.driver.state).toBe('unavailable');
      expect(await harness.released()).toBe(true);
    });
  });
}
