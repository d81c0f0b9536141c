import { describe, expect, it } from 'vitest';
import type { Broker } from '../../broker/broker.ts';
import { ManualDriverClock } from '../clock.ts';
import { manualTime } from '../contract-support.ts';
import type { Command } from '../device-api.ts';
import { lockContract } from '../lock.contract.ts';
import { readerContract } from '../reader.contract.ts';
import { sensorContract } from '../sensor.contract.ts';
import type { DeviceBus } from './device-bus.ts';
import { FakeDeviceBus, FakeLockDevice } from './fake-device.ts';
import { MqttLock } from './mqtt-lock.ts';
import { MqttReader } from './mqtt-reader.ts';
import { MqttSensor } from './mqtt-sensor.ts';

// The real broker is a DeviceBus: checked by the compiler, exercised in firmware-sim's tests.
export type BrokerIsADeviceBus = Broker extends DeviceBus ? true : never;
const brokerIsADeviceBus: BrokerIsADeviceBus = true;

lockContract('mqtt against an in-process device', async () => {
  const clock = new ManualDriverClock(1_700_000_000_000);
  const bus = new FakeDeviceBus();
  const device = new FakeLockDevice('locker-12', bus, clock);
  const driver = new MqttLock({ id: 'locker-12', deviceId: 'locker-12', bus, clock, ackTimeoutMs: 500 });
  return {
    driver,
    time: manualTime(clock),
    unlockMs: 3_000,
    afterStart: () => device.connect(),
    device: {
      setDrop: (on) => {
        device.faults.drop = on;
      },
      setJam: (on) => {
        device.faults.jam = on;
      },
      disconnect: () => device.disconnect(),
    },
    released: () => bus.eventNames().every((e) => bus.listenerCount(e) === 0) && driver.pendingCommands === 0,
    dispose: async () => device.disconnect(),
  };
});

function sensorHarness(kind: 'seat' | 'env' | 'energy') {
  const clock = new ManualDriverClock(1_700_000_000_000);
  const bus = new FakeDeviceBus();
  const deviceId = `${kind}-1`;
  const driver = new MqttSensor({ id: deviceId, deviceId, bus });
  const at = clock.now();
  const telemetry = {
    seat: { kind: 'seat_sensor' as const, occupied: true, at },
    env: { kind: 'env_sensor' as const, temperatureC: 23.5, humidityPct: 41, co2Ppm: 780, at },
    energy: { kind: 'energy_meter' as const, wattHours: 12_345, watts: 410, at },
  }[kind];
  const expected = {
    seat: { kind: 'occupancy' as const, sensorId: deviceId, occupied: true },
    env: {
      kind: 'environment' as const,
      sensorId: deviceId,
      temperatureC: 23.5,
      humidityPct: 41,
      co2Ppm: 780,
    },
    energy: { kind: 'energy' as const, sensorId: deviceId, wattHours: 12_345, watts: 410 },
  }[kind];
  return {
    driver,
    time: manualTime(clock),
    afterStart: () => {
      bus.emit('device:online', { deviceId, at });
    },
    device: {
      report: () => {
        bus.emit('device:telemetry', { deviceId, at, telemetry });
        return expected;
      },
      sendMalformed: () => {
        const wrong = { kind: 'seat_sensor', occupied: 'maybe', at } as unknown as typeof telemetry;
        bus.emit('device:telemetry', { deviceId, at, telemetry: wrong });
        bus.emit('device:telemetry', { deviceId, at, telemetry: { kind: 'lock', doorOpen: true, at } });
      },
      disconnect: () => {
        bus.emit('device:offline', { deviceId, at });
      },
    },
    released: () => bus.eventNames().every((e) => bus.listenerCount(e) === 0),
    dispose: async () => {},
  };
}

sensorContract('mqtt seat occupancy sensor', async () => sensorHarness('seat'));
sensorContract('mqtt environment sensor', async () => sensorHarness('env'));
sensorContract('mqtt energy meter', async () => sensorHarness('energy'));

readerContract('mqtt QR reader', async () => {
  const clock = new ManualDriverClock(1_700_000_000_000);
  const bus = new FakeDeviceBus();
  const driver = new MqttReader({ id: 'gate-qr', deviceId: 'gate-qr', bus });
  const at = clock.now();
  const emit = (code: string): void => {
    bus.emit('device:telemetry', { deviceId: 'gate-qr', at, telemetry: { kind: 'qr_reader', code, at } });
  };
  return {
    driver,
    time: manualTime(clock),
    afterStart: () => {
      bus.emit('device:online', { deviceId: 'gate-qr', at });
    },
    device: {
      scan: emit,
      sendGarbage: () => emit('\u001b[31m\u0000'),
      disconnect: () => {
        bus.emit('device:offline', { deviceId: 'gate-qr', at });
      },
    },
    released: () => bus.eventNames().every((e) => bus.listenerCount(e) === 0),
    dispose: async () => {},
  };
});

describe('MqttLock commands', () => {
  it('sends a fresh id and nonce with a short expiry for every command', async () => {
    const clock = new ManualDriverClock(1_700_000_000_000);
    const bus = new FakeDeviceBus();
    const device = new FakeLockDevice('d1', bus, clock);
    const sent: Command[] = [];
    bus.on('device:ack', () => {});
    const spy = bus.publishCommand.bind(bus);
    bus.publishCommand = (id, cmd) => {
      sent.push(cmd);
      spy(id, cmd);
    };
    const lock = new MqttLock({ id: 'd1', deviceId: 'd1', bus, clock, commandTtlMs: 5_000 });
    await lock.start(new AbortController().signal);
    device.connect();
    expect(await lock.unlock(2_000)).toBe('unlocked');
    expect(await lock.lock()).toBe('locked');
    expect(sent).toHaveLength(2);
    const [a, b] = sent;
    expect(a?.id).not.toBe(b?.id);
    expect(a?.nonce).not.toBe(b?.nonce);
    expect(a).toMatchObject({ action: 'unlock', durationMs: 2_000, expiresAt: (a?.issuedAt ?? 0) + 5_000 });
    expect(brokerIsADeviceBus).toBe(true);
    await lock.stop();
  });

  it('a replayed command is refused by the device and does not move the lock', async () => {
    const clock = new ManualDriverClock(1_700_000_000_000);
    const bus = new FakeDeviceBus();
    const device = new FakeLockDevice('d2', bus, clock);
    let last: Command | undefined;
    const deliver = bus.publishCommand.bind(bus);
    bus.publishCommand = (id, cmd) => {
      last = cmd;
      deliver(id, cmd);
    };
    const lock = new MqttLock({ id: 'd2', deviceId: 'd2', bus, clock });
    await lock.start(new AbortController().signal);
    device.connect();
    await lock.unlock(1_000);
    clock.advance(1_000);
    const acks: boolean[] = [];
    bus.on('device:ack', ({ ack }) => acks.push(ack.ok));
    if (last) deliver('d2', last);
    expect(acks).toEqual([false]);
    expect(lock.state).toBe('locked');
    await lock.stop();
  });
});
