/**
 * The sim implementations and the reading generator the demo hub's simulated sensors use: gentle
 * daily-looking curves, deterministic for a given instant so demos and screenshots are stable.
 */
import type { SensorReading } from '../types.ts';

export { SimLock } from './sim-lock.ts';
export { SimLockDevice } from './sim-lock-device.ts';
export { SimReader } from './sim-reader.ts';
export { SimSensor } from './sim-sensor.ts';

export function simReadingGenerator(
  sensorId: string,
  kind: 'occupancy' | 'environment' | 'energy',
): (at: number) => SensorReading {
  return (at) => {
    const phase = (at / 3_600_000) % 24;
    const wave = Math.sin((phase / 24) * 2 * Math.PI);
    switch (kind) {
      case 'occupancy':
        return { kind, sensorId, occupied: Math.floor(at / 600_000) % 3 !== 0, at };
      case 'environment':
        return {
          kind,
          sensorId,
          temperatureC: Math.round((23 + 2 * wave) * 10) / 10,
          humidityPct: Math.round(45 - 5 * wave),
          co2Ppm: Math.round(650 + 300 * Math.max(0, wave)),
          at,
        };
      case 'energy':
        return {
          kind,
          sensorId,
          wattHours: Math.round(at / 10_000) % 10_000_000,
          watts: Math.round(800 + 400 * wave),
          at,
        };
    }
  };
}
