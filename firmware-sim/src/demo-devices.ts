/**
 * The demo library's devices: which simulated device plays which part (the door, the AC-cabin
 * lockers, a sensor under every seat, two room climate sensors, the energy meter), their broker
 * credentials (created once, kept in the data directory like a real hub keeps its provisioning),
 * and the hub's driver config that binds them to the seats' lock and sensor ids.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeviceCredential } from '../../hub/src/broker/credentials.ts';
import type { DriverConfigInput } from '../../hub/src/drivers/config.ts';
import type { DemoIds } from '../../hub/src/seed.ts';
import type { Db } from '../../hub/src/store/db.ts';

export const DOOR_LOCK = 'door-main';
const LOCKERS = 20;
const SEATS = 60;
const ENV_SENSORS = 2;

interface Provisioned {
  secrets: Record<string, string>;
}

const seatNumber = (i: number) =>
  i > 40 ? `C${String(i - 40).padStart(2, '0')}` : `A${String(i).padStart(2, '0')}`;

/** Device credentials, created on first run and read back afterwards. */
export async function provisionDemoDevices(db: Db, dataDir: string, ids: DemoIds): Promise<Provisioned> {
  const file = join(dataDir, 'demo-devices.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Provisioned;
  const plan: (readonly [string, 'lock' | 'seat_sensor' | 'env_sensor' | 'energy_meter', string])[] = [
    ['lock-1', 'lock', 'Main door'],
    ...Array.from(
      { length: LOCKERS },
      (_, i) => [`lock-${i + 2}`, 'lock', `Locker ${seatNumber(41 + i)}`] as const,
    ),
    ...Array.from(
      { length: SEATS },
      (_, i) => [`seat-${i + 1}`, 'seat_sensor', `Seat ${seatNumber(i + 1)}`] as const,
    ),
    ...Array.from(
      { length: ENV_SENSORS },
      (_, i) => [`env-${i + 1}`, 'env_sensor', `Room climate ${i + 1}`] as const,
    ),
    ['meter-1', 'energy_meter', 'Mains meter'],
  ];
  const secrets: Record<string, string> = {};
  for (const [id, kind, name] of plan) {
    secrets[id] = (await createDeviceCredential(db, { id, libraryId: ids.libraryId, kind, name })).secret;
  }
  writeFileSync(file, JSON.stringify({ secrets }, null, 2), { mode: 0o600 });
  return { secrets };
}

/** The hub's drivers for the demo devices; `qrPath` adds the serial QR reader when socat runs. */
export function demoDrivers(qrPath: string | undefined): DriverConfigInput[] {
  const drivers: DriverConfigInput[] = [{ kind: 'mqtt-lock', id: DOOR_LOCK, deviceId: 'lock-1' }];
  for (let i = 0; i < LOCKERS; i++) {
    drivers.push({ kind: 'mqtt-lock', id: `locker-${seatNumber(41 + i)}`, deviceId: `lock-${i + 2}` });
  }
  for (let i = 1; i <= SEATS; i++)
    drivers.push({ kind: 'mqtt-sensor', id: `sensor-${seatNumber(i)}`, deviceId: `seat-${i}` });
  for (let i = 1; i <= ENV_SENSORS; i++)
    drivers.push({ kind: 'mqtt-sensor', id: `env-${i}`, deviceId: `env-${i}` });
  drivers.push({ kind: 'mqtt-sensor', id: 'meter-1', deviceId: 'meter-1' });
  if (qrPath) drivers.push({ kind: 'serial-qr-reader', id: 'qr-entrance', path: qrPath });
  return drivers;
}

export const demoDeviceCounts = { locks: 1 + LOCKERS, seatSensors: SEATS, envSensors: ENV_SENSORS };
