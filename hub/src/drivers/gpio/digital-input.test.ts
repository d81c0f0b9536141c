import { describe, expect, it } from 'vitest';
import { ManualDriverClock } from '../clock.ts';
import { manualTime } from '../contract-support.ts';
import { sensorContract } from '../sensor.contract.ts';
import type { SensorReading } from '../types.ts';
import { DigitalInput } from './digital-input.ts';
import { FakeSysfs } from './fake-sysfs.ts';
import { pi4Kernel66 } from './fixtures.ts';

const CONTACT = 570 + 2;

function build(role: 'contact' | 'motion' = 'contact') {
  const clock = new ManualDriverClock(0);
  const sysfs = new FakeSysfs(pi4Kernel66);
  sysfs.setInput(CONTACT, 0);
  const input = new DigitalInput({
    id: 'door-contact',
    role,
    pin: { chip: 'raspberrypi-exp-gpio', line: 2 },
    port: sysfs,
    sysfsRoot: sysfs.root,
    debounceMs: 30,
    healthIntervalMs: 500,
    clock,
  });
  return { clock, sysfs, input };
}

sensorContract('gpio door contact on fake sysfs', async () => {
  const { clock, sysfs, input } = build();
  let level: 0 | 1 = 0;
  return {
    driver: input,
    time: manualTime(clock),
    device: {
      report: () => {
        level = level === 0 ? 1 : 0;
        sysfs.setInput(CONTACT, level);
        return { kind: 'contact', sensorId: 'door-contact', open: level === 1 };
      },
      sendMalformed: () => {
        // contact bounce: away and back within the debounce window
        sysfs.setInput(CONTACT, level === 0 ? 1 : 0);
        clock.advance(5);
        sysfs.setInput(CONTACT, level);
      },
      disconnect: () => sysfs.removeAll(),
    },
    released: () => sysfs.exportedCount === 0 && sysfs.watcherCount === 0 && clock.pendingCount === 0,
    dispose: async () => sysfs.dispose(),
  };
});

describe('DigitalInput debounce', () => {
  it('reports the initial level, then one reading per settled change', async () => {
    const { clock, sysfs, input } = build('motion');
    const seen: SensorReading[] = [];
    input.on('reading', (r) => seen.push(r));
    await input.start(new AbortController().signal);
    for (const [level, after] of [
      [1, 5],
      [0, 5],
      [1, 5],
      [0, 5],
      [1, 0],
    ] as const) {
      sysfs.setInput(CONTACT, level);
      clock.advance(after);
    }
    clock.advance(29);
    expect(seen).toHaveLength(1);
    clock.advance(1);
    expect(seen).toEqual([
      { kind: 'motion', sensorId: 'door-contact', detected: false, at: 0 },
      { kind: 'motion', sensorId: 'door-contact', detected: true, at: 50 },
    ]);
    await input.stop();
    sysfs.dispose();
  });

  it('a bounce that returns to the reported level yields nothing', async () => {
    const { clock, sysfs, input } = build();
    const seen: SensorReading[] = [];
    await input.start(new AbortController().signal);
    input.on('reading', (r) => seen.push(r));
    sysfs.setInput(CONTACT, 1);
    clock.advance(10);
    sysfs.setInput(CONTACT, 0);
    clock.advance(100);
    expect(seen).toEqual([]);
    await input.stop();
    sysfs.dispose();
  });
});
