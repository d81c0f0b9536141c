import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './schemas/policy.ts';
import { MINUTE } from './time.ts';
import type { WaitlistLike } from './waitlist.ts';
import { isOfferLive, offerExpiry, waitlistQueue } from './waitlist.ts';

const ZONE = 'zone-a';
const OTHER_ZONE = 'zone-b';
const now = Date.UTC(2024, 5, 3, 4, 30);

const entry = (id: string, createdAt: number, over: Partial<WaitlistLike> = {}): WaitlistLike => ({
  id,
  zoneId: ZONE,
  state: 'waiting',
  createdAt,
  ...over,
});

describe('[BOOK-10] waitlistQueue', () => {
  it('orders waiting entries first come, first served', () => {
    const queue = waitlistQueue([entry('c', 30), entry('a', 10), entry('b', 20)], ZONE);
    expect(queue.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('breaks ties on createdAt by id, so every hub picks the same entry', () => {
    const queue = waitlistQueue([entry('y', 10), entry('z', 5), entry('x', 10), entry('w', 10)], ZONE);
    expect(queue.map((e) => e.id)).toEqual(['z', 'w', 'x', 'y']);
    const sorted = waitlistQueue([entry('p', 10), entry('q', 10), entry('r', 10)], ZONE);
    expect(sorted.map((e) => e.id)).toEqual(['p', 'q', 'r']);
  });

  it('keeps entries that compare equal', () => {
    const first = entry('same', 10);
    const second = entry('same', 10);
    const queue = waitlistQueue([first, second], ZONE);
    expect(queue).toHaveLength(2);
    expect(queue[0]).toBe(first);
    expect(queue[1]).toBe(second);
  });

  it('takes entries for the zone or for any zone, and only those still waiting', () => {
    const entries = [
      entry('zone', 1),
      entry('anywhere', 2, { zoneId: null }),
      entry('elsewhere', 0, { zoneId: OTHER_ZONE }),
      entry('offered', 0, { state: 'offered' }),
      entry('accepted', 0, { state: 'accepted' }),
      entry('expired', 0, { state: 'expired' }),
      entry('left', 0, { state: 'left' }),
    ];
    expect(waitlistQueue(entries, ZONE).map((e) => e.id)).toEqual(['zone', 'anywhere']);
  });

  it('does not reorder its input', () => {
    const entries = [entry('b', 2), entry('a', 1)];
    waitlistQueue(entries, ZONE);
    expect(entries.map((e) => e.id)).toEqual(['b', 'a']);
  });
});

describe('[BOOK-10] offers expire', () => {
  it('offerExpiry is waitlistOfferMinutes after the offer', () => {
    expect(offerExpiry(now, defaultPolicy)).toBe(now + 15 * MINUTE);
  });

  it('an offer is live until, not at, its expiry', () => {
    const offer = { state: 'offered', offerExpiresAt: now + MINUTE } as const;
    expect(isOfferLive(offer, now)).toBe(true);
    expect(isOfferLive(offer, now + MINUTE - 1)).toBe(true);
    expect(isOfferLive(offer, now + MINUTE)).toBe(false);
  });

  it('only an offered entry with an expiry is live', () => {
    expect(isOfferLive({ state: 'waiting', offerExpiresAt: now + MINUTE }, now)).toBe(false);
    expect(isOfferLive({ state: 'accepted', offerExpiresAt: now + MINUTE }, now)).toBe(false);
    expect(isOfferLive({ state: 'offered', offerExpiresAt: null }, now)).toBe(false);
  });
});
