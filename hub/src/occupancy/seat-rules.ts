/**
 * The pure seat rules behind the occupancy monitor, and the schema every sensor reading passes
 * before the monitor believes it. An `Observation` is what a seat sensor last said and since when;
 * a `Stay` is the seat's checked-in booking at the instant evaluated. Ghost occupancy is a seat
 * reading occupied with no stay; a stay is abandoned once its seat has read vacant for the policy's
 * `abandonedMinutes`, counted from check-in at the earliest (a member walking from the door to the
 * seat is not abandoning it).
 */
import type { Booking } from '@studyspot/core';
import { z } from 'zod';

const SensorId = z.string().min(1).max(64);
const Instant = z.number().int().nonnegative();
const Finite = z.number().finite();

/** Readings the monitor acts on are checked field by field; other kinds pass untouched. */
export const WatchedReading = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('occupancy'), sensorId: SensorId, occupied: z.boolean(), at: Instant }),
  z.object({
    kind: z.literal('environment'),
    sensorId: SensorId,
    temperatureC: Finite,
    humidityPct: Finite,
    co2Ppm: Finite.optional(),
    at: Instant,
  }),
  z.object({ kind: z.enum(['contact', 'motion', 'energy']) }),
]);
export type WatchedReading = z.infer<typeof WatchedReading>;

export interface Observation {
  occupied: boolean;
  /** When the sensor started reading `occupied` as it does now. */
  since: number;
  /** The newest reading taken into account. */
  lastAt: number;
  /** The driver it came through: its readings stop counting when it goes unavailable. */
  driverId: string;
}

export interface Stay {
  booking: Booking;
  checkedInAt: number;
}

/** What the abandoned alert remembers, in its `detail`. */
export type AbandonedDetail = {
  seatId: string;
  bookingId: string;
  vacantSince: number;
  endsAt: number;
  released: boolean;
};

/**
 * Folds a reading into what we knew. A device clock running ahead is clamped to `now`; a reading
 * older than one already taken (redelivered, reordered) is stale and returns null.
 */
export function observe(
  previous: Observation | undefined,
  reading: { occupied: boolean; at: number },
  now: number,
  driverId: string,
): Observation | null {
  const at = Math.min(reading.at, now);
  if (previous && at < previous.lastAt) return null;
  const since = previous?.occupied === reading.occupied ? previous.since : at;
  return { occupied: reading.occupied, since, lastAt: at, driverId };
}

/** The seat's checked-in bookings by seat id, from the active bookings at an instant. */
export function staysBySeat(active: Booking[]): Map<string, Stay> {
  const stays = new Map<string, Stay>();
  for (const booking of active) {
    if (booking.state === 'checked_in' && booking.checkedInAt !== null) {
      stays.set(booking.seatId, { booking, checkedInAt: booking.checkedInAt });
    }
  }
  return stays;
}

export function isGhost(obs: Observation | undefined, stay: Stay | undefined): obs is Observation {
  return obs?.occupied === true && stay === undefined;
}

/** When the stay's vacancy began, or null while the seat reads occupied or has not reported. */
export function vacantSince(obs: Observation | undefined, stay: Stay): number | null {
  if (!obs || obs.occupied) return null;
  return Math.max(obs.since, stay.checkedInAt);
}

/**
 * Whether an open abandoned alert still stands. It ends when the seat reads occupied, or when its
 * booking is no longer the one checked in there — except a booking we released ourselves, whose
 * alert stays up (staff may need to clear the desk) until its slot would have ended or someone
 * else checks in at the seat.
 */
export function abandonedHolds(
  detail: AbandonedDetail,
  obs: Observation | undefined,
  stay: Stay | undefined,
  now: number,
): boolean {
  if (obs?.occupied) return false;
  if (stay) return stay.booking.id === detail.bookingId;
  return detail.released && now < detail.endsAt;
}
