import { describe, expect, it } from 'vitest';
import type { Limit } from './thresholds.ts';
import { conditionOf, judge, limitsOf, OccupancyConfig } from './thresholds.ts';

describe('occupancy config', () => {
  it('defaults every field, so an empty object is a working config', () => {
    expect(OccupancyConfig.parse({})).toEqual({
      releaseAbandoned: false,
      evaluateEveryMs: 30_000,
      hysteresisPct: 5,
      temperatureC: { min: 16, max: 32 },
      humidityPct: { max: 75 },
      co2Ppm: { max: 1200 },
    });
  });

  it('keeps what is given and defaults the rest of a group', () => {
    const config = OccupancyConfig.parse({ releaseAbandoned: true, temperatureC: { max: 30 } });
    expect(config.releaseAbandoned).toBe(true);
    expect(config.temperatureC).toEqual({ min: 16, max: 30 });
  });

  it.each([
    ['an inverted temperature range', { temperatureC: { min: 30, max: 20 } }],
    ['a humidity over 100%', { humidityPct: { max: 120 } }],
    ['an unknown key', { co2: 1000 }],
    ['a sub-second timer', { evaluateEveryMs: 10 }],
  ])('refuses %s', (_name, input) => {
    expect(OccupancyConfig.safeParse(input).success).toBe(false);
  });
});

describe('judge (environment rule with hysteresis)', () => {
  const limits = limitsOf(OccupancyConfig.parse({}));
  const byName = (name: string) => limits.find((l) => conditionOf(l) === name) as Limit;
  const none = () => false;
  const only = (name: string) => (l: Limit) => conditionOf(l) === name;

  it('watches temperature both ways, humidity and CO2 above', () => {
    expect(limits.map(conditionOf)).toEqual([
      'temperatureC:above',
      'temperatureC:below',
      'humidityPct:above',
      'co2Ppm:above',
    ]);
  });

  it('says nothing for a reading in range, or exactly on a threshold', () => {
    expect(judge({ temperatureC: 22, humidityPct: 50, co2Ppm: 600 }, limits, 5, none)).toEqual([]);
    expect(judge({ temperatureC: 32, humidityPct: 75, co2Ppm: 1200 }, limits, 5, none)).toEqual([]);
    expect(judge({ temperatureC: 16, humidityPct: 75 }, limits, 5, none)).toEqual([]);
  });

  it('raises each condition crossed', () => {
    expect(judge({ temperatureC: 33, humidityPct: 80, co2Ppm: 1300 }, limits, 5, none)).toEqual([
      { limit: byName('temperatureC:above'), value: 33, change: 'raise' },
      { limit: byName('humidityPct:above'), value: 80, change: 'raise' },
      { limit: byName('co2Ppm:above'), value: 1300, change: 'raise' },
    ]);
    expect(judge({ temperatureC: 15, humidityPct: 50 }, limits, 5, none)).toEqual([
      { limit: byName('temperatureC:below'), value: 15, change: 'raise' },
    ]);
  });

  it('does not raise a condition already open', () => {
    expect(judge({ temperatureC: 40, humidityPct: 50 }, limits, 5, only('temperatureC:above'))).toEqual([]);
  });

  it('clears only once the value is the hysteresis margin back inside', () => {
    const open = only('temperatureC:above'); // clears at 32 − 1.6 = 30.4
    expect(judge({ temperatureC: 31, humidityPct: 50 }, limits, 5, open)).toEqual([]);
    expect(judge({ temperatureC: 30.4, humidityPct: 50 }, limits, 5, open)).toEqual([
      { limit: byName('temperatureC:above'), value: 30.4, change: 'clear' },
    ]);
    const cold = only('temperatureC:below'); // clears at 16 + 0.8 = 16.8
    expect(judge({ temperatureC: 16.5, humidityPct: 50 }, limits, 5, cold)).toEqual([]);
    expect(judge({ temperatureC: 17, humidityPct: 50 }, limits, 5, cold)).toEqual([
      { limit: byName('temperatureC:below'), value: 17, change: 'clear' },
    ]);
  });

  it('leaves a metric the reading does not carry as it was', () => {
    expect(judge({ temperatureC: 22, humidityPct: 50 }, limits, 5, only('co2Ppm:above'))).toEqual([]);
  });

  it('keeps the margin on the inside for a threshold below zero', () => {
    const freezing: Limit[] = [{ metric: 'temperatureC', bound: 'below', threshold: -10 }];
    const open = () => true; // clears at −10 + 0.5 = −9.5
    expect(judge({ temperatureC: -9.8, humidityPct: 50 }, freezing, 5, open)).toEqual([]);
    expect(judge({ temperatureC: -9.5, humidityPct: 50 }, freezing, 5, open)).toHaveLength(1);
  });
});
