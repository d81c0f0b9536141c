import type { Booking } from '@studyspot/core';
import { describe, expect, it } from 'vitest';
import type { AbandonedDetail, Observation, Stay } from './seat-rules.ts';
import { abandonedHolds, isGhost, observe, staysBySeat, vacantSince, WatchedReading } from './seat-rules.ts';

const booking = (over: Partial<Booking> = {}): Booking => ({
  id: 'b1',
  libraryId: 'lib',
  seatId: 'seat-1',
  memberId: 'm1',
  startsAt: 1_000,
  endsAt: 10_000,
  shiftId: null,
  state: 'checked_in',
  source: 'staff',
  membershipId: null,
  amountPaise: 0,
  taxPaise: 0,
  holdExpiresAt: null,
  checkedInAt: 1_500,
  checkedOutAt: null,
  createdAt: 0,
  updatedAt: 0,
  rev: 1,
  ...over,
});
const stay = (over: Partial<Booking> = {}): Stay => ({ booking: booking(over), checkedInAt: 1_500 });
const seen = (occupied: boolean, since: number): Observation => ({
  occupied,
  since,
  lastAt: since,
  driverId: 'd',
});

describe('observe', () => {
  it('starts an episode on the first reading and on every change', () => {
    const first = observe(undefined, { occupied: true, at: 100 }, 1_000, 'd');
    expect(first).toEqual({ occupied: true, since: 100, lastAt: 100, driverId: 'd' });
    const same = observe(first as Observation, { occupied: true, at: 200 }, 1_000, 'd');
    expect(same).toEqual({ occupied: true, since: 100, lastAt: 200, driverId: 'd' });
    expect(observe(same as Observation, { occupied: false, at: 300 }, 1_000, 'd')).toMatchObject({
      occupied: false,
      since: 300,
    });
  });

  it('clamps a device clock running ahead to now, and drops a stale reading', () => {
    const ahead = observe(undefined, { occupied: true, at: 5_000 }, 1_000, 'd');
    expect(ahead).toMatchObject({ since: 1_000, lastAt: 1_000 });
    expect(observe(ahead as Observation, { occupied: false, at: 900 }, 1_000, 'd')).toBeNull();
  });
});

describe('seat rules', () => {
  it('finds the checked-in booking of each seat, and nothing else', () => {
    const stays = staysBySeat([
      booking(),
      booking({ id: 'b2', seatId: 'seat-2', state: 'confirmed', checkedInAt: null }),
      booking({ id: 'b3', seatId: 'seat-3', checkedInAt: null }),
    ]);
    expect([...stays.keys()]).toEqual(['seat-1']);
    expect(stays.get('seat-1')?.checkedInAt).toBe(1_500);
  });

  it('calls a seat reading occupied with nobody checked in a ghost', () => {
    expect(isGhost(seen(true, 0), undefined)).toBe(true);
    expect(isGhost(seen(true, 0), stay())).toBe(false);
    expect(isGhost(seen(false, 0), undefined)).toBe(false);
    expect(isGhost(undefined, undefined)).toBe(false);
  });

  it('counts vacancy from check-in at the earliest', () => {
    expect(vacantSince(seen(false, 500), stay())).toBe(1_500);
    expect(vacantSince(seen(false, 2_000), stay())).toBe(2_000);
    expect(vacantSince(seen(true, 500), stay())).toBeNull();
    expect(vacantSince(undefined, stay())).toBeNull();
  });

  const detail = (released: boolean): AbandonedDetail => ({
    seatId: 'seat-1',
    bookingId: 'b1',
    vacantSince: 1_500,
    endsAt: 10_000,
    released,
  });

  it.each([
    ['the seat reads occupied again', detail(false), seen(true, 3_000), stay(), 3_000, false],
    ['the same booking is still checked in', detail(false), seen(false, 0), stay(), 3_000, true],
    ['the sensor went silent, same booking', detail(false), undefined, stay(), 3_000, true],
    ['another booking checked in', detail(true), seen(false, 0), stay({ id: 'b2' }), 3_000, false],
    ['the booking was checked out by someone', detail(false), seen(false, 0), undefined, 3_000, false],
    ['we released it, its slot still running', detail(true), seen(false, 0), undefined, 9_999, true],
    ['we released it, its slot over', detail(true), seen(false, 0), undefined, 10_000, false],
  ] as const)('abandoned alert when %s: holds = %s', (_name, d, obs, s, now, holds) => {
    expect(abandonedHolds(d, obs, s, now)).toBe(holds);
  });
});

describe('WatchedReading', () => {
  it('checks the readings the monitor acts on and lets other kinds through', () => {
    const ok = { kind: 'occupancy', sensorId: 's', occupied: true, at: 1 };
    expect(WatchedReading.safeParse(ok).success).toBe(true);
    expect(WatchedReading.safeParse({ ...ok, occupied: 'yes' }).success).toBe(false);
    const env = { kind: 'environment', sensorId: 's', temperatureC: 20, humidityPct: 40, at: 1 };
    expect(WatchedReading.safeParse(env).success).toBe(true);
    expect(WatchedReading.safeParse({ ...env, co2Ppm: Number.NaN }).success).toBe(false);
    expect(WatchedReading.safeParse({ kind: 'energy', sensorId: 's', watts: 1 }).success).toBe(true);
    expect(WatchedReading.safeParse({ kind: 'smell' }).success).toBe(false);
    expect(WatchedReading.safeParse(null).success).toBe(false);
  });
});
