import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../test/fixture.ts';
import { hubFixture } from '../../test/fixture.ts';
import type { SensorDriver, SensorEvents, SensorReading } from '../drivers/types.ts';
import { TelemetryRollup } from './rollup.ts';
import { TelemetryReporter } from './telemetry-reporter.ts';

const at = 1_700_000_000_000;

describe('telemetry rollup', () => {
  it('summarises each sensor and kind of a window, then starts afresh', () => {
    const r = new TelemetryRollup();
    for (const occupied of [true, true, false, true])
      r.add({ kind: 'occupancy', sensorId: 's1', occupied, at });
    r.add({ kind: 'environment', sensorId: 'env', temperatureC: 24, humidityPct: 50, co2Ppm: 600, at });
    r.add({ kind: 'environment', sensorId: 'env', temperatureC: 26, humidityPct: 54, co2Ppm: 900, at });
    r.add({ kind: 'energy', sensorId: 'meter', wattHours: 1000, watts: 400, at });
    r.add({ kind: 'energy', sensorId: 'meter', wattHours: 1150, watts: 600, at });
    r.add({ kind: 'motion', sensorId: 'pir', detected: true, at });
    r.add({ kind: 'motion', sensorId: 'pir', detected: false, at });
    r.add({ kind: 'contact', sensorId: 'door', open: true, at });
    expect(r.drain()).toEqual([
      { sensorId: 'door', kind: 'contact', samples: 1, stats: { openShare: 1 } },
      {
        sensorId: 'env',
        kind: 'environment',
        samples: 2,
        stats: {
          temperatureC: { mean: 25, min: 24, max: 26 },
          humidityPct: { mean: 52, min: 50, max: 54 },
          co2Ppm: { mean: 750, min: 600, max: 900 },
        },
      },
      { sensorId: 'meter', kind: 'energy', samples: 2, stats: { wattHours: 150, meanWatts: 500 } },
      { sensorId: 'pir', kind: 'motion', samples: 2, stats: { detections: 1 } },
      { sensorId: 's1', kind: 'occupancy', samples: 4, stats: { occupiedShare: 0.75 } },
    ]);
    expect(r.size).toBe(0);
    expect(r.drain()).toEqual([]);
  });
});

/** A sensor driver whose readings the test emits. */
function fakeSensor() {
  const listeners: ((reading: SensorReading) => void)[] = [];
  const sensor = {
    available: true,
    on: ((event: keyof SensorEvents, listener: (reading: SensorReading) => void) => {
      if (event === 'reading') listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    }) as SensorDriver['on'],
  } as unknown as SensorDriver;
  const emit = (r: SensorReading) => {
    for (const l of listeners) l(r);
  };
  return { sensor, emit, listeners };
}

describe('telemetry reporter', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await hubFixture();
  });
  afterEach(() => f.close());

  it('writes one telemetry.rollup per window with readings, and the unfinished one on stop', async () => {
    const { sensor, emit, listeners } = fakeSensor();
    const reporter = new TelemetryReporter({ ...f, sensors: [sensor], windowMs: 3_600_000 });
    reporter.start();
    const start = f.clock.now();
    emit({ kind: 'occupancy', sensorId: 'sensor-A01', occupied: true, at: start });
    f.clock.advance(60_000);
    expect(reporter.flush()).not.toBeNull();
    expect(reporter.flush()).toBeNull(); // nothing read since
    emit({ kind: 'occupancy', sensorId: 'sensor-A01', occupied: false, at: f.clock.now() });
    await reporter.stop();
    expect(listeners).toHaveLength(0);
    const rows = (
      f.db
        .prepare(`SELECT payload FROM outbox WHERE kind = 'telemetry.rollup' ORDER BY seq`)
        .pluck()
        .all() as string[]
    ).map((p) => JSON.parse(p));
    expect(rows).toEqual([
      {
        id: expect.any(String),
        libraryId: f.ids.libraryId,
        windowStart: start,
        windowEnd: start + 60_000,
        sensors: [{ sensorId: 'sensor-A01', kind: 'occupancy', samples: 1, stats: { occupiedShare: 1 } }],
      },
      expect.objectContaining({
        windowStart: start + 60_000,
        sensors: [{ sensorId: 'sensor-A01', kind: 'occupancy', samples: 1, stats: { occupiedShare: 0 } }],
      }),
    ]);
  });
});
