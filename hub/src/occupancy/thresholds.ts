/**
 * The occupancy monitor's settings and the pure environment rule. `OccupancyConfig` is the zod
 * schema the hub config validates (every field defaulted, so `{}` is a working config); `limitsOf`
 * turns it into one `Limit` per watched condition; `judge` says, for one reading, which conditions
 * start and which end. A condition starts when a value crosses its threshold and ends only once the
 * value is `hysteresisPct` back inside it, so a reading hovering on the line does not flap:
 *
 *              value > max                        value ≤ max − |max|·h
 *   in range ─────────────────▶ out of range ─────────────────────────────▶ in range
 */
import { z } from 'zod';

export const OccupancyConfig = z
  .object({
    /** Check an abandoned booking out (audited, system actor) instead of only alerting staff. */
    releaseAbandoned: z.boolean().default(false),
    /** How often the component's timer re-evaluates seats (abandonment is a matter of time passing). */
    evaluateEveryMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
    /** How far back inside a threshold a value must come before its alert clears. */
    hysteresisPct: z.number().min(0).max(50).default(5),
    temperatureC: z
      .object({ min: z.number().default(16), max: z.number().default(32) })
      .prefault({})
      .refine((t) => t.min < t.max, 'temperatureC.min must be below temperatureC.max'),
    humidityPct: z.object({ max: z.number().min(0).max(100).default(75) }).prefault({}),
    co2Ppm: z.object({ max: z.number().positive().default(1200) }).prefault({}),
  })
  .strict();
export type OccupancyConfig = z.infer<typeof OccupancyConfig>;

export type Metric = 'temperatureC' | 'humidityPct' | 'co2Ppm';

/** One watched condition: `metric` going `bound` `threshold`. */
export interface Limit {
  metric: Metric;
  bound: 'above' | 'below';
  threshold: number;
}

export interface EnvironmentValues {
  temperatureC: number;
  humidityPct: number;
  co2Ppm?: number | undefined;
}

export interface Verdict {
  limit: Limit;
  value: number;
  change: 'raise' | 'clear';
}

export function limitsOf(config: OccupancyConfig): Limit[] {
  return [
    { metric: 'temperatureC', bound: 'above', threshold: config.temperatureC.max },
    { metric: 'temperatureC', bound: 'below', threshold: config.temperatureC.min },
    { metric: 'humidityPct', bound: 'above', threshold: config.humidityPct.max },
    { metric: 'co2Ppm', bound: 'above', threshold: config.co2Ppm.max },
  ];
}

/** A stable name for a condition: `temperatureC:above`. */
export const conditionOf = (limit: Limit): string => `${limit.metric}:${limit.bound}`;

/**
 * The changes one reading causes. `isOpen(limit)` says whether that condition's alert is open now;
 * a metric the reading does not carry (a sensor without CO2) changes nothing.
 */
export function judge(
  values: EnvironmentValues,
  limits: Limit[],
  hysteresisPct: number,
  isOpen: (limit: Limit) => boolean,
): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const limit of limits) {
    const value = values[limit.metric];
    if (value === undefined) continue;
    const sign = limit.bound === 'above' ? 1 : -1;
    // Distance past the threshold, positive when out of range, whichever side the limit guards.
    const past = sign * (value - limit.threshold);
    const margin = Math.abs(limit.threshold) * (hysteresisPct / 100);
    if (!isOpen(limit) && past > 0) verdicts.push({ limit, value, change: 'raise' });
    else if (isOpen(limit) && past <= -margin) verdicts.push({ limit, value, change: 'clear' });
  }
  return verdicts;
}
