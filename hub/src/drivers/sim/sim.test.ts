import { describe, expect, it } from 'vitest';
import { ManualDriverClock } from '../clock.ts';
import { manualTime } from '../contract-support.ts';
import { lockContract } from '../lock.contract.ts';
import { readerContract } from '../reader.contract.ts';
import { sensorContract } from '../sensor.contract.ts';
import { SimLock } from './sim-lock.ts';
import { SimReader } from './sim-reader.ts';
import { SimSensor } from './sim-sensor.ts';

lockContract('sim', async () => {
  const clock = new ManualDriverClock(1_000);
  const driver = new SimLock({ id: 'door-1', clock, ackTimeoutMs: 500 });
  return {
    driver,
    time: manualTime(clock),
    unlockMs: 3_000,
    device: {
      setDrop: (on) => {
        driver.device.faults.drop = on;
      },
      setJam: (on) => {
        driver.device.faults.jam = on;
      },
      disconnect: () => driver.device.setConnected(false),
    },
    released: () => driver.heldListeners === 0 && driver.device.pendingTimers === 0,
    dispose: async () => {},
  };
});

sensorContract('sim', async () => {
  const clock = new ManualDriverClock(1_000);
  const driver = new SimSensor({ id: 'seat-7', clock });
  const reading = { kind: 'occupancy' as const, sensorId: 'seat-7', occupied: true };
  return {
    driver,
    time: manualTime(clock),
    device: {
      report: () => {
        driver.push({ ...reading, at: clock.now() });
        return reading;
      },
      sendMalformed: () => {},
      disconnect: () => driver.setOnline(false),
    },
    released: () => driver.heldTimers === 0,
    dispose: async () => {},
  };
});

readerContract('sim', async () => {
  const clock = new ManualDriverClock(1_000);
  const driver = new SimReader({ id: 'kiosk-qr', clock });
  return {
    driver,
    time: manualTime(clock),
    device: {
      scan: (code) => {
        driver.scan(code);
      },
      sendGarbage: () => {
        driver.scan('\u0000\u001b[2J');
      },
      disconnect: () => driver.setOnline(false),
    },
    released: () => true,
    dispose: async () => {},
  };
});

describe('SimLock with a delayed device', () => {
  it('late answer after the deadline leaves unknown, then the device state wins', async () => {
    const clock = new ManualDriverClock(0);
    const time = manualTime(clock);
    const lock = new SimLock({ id: 'l', clock, ackTimeoutMs: 100 });
    await lock.start(new AbortController().signal);
    lock.device.faults.delayMs = 300;
    const pending = lock.unlock(1_000);
    await time.advance(150);
    expect(await pending).toBe('unknown');
    await time.advance(200);
    expect(lock.state).toBe('unlocked');
    await time.advance(1_000);
    expect(lock.state).toBe('locked');
    await lock.stop();
  });
});

describe('SimSensor on a schedule', () => {
  it('generates readings every interval until stopped', async () => {
    const clock = new ManualDriverClock(0);
    const sensor = new SimSensor({
      id: 'env-1',
      clock,
      intervalMs: 1_000,
      generate: (at) => ({ kind: 'environment', sensorId: 'env-1', temperatureC: 22, humidityPct: 40, at }),
    });
    const seen: number[] = [];
    sensor.on('reading', (r) => seen.push(r.at));
    await sensor.start(new AbortController().signal);
    clock.advance(3_500);
    await sensor.stop();
    clock.advance(5_000);
    expect(seen).toEqual([1_000, 2_000, 3_000]);
    expect(clock.pendingCount).toBe(0);
  });
});
