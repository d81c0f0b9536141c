import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIB, startHarness } from '../../hub/src/broker/test-harness.ts';
import { eventually, realTime } from '../../hub/src/drivers/contract-support.ts';
import { SerialQrReader } from '../../hub/src/drivers/serial/qr-reader.ts';
import { ensureDebianPackage } from '../../test/support/debian.ts';
import { startSimulator } from './simulator.ts';

beforeAll(() => ensureDebianPackage('socat', 'socat'));

describe('startSimulator', () => {
  it('runs MQTT and serial devices together, scans through the QR pty, and stops everything', async () => {
    const h = await startHarness();
    const secrets = new Map<string, string>();
    for (const [id, kind] of [
      ['lock-1', 'lock'],
      ['seat-1', 'seat_sensor'],
      ['env-1', 'env_sensor'],
      ['meter-1', 'energy_meter'],
    ] as const) {
      secrets.set(id, await h.addDevice(id, kind));
    }
    const online: string[] = [];
    h.broker.on('device:online', (e) => online.push(e.deviceId));
    const ptyDir = mkdtempSync(join(tmpdir(), 'fwsim-'));
    const sim = await startSimulator({
      mqttUrl: `mqtt://127.0.0.1:${h.port}`,
      libraryId: LIB,
      secretFor: (id) => secrets.get(id) ?? '',
      locks: 1,
      seatSensors: 1,
      envSensors: 1,
      energyMeter: true,
      ptyDir,
    });
    await eventually(realTime(), () => online.length === 4, 'four devices online');
    expect(sim.paths.board).toContain('usb-Kerong');
    const reader = new SerialQrReader({ id: 'qr', path: sim.paths.qr ?? '' });
    const codes: string[] = [];
    reader.on('scan', (s) => codes.push(s.code));
    await reader.start(new AbortController().signal);
    sim.setFaults({ garbage: true });
    await sim.scan('SSP1.demo.42');
    await eventually(realTime(), () => codes.length === 1, 'the scan');
    expect(codes).toEqual(['SSP1.demo.42']);
    await reader.stop();
    await sim.stop();
    expect(sim.board?.port.connected).toBe(false);
    await h.close();
    rmSync(ptyDir, { recursive: true, force: true });
  });
});
