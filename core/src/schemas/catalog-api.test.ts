import { describe, expect, it } from 'vitest';
import { PublicLibrary, SearchHit } from './catalog-api.ts';
import { PassSeed } from './student-api.ts';

const ID = '01900000-0000-7000-8000-000000000001';
const T = Date.UTC(2026, 11, 7, 4, 30);

describe('catalog reads', () => {
  const hit = {
    id: ID,
    name: 'Gyan Study Library',
    address: { line1: '12 Main Rd', city: 'Bengaluru', state: 'KA', postalCode: '560034', country: 'IN' },
    geo: { lat: 12.93, lng: 77.62 },
    amenities: ['wifi'],
    timezone: 'Asia/Kolkata',
    minPricePaise: 11_800,
    distanceKm: null,
    openNow: true,
  };

  it('reads a search hit and refuses one without its opening state', () => {
    expect(SearchHit.safeParse(hit).success).toBe(true);
    const { openNow: _, ...partial } = hit;
    expect(SearchHit.safeParse(partial).success).toBe(false);
  });

  it('refuses an availability window with a negative free count or a non-integer instant', () => {
    const window = { shiftId: null, name: 'All day', startsAt: T, endsAt: T + 3_600_000, zones: [] };
    const zones = [{ zoneId: ID, seats: 10, free: 1.5 }];
    const availability = (w: object) => ({ date: '2026-12-07', windows: [w] });
    const shape = PublicLibrary.shape.availability;
    expect(shape.safeParse(availability(window)).success).toBe(true);
    expect(shape.safeParse(availability({ ...window, zones })).success).toBe(false);
    expect(shape.safeParse(availability({ ...window, startsAt: T + 0.5 })).success).toBe(false);
  });
});

describe('PassSeed', () => {
  const seed = {
    bookingId: ID,
    libraryId: ID,
    memberId: ID,
    secret: 'a'.repeat(43),
    startsAt: T,
    endsAt: T + 1,
  };

  it('takes a 32-byte secret in base64url and refuses a short one', () => {
    expect(PassSeed.parse(seed)).toEqual(seed);
    expect(PassSeed.safeParse({ ...seed, secret: 'short' }).success).toBe(false);
  });
});
