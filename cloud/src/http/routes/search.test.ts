/**
 * Students' search and the public page, on both backends, at fixed instants: full text and
 * trigram on the name, distance ordering and radius, amenity containment, cheapest price, "open
 * now" in the library's timezone, keyset paging, unpublished libraries never shown, and free
 * seats per zone counted from the bookings mirror.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerOf, testApp } from '../../../test/support/http.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import {
  type BuiltLibrary,
  buildLibrary,
  clientFor,
  createTenant,
  libraryBody,
  type Reply,
  weekHours,
} from '../../catalog/test-fixture.ts';

/** Thursday 2026-01-01, 12:00 in Asia/Kolkata. */
const THURSDAY_NOON_IST = Date.parse('2026-01-01T06:30:00Z');
const THURSDAY_EARLY_IST = Date.parse('2026-01-01T00:00:00Z');

describe.each(backends)('library search on %s', (kind) => {
  const t = useTestDatabase(kind);
  const ctx = testApp({} as never);
  let pune: BuiltLibrary;
  let shivaji: BuiltLibrary;
  let mumbai: BuiltLibrary;
  let search: (query: string) => Promise<string[]>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const fresh = testApp(t().db, { now: () => ctx.clock.now });
    Object.assign(ctx, { app: fresh.app, auth: fresh.auth });
    const a = clientFor(fresh.app, fresh.auth.bearer(ownerOf(await createTenant(t().db, 'pune-co'))));
    const b = clientFor(fresh.app, fresh.auth.bearer(ownerOf(await createTenant(t().db, 'mumbai-co'))));
    pune = await buildLibrary(a, {}, { hourlyPaise: 5000 });
    shivaji = await buildLibrary(
      a,
      { name: 'Shivaji Study Hall', geo: { lat: 18.6, lng: 73.8 }, amenities: ['wifi'] },
      { hourlyPaise: 3000 },
    );
    mumbai = await buildLibrary(
      b,
      {
        name: 'Mumbai Quiet Library',
        geo: { lat: 19.07, lng: 72.87 },
        amenities: ['ac'],
        openingHours: { ...weekHours, thu: null },
      },
      { hourlyPaise: 8000 },
    );
    await a('POST', '/manage/libraries', libraryBody({ name: 'Pune Secret Reading Room' }));
    ids = { [pune.id]: 'pune', [shivaji.id]: 'shivaji', [mumbai.id]: 'mumbai' };
    const anonymous = clientFor(fresh.app, null);
    search = async (query) => {
      const reply: Reply = await anonymous('GET', `/libraries/search?${query}`);
      if (reply.status !== 200) throw new Error(`${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.items.map((hit: { id: string }) => ids[hit.id] ?? hit.id);
    };
    ctx.clock.now = THURSDAY_NOON_IST;
  });

  it('finds by full text and by trigram similarity, never an unpublished library', async () => {
    expect(await search('q=reading')).toEqual(['pune']);
    expect(await search('q=Shivaj')).toEqual(['shivaji']);
    expect(await search('q=Mumbai')).toEqual(['mumbai']);
    expect(await search('q=zzzz')).toEqual([]);
  });

  it('orders by distance within the radius', async () => {
    expect(await search('lat=18.52&lng=73.85&radiusKm=50')).toEqual(['pune', 'shivaji']);
    expect(await search('lat=19.07&lng=72.87&radiusKm=500')).toEqual(['mumbai', 'shivaji', 'pune']);
    expect(await search('lat=19.07&lng=72.87&radiusKm=5')).toEqual(['mumbai']);
  });

  it('filters by amenities (all of them) and by the cheapest plan price', async () => {
    expect(await search('amenities=wifi,ac')).toEqual(['pune']);
    expect((await search('amenities=ac')).sort()).toEqual(['mumbai', 'pune']);
    expect(await search('maxPricePaise=4000')).toEqual(['shivaji']);
    expect((await search('maxPricePaise=5000')).sort()).toEqual(['pune', 'shivaji']);
  });

  it('answers "open now" in each library\'s timezone at the injected instant', async () => {
    expect((await search('openNow=true')).sort()).toEqual(['pune', 'shivaji']);
    ctx.clock.now = THURSDAY_EARLY_IST;
    expect(await search('openNow=true')).toEqual([]);
    ctx.clock.now = THURSDAY_NOON_IST;
  });

  it('pages a distance search with the cursor, each library once', async () => {
    const anonymous = clientFor(ctx.app, null);
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const page: Reply = await anonymous(
        'GET',
        `/libraries/search?lat=19.07&lng=72.87&radiusKm=500&limit=1${cursor}`,
      );
      seen.push(...page.body.items.map((h: { id: string }) => ids[h.id]));
      if (!page.body.nextCursor) break;
      cursor = `&cursor=${page.body.nextCursor}`;
    }
    expect(seen).toEqual(['mumbai', 'shivaji', 'pune']);
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const anonymous = clientFor(ctx.app, null);
    expect((await anonymous('GET', '/libraries/search?lat=18.5')).body).toMatchObject({ field: 'lng' });
    expect((await anonymous('GET', '/libraries/search?radiusKm=-1')).body).toMatchObject({
      field: 'radiusKm',
    });
    expect((await anonymous('GET', '/libraries/search?cursor=xyz')).body).toMatchObject({ field: 'cursor' });
  });

  it('shows the public page with prices and free seats per zone from the bookings mirror', async () => {
    const anonymous = clientFor(ctx.app, null);
    const before: Reply = await anonymous('GET', `/libraries/${pune.id}`);
    expect(before.status).toBe(200);
    expect(before.body.plans.map((p: { price: { totalPaise: number } }) => p.price.totalPaise)).toEqual([
      5900, 23600,
    ]);
    expect(before.body.availability.date).toBe('2026-01-01');
    expect(before.body.availability.windows[0].zones).toEqual([{ zoneId: pune.zoneId, seats: 3, free: 3 }]);
    await t().db.platform(async (tx) => {
      const [lib] = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM libraries WHERE id = $1', [
        pune.id,
      ]);
      const [member] = await tx.query<{ id: string }>(
        `INSERT INTO members (tenant_id, library_id, name, phone) VALUES ($1, $2, 'Asha', '+919800000001') RETURNING id`,
        [lib?.tenant_id, pune.id],
      );
      await tx.query(
        `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, '2026-01-01T03:30Z', '2026-01-01T05:30Z', 'confirmed', 'kiosk')`,
        [lib?.tenant_id, pune.id, pune.seatIds[0], member?.id],
      );
    });
    const after: Reply = await anonymous('GET', `/libraries/${pune.id}`);
    expect(after.body.availability.windows[0].zones).toEqual([{ zoneId: pune.zoneId, seats: 3, free: 2 }]);
    const hidden = await anonymous('GET', `/libraries/${crypto.randomUUID()}`);
    expect(hidden).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});
