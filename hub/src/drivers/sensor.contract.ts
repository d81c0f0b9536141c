/**
 * The shared `SensorDriver` contract: a reading the device reports arrives as one `reading` event
 * of the right kind, malformed input is dropped without killing the driver, a vanished device turns
 * `available` false, and `stop()` releases everything.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type TimeControl } from './contract-support.ts';
import type { SensorDriver, SensorReading } from './types.ts';

export interface SensorDeviceControl {
  /** Makes the device report a reading; returns what the driver should deliver. */
  report(): Promise<Omit<SensorReading, 'at'>> | Omit<SensorReading, 'at'>;
  /** Makes the device send something malformed (bad payload, bounce, noise). */
  sendMalformed(): void | Promise<void>;
  disconnect(): void | Promise<void>;
}

export interface SensorHarness {
  driver: SensorDriver;
  device: SensorDeviceControl;
  time: TimeControl;
  afterStart?(): void | Promise<void>;
  released(): boolean | Promise<boolean>;
  dispose(): Promise<void>;
}

function withoutAt(reading: SensorReading): Omit<SensorReading, 'at'> {
  const { at: _at, ...rest } = reading;
  return rest;
}

function delivered(readings: SensorReading[], expected: Omit<SensorReading, 'at'>): boolean {
  return readings.some((r) => isDeepStrictEqual(withoutAt(r), expected));
}

export function sensorContract(name: string, makeHarness: () => Promise<SensorHarness>): void {
  describe(`SensorDriver contract: ${name}`, () => {
    let h: SensorHarness | null = null;
    let controller: AbortController;

    async function started(): Promise<{ harness: SensorHarness; readings: SensorReading[] }> {
      h = await makeHarness();
      const harness = h;
      const readings: SensorReading[] = [];
      harness.driver.on('reading', (r) => readings.push(r));
      controller = new AbortController();
      await harness.driver.start(controller.signal);
      await harness.afterStart?.();
      await eventually(harness.time, () => harness.driver.available, 'the sensor to be available');
      return { harness, readings };
    }

    afterEach(async () => {
      controller?.abort();
      await h?.driver.stop();
      await h?.dispose();
      h = null;
    });

    it('delivers a reported reading', async () => {
      const { harness, readings } = await started();
      const expected = await harness.device.report();
      await eventually(harness.time, () => delivered(readings, expected), 'the reported reading');
      expect(readings.map(withoutAt)).toContainEqual(expected);
    });

    it('drops malformed input and keeps working', async () => {
      const { harness, readings } = await started();
      await harness.device.sendMalformed();
      const expected = await harness.device.report();
      await eventually(harness.time, () => delivered(readings, expected), 'a reading after malformed input');
      expect(readings.map(withoutAt).at(-1)).toEqual(expected);
      expect(harness.driver.available).toBe(true);
    });

    it('device gone → not available', async () => {
      const { harness } = await started();
      const changes: boolean[] = [];
      harness.driver.on('availability', (a) => changes.push(a));
      await harness.device.disconnect();
      await eventually(harness.time, () => !harness.driver.available, 'unavailability');
      expect(changes).toContain(false);
    });

    it('stop() releases everything', async () => {
      const { harness } = await started();
      await harness.driver.stop();
      expect(harness.driver.available).toBe(false);
      expect(await harness.released()).toBe(true);
    });
  });
}
