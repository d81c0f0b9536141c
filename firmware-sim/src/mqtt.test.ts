import { describe, expect, it } from 'vitest';
import { LIB, startHarness } from '../../hub/src/broker/test-harness.ts';
import { eventually, realTime } from '../../hub/src/drivers/contract-support.ts';
import { lockContract } from '../../hub/src/drivers/lock.contract.ts';
import { MqttLock } from '../../hub/src/drivers/mqtt/mqtt-lock.ts';
import { MqttSensor, toReading } from '../../hub/src/drivers/mqtt/mqtt-sensor.ts';
import { sensorContract } from '../../hub/src/drivers/sensor.contract.ts';
import type { SensorReading } from '../../hub/src/drivers/types.ts';
import { MqttLockDevice } from './mqtt-lock-device.ts';
import { MqttSensorDevice, type SensorKind } from './mqtt-sensor-devices.ts';

const events = ['device:ack', 'device:state', 'device:telemetry', 'device:online', 'device:offline'] as const;

async function brokerRig() {
  const h = await startHarness();
  const baseline = events.map((e) => h.broker.listenerCount(e));
  const noListenersLeft = () => events.every((e, i) => h.broker.listenerCount(e) === baseline[i]);
  return { h, url: `mqtt://127.0.0.1:${h.port}`, noListenersLeft };
}

lockContract('mqtt lock vs firmware-sim through the real hub broker', async () => {
  const { h, url, noListenersLeft } = await brokerRig();
  const secret = await h.addDevice('lock-1', 'lock');
  const device = new MqttLockDevice(url, { libraryId: LIB, deviceId: 'lock-1', secret });
  const driver = new MqttLock({ id: 'lock-1', deviceId: 'lock-1', bus: h.broker, ackTimeoutMs: 300 });
  return {
    driver,
    time: realTime(3_000, 20),
    unlockMs: 400,
    afterStart: () => device.start(),
    device: {
      setDrop: (on) => device.setFaults({ drop: on }),
      setJam: (on) => device.setFaults({ jam: on }),
      disconnect: () => device.vanish(),
    },
    released: () => driver.pendingCommands === 0 && noListenersLeft(),
    dispose: async () => {
      await device.stop();
      await h.close();
    },
  };
});

for (const kind of ['seat_sensor', 'env_sensor', 'energy_meter'] as const satisfies SensorKind[]) {
  sensorContract(`mqtt ${kind} vs firmware-sim through the real hub broker`, async () => {
    const { h, url, noListenersLeft } = await brokerRig();
    const secret = await h.addDevice('sensor-1', kind);
    const device = new MqttSensorDevice(url, { libraryId: LIB, deviceId: 'sensor-1', secret }, kind, 60_000);
    const driver = new MqttSensor({ id: 'sensor-1', deviceId: 'sensor-1', bus: h.broker });
    return {
      driver,
      time: realTime(3_000, 20),
      afterStart: () => device.start(),
      device: {
        report: () => {
          const telemetry = device.report();
          const reading = telemetry && toReading('sensor-1', telemetry);
          if (!reading) throw new Error('the device did not report');
          const { at: _at, ...rest } = reading;
          return rest as Omit<SensorReading, 'at'>;
        },
        sendMalformed: () => device.sendGarbage(),
        disconnect: () => device.vanish(),
      },
      released: () => noListenersLeft(),
      dispose: async () => {
        await device.stop();
        await h.close();
      },
    };
  });
}

describe('firmware-sim MQTT lock protocol', () => {
  it('a duplicated delivery is refused as replayed and the lock still ends confirmed', async () => {
    const { h, url } = await brokerRig();
    const secret = await h.addDevice('lock-2', 'lock');
    const device = new MqttLockDevice(url, { libraryId: LIB, deviceId: 'lock-2', secret });
    const lock = new MqttLock({ id: 'lock-2', deviceId: 'lock-2', bus: h.broker, ackTimeoutMs: 1_000 });
    const acks: Array<{ ok: boolean; error?: string | undefined }> = [];
    h.broker.on('device:ack', ({ ack }) => acks.push({ ok: ack.ok, error: ack.error }));
    await lock.start(new AbortController().signal);
    await device.start();
    await eventually(realTime(), () => lock.state === 'locked', 'locked');
    device.setFaults({ duplicate: true });
    expect(await lock.unlock(500)).toBe('unlocked');
    await eventually(realTime(), () => acks.length === 2, 'both acks');
    expect(acks).toEqual([{ ok: true }, { ok: false, error: 'replayed' }]);
    await lock.stop();
    await device.stop();
    await h.close();
  });

  it('publishes online on connect and the broker fires the offline last will when it vanishes', async () => {
    const { h, url } = await brokerRig();
    const secret = await h.addDevice('lock-3', 'lock');
    const seen: string[] = [];
    h.broker.on('device:online', (e) => seen.push(`online:${e.deviceId}`));
    h.broker.on('device:offline', (e) => seen.push(`offline:${e.deviceId}`));
    const device = new MqttLockDevice(url, { libraryId: LIB, deviceId: 'lock-3', secret });
    await device.start();
    await eventually(realTime(), () => seen.includes('online:lock-3'), 'online');
    await device.vanish();
    await eventually(realTime(), () => seen.includes('offline:lock-3'), 'offline');
    await h.close();
  });
});
