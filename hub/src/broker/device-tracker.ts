/**
 * Turns broker traffic into device facts: who is online (a device's own connection, its
 * `availability` word and its last will), its last retained state and when it was last seen, written
 * to the `devices` table and emitted as typed events. It trusts only publishes that
 * `authorizePublish` let through, and decodes them again with the same core schemas, so the values
 * it stores and emits are typed. `last_seen` writes are throttled: telemetry must not fsync per message;
 * a battery level is written when it changes (batteries drain by a percent in days, not seconds).
 */
import { decodePayload, parseDeviceTopic } from '@studyspot/core';
import type { Db } from '../store/db.ts';
import type { BrokerEvents, DeviceRef, Logger } from './types.ts';

type Emit = <K extends keyof BrokerEvents>(event: K, ...args: BrokerEvents[K]) => void;

export interface TrackerDeps {
  db: Db;
  logger: Logger;
  emit: Emit;
  now: () => number;
}

const LAST_SEEN_EVERY_MS = 10_000;

export class DeviceTracker {
  readonly #deps: TrackerDeps;
  readonly #online = new Set<string>();
  readonly #lastSeenWritten = new Map<string, number>();
  readonly #batteryWritten = new Map<string, number>();

  constructor(deps: TrackerDeps) {
    this.#deps = deps;
  }

  isOnline(deviceId: string): boolean {
    return this.#online.has(deviceId);
  }

  /** Called on every forwarded publish; ignores anything that is not a device-published topic. */
  onPublish(device: DeviceRef, topic: string, payload: Uint8Array): void {
    const address = parseDeviceTopic(topic);
    if (!address || address.deviceId !== device.deviceId) return;
    const at = this.#deps.now();
    switch (address.kind) {
      case 'availability': {
        const word = decodePayload('availability', payload);
        if (word.ok) this.setOnline(device, word.value === 'online');
        return;
      }
      case 'state': {
        const state = decodePayload('state', payload);
        if (!state.ok) return;
        this.#deps.db
          .prepare('UPDATE devices SET state = ?, last_seen = ? WHERE id = ?')
          .run(JSON.stringify(state.value), at, device.deviceId);
        this.#lastSeenWritten.set(device.deviceId, at);
        if ('batteryPct' in state.value) this.#battery(device.deviceId, state.value.batteryPct, at);
        this.#deps.emit('device:state', { ...device, state: state.value, at });
        return;
      }
      case 'telemetry': {
        const telemetry = decodePayload('telemetry', payload);
        if (!telemetry.ok) return;
        this.#seen(device.deviceId, at);
        if ('batteryPct' in telemetry.value) this.#battery(device.deviceId, telemetry.value.batteryPct, at);
        this.#deps.emit('device:telemetry', { ...device, telemetry: telemetry.value, at });
        return;
      }
      case 'command/ack': {
        const ack = decodePayload('command/ack', payload);
        if (!ack.ok) return;
        this.#seen(device.deviceId, at);
        this.#deps.emit('device:ack', { ...device, ack: ack.value, at });
        return;
      }
      case 'command':
        return;
    }
  }

  /** Records a transition; repeated words (availability, then LWT, then disconnect) emit once. */
  setOnline(device: DeviceRef, online: boolean): void {
    if (this.#online.has(device.deviceId) === online) return;
    const at = this.#deps.now();
    if (online) this.#online.add(device.deviceId);
    else this.#online.delete(device.deviceId);
    this.#deps.db
      .prepare('UPDATE devices SET online = ?, last_seen = ? WHERE id = ?')
      .run(online ? 1 : 0, at, device.deviceId);
    this.#lastSeenWritten.set(device.deviceId, at);
    this.#deps.emit(online ? 'device:online' : 'device:offline', { ...device, at });
  }

  /** Marks every device this tracker saw online as offline (broker stopping). */
  allOffline(devices: Iterable<DeviceRef>): void {
    for (const device of devices) this.setOnline(device, false);
  }

  #seen(deviceId: string, at: number): void {
    const last = this.#lastSeenWritten.get(deviceId) ?? 0;
    if (at - last < LAST_SEEN_EVERY_MS) return;
    this.#lastSeenWritten.set(deviceId, at);
    this.#deps.db.prepare('UPDATE devices SET last_seen = ? WHERE id = ?').run(at, deviceId);
  }

  #battery(deviceId: string, pct: number | undefined, at: number): void {
    if (pct === undefined) return;
    const level = Math.round(pct);
    if (this.#batteryWritten.get(deviceId) === level) return;
    this.#batteryWritten.set(deviceId, level);
    this.#deps.db
      .prepare('UPDATE devices SET battery_pct = ?, battery_at = ? WHERE id = ?')
      .run(level, at, deviceId);
  }
}
