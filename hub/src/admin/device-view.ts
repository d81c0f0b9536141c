/**
 * One list of the hub's devices for `status`, `devices list` and `doctor`: every configured driver
 * (what the library actually uses — door, lockers, sensors, readers) with its health, then the MQTT
 * credentials no driver is bound to yet. Health is decided from what the running hub knows (the
 * supervisor's status, the lock's confirmed state, the broker's session, whether a serial port's
 * path still exists); with the hub stopped every driver is `unknown`, since nothing is talking to it.
 */
import { existsSync } from 'node:fs';
import type { DriverConfig } from '../drivers/config.ts';
import type { RegisteredDevice } from './db-status.ts';

export type DeviceHealth = 'online' | 'offline' | 'jammed' | 'unknown';

export interface DeviceView {
  /** The driver id; for an unbound credential, the MQTT device id. */
  id: string;
  source: 'driver' | 'mqtt';
  /** Driver kind (kerong-lock, mqtt-sensor…) or, for an unbound credential, the device kind. */
  kind: string;
  role: 'lock' | 'sensor' | 'reader' | null;
  deviceId: string | null;
  path: string | null;
  health: DeviceHealth;
  detail: string;
  lastSeen: number | null;
  batteryPct: number | null;
}

export interface DeviceCounts {
  online: number;
  offline: number;
  jammed: number;
  unknown: number;
}

/** What the running hub can tell about its drivers (Hardware and Broker satisfy it). */
export interface LiveDevices {
  statuses(): { id: string; role: 'lock' | 'sensor' | 'reader'; status: string }[];
  lockState(id: string): string | undefined;
  sensorAvailable(id: string): boolean | undefined;
  mqttOnline(deviceId: string): boolean;
}

const roleOf = (kind: DriverConfig['kind']): 'lock' | 'sensor' | 'reader' => {
  switch (kind) {
    case 'sim-lock':
    case 'gpio-relay-lock':
    case 'kerong-lock':
    case 'mqtt-lock':
      return 'lock';
    case 'sim-sensor':
    case 'gpio-input':
    case 'mqtt-sensor':
      return 'sensor';
    case 'sim-reader':
    case 'serial-qr-reader':
    case 'mqtt-reader':
      return 'reader';
  }
};

function liveHealth(
  driver: DriverConfig,
  supervised: string,
  live: LiveDevices,
): { health: DeviceHealth; detail: string } {
  const path = 'path' in driver ? driver.path : null;
  if (path && !existsSync(path))
    return { health: 'offline', detail: `serial port ${path} is missing (unplugged?)` };
  if (supervised !== 'running') return { health: 'offline', detail: `driver ${supervised}` };
  if ('deviceId' in driver && !live.mqttOnline(driver.deviceId))
    return { health: 'offline', detail: `MQTT device ${driver.deviceId} is not connected` };
  const role = roleOf(driver.kind);
  if (role === 'lock') {
    const state = live.lockState(driver.id) ?? 'unknown';
    if (state === 'jammed') return { health: 'jammed', detail: 'the lock answered that it could not move' };
    if (state === 'unavailable') return { health: 'offline', detail: 'the lock does not answer' };
    if (state === 'unknown') return { health: 'unknown', detail: 'the last command was not confirmed' };
    return { health: 'online', detail: state };
  }
  if (role === 'sensor' && live.sensorAvailable(driver.id) === false)
    return { health: 'offline', detail: 'no readings (unavailable)' };
  return { health: 'online', detail: 'running' };
}

export function deviceViews(
  drivers: readonly DriverConfig[],
  registered: readonly RegisteredDevice[],
  live: LiveDevices | null,
): DeviceView[] {
  const supervised = new Map(live?.statuses().map((s) => [s.id, s.status]));
  const byDeviceId = new Map(registered.map((d) => [d.id, d]));
  const bound = new Set<string>();
  const views: DeviceView[] = drivers.map((driver) => {
    const deviceId = 'deviceId' in driver ? driver.deviceId : null;
    if (deviceId) bound.add(deviceId);
    const state = live
      ? liveHealth(driver, supervised.get(driver.id) ?? 'idle', live)
      : { health: 'unknown' as const, detail: 'the hub is not running' };
    return {
      id: driver.id,
      source: 'driver',
      kind: driver.kind,
      role: roleOf(driver.kind),
      deviceId,
      path: 'path' in driver ? driver.path : null,
      ...state,
      lastSeen: deviceId ? (byDeviceId.get(deviceId)?.lastSeen ?? null) : null,
      batteryPct: deviceId ? (byDeviceId.get(deviceId)?.batteryPct ?? null) : null,
    };
  });
  for (const device of registered) {
    if (bound.has(device.id) || device.revoked) continue;
    const online = live ? live.mqttOnline(device.id) : null;
    views.push({
      id: device.id,
      source: 'mqtt',
      kind: device.kind,
      role: null,
      deviceId: device.id,
      path: null,
      health: online === null ? 'unknown' : online ? 'online' : 'offline',
      detail:
        online === null ? 'the hub is not running' : online ? 'connected (no driver bound)' : 'not connected',
      lastSeen: device.lastSeen,
      batteryPct: device.batteryPct,
    });
  }
  return views;
}

export function countDevices(views: readonly DeviceView[]): DeviceCounts {
  const counts: DeviceCounts = { online: 0, offline: 0, jammed: 0, unknown: 0 };
  for (const v of views) counts[v.health]++;
  return counts;
}
