/**
 * [BOOK-10] The waitlist is first come, first served: the earliest waiting entry that fits a freed
 * seat gets the offer, and an offer lapses after `waitlistOfferMinutes`.
 */
import type { WaitlistEntry } from './schemas/booking.ts';
import type { Policy } from './schemas/policy.ts';
import { MINUTE } from './time.ts';

export type WaitlistLike = Pick<WaitlistEntry, 'id' | 'zoneId' | 'state' | 'createdAt'>;

/** Waiting entries that would take a seat of `zoneId`, in the order they get offers. */
export function waitlistQueue<T extends WaitlistLike>(entries: readonly T[], zoneId: string): T[] {
  return entries
    .filter((e) => e.state === 'waiting' && (e.zoneId === null || e.zoneId === zoneId))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const offerExpiry = (now: number, policy: Policy): number =>
  now + policy.waitlistOfferMinutes * MINUTE;

export const isOfferLive = (entry: Pick<WaitlistEntry, 'state' | 'offerExpiresAt'>, now: number): boolean =>
  entry.state === 'offered' && entry.offerExpiresAt !== null && now < entry.offerExpiresAt;
