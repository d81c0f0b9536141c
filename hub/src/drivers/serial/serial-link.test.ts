import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackage } from '../../../../test/support/debian.ts';
import { BackoffPolicy } from '../backoff.ts';
import { eventually, realTime } from '../contract-support.ts';
import { openPtyPair, type PtyPair } from './pty-pair.ts';
import { SerialLink } from './serial-link.ts';

describe('SerialLink over a socat pty pair', () => {
  let dir: string;
  let pair: PtyPair | null = null;
  let link: SerialLink | null = null;
  let device: SerialPort | null = null;
  const time = realTime(3_000, 20);

  beforeAll(() => ensureDebianPackage('socat', 'socat'));
  afterEach(async () => {
    await link?.stop();
    if (device?.isOpen) await new Promise((r) => device?.close(r));
    await pair?.close();
    rmSync(dir, { recursive: true, force: true });
    link = device = pair = null;
  });

  async function setup() {
    dir = mkdtempSync(join(tmpdir(), 'serial-link-'));
    const hubPath = join(dir, 'usb-FTDI_FT232R_USB_UART_A10K5RDZ-if00-port0');
    pair = await openPtyPair(hubPath, join(dir, 'device'));
    const backoff = BackoffPolicy.parse({ initialMs: 20, maxMs: 100 });
    link = new SerialLink({ path: hubPath, baudRate: 19_200, backoff });
    device = new SerialPort({ path: join(dir, 'device'), baudRate: 19_200 });
    await new Promise((r) => device?.once('open', r));
    return { hubPath, link, device };
  }

  it('carries bytes both ways', async () => {
    const { link, device } = await setup();
    await link.start();
    expect(link.up).toBe(true);
    const got: number[] = [];
    link.on('data', (chunk) => got.push(...chunk));
    device.write(Buffer.from([1, 2, 3]));
    await eventually(time, () => got.length === 3, 'bytes at the hub');
    const back: number[] = [];
    device.on('data', (chunk: Buffer) => back.push(...chunk));
    await link.write(Uint8Array.of(9, 8));
    await eventually(time, () => back.length === 2, 'bytes at the device');
    expect(back).toEqual([9, 8]);
  });

  it('goes down when unplugged and comes back when the device returns', async () => {
    const { hubPath, link } = await setup();
    const events: string[] = [];
    link.on('up', () => events.push('up'));
    link.on('down', () => events.push('down'));
    await link.start();
    await pair?.close();
    await eventually(time, () => !link.up, 'the link to go down');
    pair = await openPtyPair(hubPath, join(dir, 'device'));
    await eventually(time, () => link.up, 'the link to come back');
    expect(events[0]).toBe('up');
    expect(events).toContain('down');
    expect(events.at(-1)).toBe('up');
  });

  it('starts down when the port is missing, and stop releases the retry timer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'serial-link-'));
    link = new SerialLink({ path: join(dir, 'absent'), baudRate: 9_600 });
    await link.start();
    expect(link.up).toBe(false);
    expect(link.holding).toBe(true);
    await link.stop();
    expect(link.holding).toBe(false);
  });
});
