import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackage } from '../../../../test/support/debian.ts';
import { BackoffPolicy } from '../backoff.ts';
import { eventually, realTime } from '../contract-support.ts';
import { loadHexFixtures, serialFixtures } from '../protocol/hex.ts';
import { readerContract } from '../reader.contract.ts';
import { openPtyPair } from './pty-pair.ts';
import { SerialQrReader } from './qr-reader.ts';

beforeAll(() => ensureDebianPackage('socat', 'socat'));

async function openDevice(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9_600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

function write(port: SerialPort, bytes: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) =>
    port.write(bytes, (err) => (err ? reject(err) : port.drain(() => resolve()))),
  );
}

async function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'qr-'));
  const hubPath = join(dir, 'usb-Newland_QR_Scanner-if00');
  const pair = await openPtyPair(hubPath, join(dir, 'device'));
  const device = await openDevice(pair.devicePath);
  const backoff = BackoffPolicy.parse({ initialMs: 20, maxMs: 100 });
  const driver = new SerialQrReader({ id: 'kiosk-qr', path: hubPath, backoff, presenceCheckMs: 100 });
  return { dir, pair, device, driver };
}

readerContract('serial QR reader over a socat pty', async () => {
  const { dir, pair, device, driver } = await harness();
  return {
    driver,
    time: realTime(),
    device: {
      scan: (code) => write(device, `${code}\r\n`),
      sendGarbage: () => write(device, Uint8Array.of(0x00, 0xff, 0x1b, 0x9c, 0x0d, 0x0a)),
      disconnect: () => pair.close(),
    },
    released: () => !driver.holding,
    dispose: async () => {
      if (device.isOpen) await new Promise((r) => device.close(r));
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SerialQrReader', () => {
  it('reads captured reader output and drops the noise', async () => {
    const { dir, pair, device, driver } = await harness();
    const codes: string[] = [];
    driver.on('scan', (s) => codes.push(s.code));
    await driver.start(new AbortController().signal);
    const fixtures = loadHexFixtures(new URL('qr-reader.hex', serialFixtures));
    for (const name of ['pass-crlf', 'two-codes-lf', 'noise-then-code']) {
      await write(device, fixtures.get(name) ?? new Uint8Array());
    }
    await eventually(realTime(), () => codes.length === 4, 'four codes');
    expect(codes).toEqual(['SSP1.abcd.123456', 'ABC123', 'XYZ987', 'SEAT-042']);
    await driver.stop();
    device.close();
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports unavailable while unplugged and reads again after replug', async () => {
    const { dir, pair, device, driver } = await harness();
    const time = realTime();
    const codes: string[] = [];
    driver.on('scan', (s) => codes.push(s.code));
    await driver.start(new AbortController().signal);
    await pair.close();
    await eventually(time, () => !driver.available, 'unavailable');
    const again = await openPtyPair(pair.hubPath, pair.devicePath);
    await eventually(time, () => driver.available, 'available again');
    const replugged = await openDevice(again.devicePath);
    await write(replugged, 'AFTER-REPLUG\n');
    await eventually(time, () => codes.length === 1, 'a code after replug');
    expect(codes).toEqual(['AFTER-REPLUG']);
    await driver.stop();
    for (const port of [device, replugged]) if (port.isOpen) port.close();
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
