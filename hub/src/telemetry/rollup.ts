/**
 * Sensor telemetry rolled up per sensor and window before it leaves the hub (issue #5: "telemetry
 * goes up rolled up, not raw"): a seat sensor reporting every few seconds becomes one line per
 * quarter hour — how many samples, the share of them occupied; a climate sensor its mean, min and
 * max; an energy meter the watt-hours used and the mean draw. Pure: readings in, summaries out.
 */
import type { SensorReading } from '../drivers/types.ts';

export interface SensorSummary {
  sensorId: string;
  kind: SensorReading['kind'];
  samples: number;
  /** Per kind: occupiedShare | openShare | detections | temperature/humidity/co2 {mean,min,max} | wattHours, meanWatts. */
  stats: Record<string, number | { mean: number; min: number; max: number }>;
}

interface Series {
  kind: SensorReading['kind'];
  samples: number;
  values: Map<string, number[]>;
}

const push = (s: Series, key: string, value: number) => {
  const list = s.values.get(key) ?? [];
  list.push(value);
  s.values.set(key, list);
};

const spread = (xs: number[]) => ({
  mean: Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100,
  min: Math.min(...xs),
  max: Math.max(...xs),
});
const share = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000;

export class TelemetryRollup {
  readonly #series = new Map<string, Series>();

  add(r: SensorReading): void {
    const key = `${r.sensorId}\u0000${r.kind}`;
    const s = this.#series.get(key) ?? { kind: r.kind, samples: 0, values: new Map() };
    this.#series.set(key, s);
    s.samples++;
    switch (r.kind) {
      case 'occupancy':
        push(s, 'occupied', r.occupied ? 1 : 0);
        break;
      case 'contact':
        push(s, 'open', r.open ? 1 : 0);
        break;
      case 'motion':
        push(s, 'detected', r.detected ? 1 : 0);
        break;
      case 'environment':
        push(s, 'temperatureC', r.temperatureC);
        push(s, 'humidityPct', r.humidityPct);
        if (r.co2Ppm !== undefined) push(s, 'co2Ppm', r.co2Ppm);
        break;
      case 'energy':
        push(s, 'wattHours', r.wattHours);
        push(s, 'watts', r.watts);
        break;
    }
  }

  get size(): number {
    return this.#series.size;
  }

  /** The summaries of everything added since the last drain, and a fresh start. */
  drain(): SensorSummary[] {
    const out: SensorSummary[] = [];
    for (const [key, s] of this.#series) {
      const sensorId = key.slice(0, key.indexOf('\u0000'));
      out.push({ sensorId, kind: s.kind, samples: s.samples, stats: summarize(s) });
    }
    this.#series.clear();
    return out.sort((a, b) => a.sensorId.localeCompare(b.sensorId) || a.kind.localeCompare(b.kind));
  }
}

function summarize(s: Series): SensorSummary['stats'] {
  const v = (k: string) => s.values.get(k) ?? [];
  switch (s.kind) {
    case 'occupancy':
      return { occupiedShare: share(v('occupied')) };
    case 'contact':
      return { openShare: share(v('open')) };
    case 'motion':
      return { detections: v('detected').filter((x) => x === 1).length };
    case 'environment': {
      const stats: SensorSummary['stats'] = {
        temperatureC: spread(v('temperatureC')),
        humidityPct: spread(v('humidityPct')),
      };
      if (v('co2Ppm').length > 0) stats.co2Ppm = spread(v('co2Ppm'));
      return stats;
    }
    case 'energy': {
      const wh = v('wattHours');
      return { wattHours: Math.max(...wh) - Math.min(...wh), meanWatts: spread(v('watts')).mean };
    }
  }
}
