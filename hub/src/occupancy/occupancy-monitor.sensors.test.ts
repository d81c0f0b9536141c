import { MINUTE } from '@studyspot/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { at } from '../../test/fixture.ts';
import type { SensorReading } from '../drivers/types.ts';
import type { MonitorHarness } from './monitor-harness.ts';
import { monitorHarness } from './monitor-harness.ts';

describe('occupancy monitor: environment, devices, robustness', () => {
  let h: MonitorHarness;
  afterEach(async () => {
    vi.useRealTimers();
    await h.close();
  });

  const open = () => h.monitor.openAlerts().map((a) => `${a.kind}:${a.subject}:${a.detail.metric ?? ''}`);

  it('raises one environment alert per sensor and metric, and clears it only inside the margin', async () => {
    h = await monitorHarness({ config: {} });
    h.environment({ temperatureC: 33, humidityPct: 80, co2Ppm: 1300 });
    h.environment({ temperatureC: 34, humidityPct: 81, co2Ppm: 1350 });
    h.environment({ temperatureC: 33, humidityPct: 50 }, 'env-2');
    expect(open()).toEqual([
      'environment:env-1:temperatureC',
      'environment:env-1:humidityPct',
      'environment:env-1:co2Ppm',
      'environment:env-2:temperatureC',
    ]);
    expect(h.raised()[0]).toMatchObject({
      severity: 'warning',
      message: 'Temperature at env-1 is 33 °C, above the limit of 32 °C',
      detail: { sensorId: 'env-1', metric: 'temperatureC', bound: 'above', threshold: 32, value: 33 },
    });

    h.environment({ temperatureC: 31, humidityPct: 74 }); // back under, not yet by 5%; no CO2 reading
    expect(h.cleared()).toEqual([]);
    h.environment({ temperatureC: 30.4, humidityPct: 71, co2Ppm: 1140 });
    expect(h.cleared().map((a) => a.detail.metric)).toEqual(['temperatureC', 'humidityPct', 'co2Ppm']);
    expect(open()).toEqual(['environment:env-2:temperatureC']);
  });

  it('watches the cold side of temperature too', async () => {
    h = await monitorHarness({ config: {} });
    h.environment({ temperatureC: 15, humidityPct: 40 });
    expect(h.raised()[0]?.detail).toMatchObject({ bound: 'below', threshold: 16 });
    h.environment({ temperatureC: 16.5, humidityPct: 40 });
    h.environment({ temperatureC: 17, humidityPct: 40 });
    expect(h.cleared()).toHaveLength(1);
  });

  it('raises a device alert when a sensor goes unavailable, and clears it when it is back', async () => {
    h = await monitorHarness({ config: {} });
    h.occupancy('A05', true);
    h.room.setOnline(false); // another driver: the seat's reading still stands
    expect(h.cleared('ghost_occupancy')).toEqual([]);
    h.seats.setOnline(false);
    expect(h.raised('device')).toEqual([
      expect.objectContaining({ subject: 'env-1' }),
      expect.objectContaining({ subject: 'seat-bus', message: 'Sensor seat-bus is not reporting' }),
    ]);
    // What the silent sensor said last is no longer believed: the ghost it caused ends.
    expect(h.cleared('ghost_occupancy')).toHaveLength(1);
    h.seats.setOnline(true);
    h.room.setOnline(true);
    expect(h.cleared('device').map((a) => a.subject)).toEqual(['seat-bus', 'env-1']);
    expect(h.monitor.openAlerts()).toEqual([]);
  });

  it('reports a sensor that is already down when the monitor starts', async () => {
    h = await monitorHarness({ config: {}, startSensors: false });
    expect(h.raised('device').map((a) => a.subject)).toEqual(['seat-bus', 'env-1']);
  });

  it('logs and drops malformed, unbound, stale and uninteresting readings without throwing', async () => {
    h = await monitorHarness({ config: {} });
    h.f.db.prepare(`UPDATE seats SET sensor_id = NULL WHERE number = 'A01'`).run();
    h.f.catalog.reload();
    const push = (reading: unknown) => h.seats.push(reading as SensorReading);
    push({ kind: 'occupancy', sensorId: 'sensor-A05', occupied: 'yes', at: 1 });
    push({ kind: 'environment', sensorId: 'env-1', temperatureC: Number.NaN, humidityPct: 40, at: 1 });
    push(null);
    h.occupancy('A01', true); // the seat lost its sensor binding
    h.occupancy('Z99', true); // no such seat
    push({ kind: 'contact', sensorId: 'door', open: true, at: h.f.clock.now() });
    h.occupancy('A05', false);
    h.occupancy('A05', true, h.f.clock.now() - MINUTE); // older than what we have
    h.monitor.evaluate(h.f.clock.now());
    expect(h.events).toEqual([]);
    expect(h.logs.map((l) => [l.level, l.msg])).toEqual([
      ['warn', 'malformed sensor reading ignored'],
      ['warn', 'malformed sensor reading ignored'],
      ['warn', 'malformed sensor reading ignored'],
      ['warn', 'occupancy from a sensor on no seat ignored'],
      ['warn', 'occupancy from a sensor on no seat ignored'],
    ]);
  });

  it('keeps working when a bus listener throws (defaults: no config, no logger)', async () => {
    h = await monitorHarness();
    h.f.bus.on('alert:raised', () => {
      throw new Error('dashboard socket gone');
    });
    const seen: string[] = [];
    h.f.bus.on('alert:raised', (a) => seen.push(a.kind));
    h.occupancy('A05', true);
    h.environment({ temperatureC: 40, humidityPct: 40 });
    expect(seen).toEqual(['ghost_occupancy', 'environment']);
    expect(h.monitor.openAlerts()).toHaveLength(2);
    h.occupancy('A05', false);
    expect(h.cleared()).toHaveLength(1);
  });

  it('opens nothing it could not audit, and raises it on the next pass once the store recovers', async () => {
    h = await monitorHarness({ config: {} });
    h.f.db.exec(`CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    h.occupancy('A05', true);
    expect(h.events).toEqual([]);
    expect(h.monitor.openAlerts()).toEqual([]);
    expect(h.logs).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'occupancy monitor step failed' }),
    );
    h.f.db.exec('DROP TRIGGER no_audit');
    h.monitor.evaluate(h.f.clock.now());
    expect(h.raised('ghost_occupancy')).toHaveLength(1);
  });

  it('re-evaluates on its timer, and stops when the signal aborts', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    h = await monitorHarness({ config: { evaluateEveryMs: 60_000 } });
    const booking = h.checkIn('A05');
    h.occupancy('A05', false);
    h.f.clock.set(at('10:45'));
    vi.advanceTimersByTime(60_000);
    expect(h.raised('abandoned').map((a) => a.detail.bookingId)).toEqual([booking.id]);

    h.f.db.exec(`CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    h.occupancy('A06', true); // fails, is logged, retried by the timer
    h.f.db.exec('DROP TRIGGER no_audit');
    vi.advanceTimersByTime(60_000);
    expect(h.raised('ghost_occupancy')).toHaveLength(1);

    h.controller.abort();
    await h.monitor.stop(); // a second stop is harmless
    h.occupancy('A07', true);
    vi.advanceTimersByTime(10 * 60_000);
    expect(h.raised('ghost_occupancy')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
