import { describe, expect, it } from 'vitest';
import { ManualDriverClock } from './clock.ts';
import { DriversConfig } from './config.ts';
import { FakeSysfs } from './gpio/fake-sysfs.ts';
import { pi4Kernel66 } from './gpio/fixtures.ts';
import { FakeDeviceBus } from './mqtt/fake-device.ts';
import { createDrivers, registry } from './registry.ts';
import { Supervisor } from './supervisor.ts';
import { silentLogger } from './types.ts';

describe('driver config and registry', () => {
  const devices = [
    { kind: 'sim-lock', id: 'door' },
    { kind: 'sim-sensor', id: 'seat-1', reading: 'occupancy' },
    { kind: 'sim-reader', id: 'kiosk' },
    { kind: 'gpio-relay-lock', id: 'strike', relay: { chip: 'pinctrl-bcm2711', line: 17 } },
    { kind: 'gpio-input', id: 'pir', role: 'motion', pin: { chip: 0, line: 4 } },
    { kind: 'kerong-lock', id: 'locker-1', path: '/dev/serial/by-id/usb-x', board: 0, channel: 0 },
    { kind: 'kerong-lock', id: 'locker-2', path: '/dev/serial/by-id/usb-x', board: 0, channel: 1 },
    { kind: 'serial-qr-reader', id: 'gate-qr', path: '/dev/serial/by-id/usb-qr' },
    { kind: 'mqtt-lock', id: 'l-12', deviceId: 'l-12' },
    { kind: 'mqtt-sensor', id: 'env-1', deviceId: 'env-1' },
    { kind: 'mqtt-reader', id: 'qr-2', deviceId: 'qr-2' },
  ];

  it('registers every kind', () => {
    const kinds = new Set(devices.map((d) => d.kind));
    expect(Object.keys(registry).sort()).toEqual([...kinds].sort());
  });

  it('rejects duplicate ids and bad pins with a path to the field', () => {
    const result = DriversConfig.safeParse({
      devices: [
        { kind: 'sim-lock', id: 'a' },
        { kind: 'sim-lock', id: 'a' },
        { kind: 'kerong-lock', id: 'b', path: '/x', board: 16, channel: 0 },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['devices.1.id', 'devices.2.board']));
  });

  it('builds every configured driver and shares one bus per serial path', async () => {
    const sysfs = new FakeSysfs(pi4Kernel66);
    const config = DriversConfig.parse({ sysfsGpioRoot: sysfs.root, devices });
    const ctx = {
      config,
      clock: new ManualDriverClock(0),
      logger: silentLogger,
      bus: new FakeDeviceBus(),
      gpio: sysfs,
    };
    const drivers = await createDrivers(ctx);
    expect(drivers.map((d) => [d.driver.id, d.role])).toEqual([
      ['door', 'lock'],
      ['seat-1', 'sensor'],
      ['kiosk', 'reader'],
      ['strike', 'lock'],
      ['pir', 'sensor'],
      ['locker-1', 'lock'],
      ['locker-2', 'lock'],
      ['gate-qr', 'reader'],
      ['l-12', 'lock'],
      ['env-1', 'sensor'],
      ['qr-2', 'reader'],
    ]);
    expect(ctx.config.devices).toHaveLength(11);
    sysfs.dispose();
  });

  it('runs sim and gpio drivers under the supervisor', async () => {
    const sysfs = new FakeSysfs(pi4Kernel66);
    const clock = new ManualDriverClock(0);
    const config = DriversConfig.parse({ sysfsGpioRoot: sysfs.root, devices: devices.slice(0, 5) });
    const drivers = await createDrivers({ config, clock, logger: silentLogger, gpio: sysfs });
    const supervisor = new Supervisor({ clock });
    for (const { driver } of drivers) supervisor.add(driver);
    await supervisor.start(new AbortController().signal);
    expect(drivers.map((d) => supervisor.status(d.driver.id))).toEqual(Array(5).fill('running'));
    await supervisor.stop();
    expect(sysfs.exportedCount).toBe(0);
    sysfs.dispose();
  });

  it('an mqtt driver without the broker fails at build time with a clear message', async () => {
    const config = DriversConfig.parse({ devices: [{ kind: 'mqtt-lock', id: 'x', deviceId: 'x' }] });
    await expect(
      createDrivers({ config, clock: new ManualDriverClock(0), logger: silentLogger }),
    ).rejects.toThrow(/needs the MQTT broker/);
  });
});
