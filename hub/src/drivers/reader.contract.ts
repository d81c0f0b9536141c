/**
 * The shared `CredentialReader` contract: a scanned code arrives once as a `scan` event, garbage
 * never becomes a scan and does not stop the next one, a vanished reader turns `available` false,
 * and `stop()` releases everything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type TimeControl } from './contract-support.ts';
import type { CredentialReader } from './types.ts';

export interface ReaderDeviceControl {
  scan(code: string): void | Promise<void>;
  sendGarbage(): void | Promise<void>;
  disconnect(): void | Promise<void>;
}

export interface ReaderHarness {
  driver: CredentialReader;
  device: ReaderDeviceControl;
  time: TimeControl;
  /** Called after `driver.start`, e.g. for a device to announce itself. */
  afterStart?(): void | Promise<void>;
  released(): boolean | Promise<boolean>;
  dispose(): Promise<void>;
}

export function readerContract(name: string, makeHarness: () => Promise<ReaderHarness>): void {
  describe(`CredentialReader contract: ${name}`, () => {
    let h: ReaderHarness | null = null;
    let controller: AbortController;

    async function started(): Promise<{ harness: ReaderHarness; codes: string[] }> {
      h = await makeHarness();
      const harness = h;
      const codes: string[] = [];
      harness.driver.on('scan', (scan) => {
        expect(scan.readerId).toBe(harness.driver.id);
        codes.push(scan.code);
      });
      controller = new AbortController();
      await harness.driver.start(controller.signal);
      await harness.afterStart?.();
      await eventually(harness.time, () => harness.driver.available, 'the reader to be available');
      return { harness, codes };
    }

    afterEach(async () => {
      controller?.abort();
      await h?.driver.stop();
      await h?.dispose();
      h = null;
    });

    it('emits a scanned code once', async () => {
      const { harness, codes } = await started();
      await harness.device.scan('SSP1.pass.000042');
      await eventually(harness.time, () => codes.length > 0, 'a scan');
      expect(codes).toEqual(['SSP1.pass.000042']);
    });

    it('drops garbage and still reads the next code', async () => {
      const { harness, codes } = await started();
      await harness.device.sendGarbage();
      await harness.device.scan('NEXT-1');
      await eventually(harness.time, () => codes.length > 0, 'a scan after garbage');
      expect(codes).toEqual(['NEXT-1']);
    });

    it('reader gone → not available', async () => {
      const { harness } = await started();
      await harness.device.disconnect();
      await eventually(harness.time, () => !harness.driver.available, 'unavailability');
    });

    it('stop() releases everything', async () => {
      const { harness } = await started();
      await harness.driver.stop();
      expect(harness.driver.available).toBe(false);
      expect(await harness.released()).toBe(true);
    });
  });
}
