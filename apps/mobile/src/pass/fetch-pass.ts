/**
 * Fetching a booking's pass seed while online and keeping it (pass-store.ts) for the door, where
 * the phone may be offline. The cloud answers 404 while it has no seed for the booking (see
 * README: the route is missing today); the answer is remembered for this page's life so lists do
 * not ask again and again.
 */
import type { ApiClient } from '@studyspot/app-kit';
import { ApiError } from '@studyspot/app-kit';
import type { MyBooking } from '@studyspot/core';
import { passSeed } from '../api/cloud.ts';
import { loadPass, type StoredPass, savePass } from './pass-store.ts';

const unavailable = new Set<string>();

export type PassFetch =
  | { status: 'ok'; pass: StoredPass }
  | { status: 'unavailable' }
  | { status: 'error'; error: unknown };

/** Whether a booking in this state has a pass worth keeping. */
export const passable = (booking: Pick<MyBooking, 'state' | 'endsAt'>, now = Date.now()) =>
  (booking.state === 'confirmed' || booking.state === 'checked_in') && booking.endsAt > now;

export async function fetchPass(api: ApiClient, booking: MyBooking): Promise<PassFetch> {
  try {
    const seed = await passSeed(api, booking.id);
    const pass = { seed, libraryName: booking.libraryName, seatNumber: booking.seatNumber };
    savePass(pass);
    unavailable.delete(booking.id);
    return { status: 'ok', pass };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') {
      unavailable.add(booking.id);
      return { status: 'unavailable' };
    }
    return { status: 'error', error };
  }
}

/** Keeps the passes of these bookings on the phone (those not kept yet), quietly. */
export async function keepPasses(api: ApiClient, bookings: readonly MyBooking[]): Promise<void> {
  for (const booking of bookings) {
    if (!passable(booking) || loadPass(booking.id) || unavailable.has(booking.id)) continue;
    await fetchPass(api, booking);
  }
}
