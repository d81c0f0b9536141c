/**
 * The search statement is built per shape of the filters given (ADR 0017); this checks every
 * shape against the simplest ones on both backends, over 24 libraries in two tenants: the hits of
 * any combination of text, distance, amenities, price and "open now" are exactly the intersection
 * of each filter's own hits, in the order of the sort that applies, with the same price, distance
 * and "open now"; paging with the cursor walks the same list; unpublished libraries never show.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Database, Tx } from '../db/types.ts';
import { type SearchHit, type SearchParams, searchLibraries } from './search.ts';

/** Thursday 2026-01-01 10:00 in Asia/Kolkata. */
const NOW = Date.parse('2026-01-01T04:30:00Z');
const WORDS = ['Saraswati', 'Gyan', 'Vidya', 'Pragati', 'Shanti', 'Lakshya'];
const AMENITIES = ['wifi', 'ac', 'power', 'locker'];
const open = { open: '06:00', close: '23:00' };
const late = { open: '14:00', close: '23:00' };

async function seed(db: Database): Promise<void> {
  await db.platform(async (tx: Tx) => {
    for (let t = 0; t < 2; t++) {
      const [tenant] = await tx.query<{ id: string }>(
        'INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id',
        [`Search ${t}`, `search-${t}`],
      );
      for (let i = t; i < 24; i += 2) {
        const hours = Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, i % 3 === 0 ? late : open]),
        );
        const [lib] = await tx.query<{ id: string }>(
          `INSERT INTO libraries (tenant_id, name, timezone, address, lat, lng, amenities, opening_hours,
             slot_minutes, policy, published)
           VALUES ($1, $2, 'Asia/Kolkata', $3, $4, $5, $6, $7, 30, '{}', $8) RETURNING id`,
          [
            tenant?.id,
            `${WORDS[i % WORDS.length]} ${WORDS[(i * 5 + 1) % WORDS.length]} Centre ${i}`,
            { line1: `${i} FC Road`, city: 'Pune', state: 'MH', postalCode: '411004', country: 'IN' },
            18.4 + ((i * 37) % 24) / 60,
            73.7 + ((i * 53) % 24) / 60,
            AMENITIES.filter((_, k) => (i + k) % 3 !== 0),
            hours,
            i % 11 !== 5,
          ],
        );
        if (i % 4 !== 3)
          await tx.query(
            `INSERT INTO plans (tenant_id, library_id, name, kind, price_paise, tax_rate_bp, active)
             SELECT $1, $2, 'Hourly ' || n, 'hourly', $3 + n * 1000, 1800, n < 2 FROM generate_series(0, 2) n`,
            [tenant?.id, lib?.id, 2000 + (i % 6) * 500],
          );
      }
    }
  });
}

const filters = {
  q: { q: 'saraswati' },
  near: { near: { lat: 18.55, lng: 73.85, radiusKm: 12 } },
  amenities: { amenities: ['wifi', 'ac'] },
  price: { maxPricePaise: 3500 },
  openNow: { openNow: true },
} satisfies Record<string, Partial<SearchParams>>;
type Filter = keyof typeof filters;
const names = Object.keys(filters) as Filter[];

describe.each(backends)('search statement shapes on %s', (kind) => {
  const t = useTestDatabase(kind);
  const search = (p: Partial<SearchParams>, limit = 50, cursor?: string) =>
    t().db.anonymous((tx) => searchLibraries(tx, { limit, cursor, ...p }, NOW));
  const single = new Map<Filter, SearchHit[]>();
  let all: SearchHit[];

  beforeAll(async () => {
    await seed(t().db);
    all = (await search({})).items;
    for (const name of names) single.set(name, (await search(filters[name])).items);
  });

  it('lists published libraries only, and every filter keeps some and drops some', () => {
    expect(all).toHaveLength(22);
    for (const name of names) {
      const hits = single.get(name) ?? [];
      expect(hits.length, name).toBeGreaterThan(0);
      expect(hits.length, name).toBeLessThan(all.length);
    }
  });

  it('answers every combination with the intersection of its filters, in the right order', async () => {
    const byId = new Map(all.map((hit) => [hit.id, hit]));
    for (let mask = 3; mask < 1 << names.length; mask++) {
      const chosen = names.filter((_, bit) => mask & (1 << bit));
      if (chosen.length < 2) continue;
      const params = Object.assign({}, ...chosen.map((name) => filters[name])) as Partial<SearchParams>;
      const hits = (await search(params)).items;
      const sets = chosen.map((name) => new Set((single.get(name) ?? []).map((hit) => hit.id)));
      const orderedBy = chosen.includes('q') ? 'q' : chosen.includes('near') ? 'near' : null;
      const reference = orderedBy ? (single.get(orderedBy) ?? []) : all;
      const expected = reference.filter((hit) => sets.every((set) => set.has(hit.id))).map((hit) => hit.id);
      expect(
        hits.map((hit) => hit.id),
        chosen.join('+'),
      ).toEqual(expected);
      for (const hit of hits) {
        const plain = byId.get(hit.id);
        expect({ ...hit, distanceKm: null }, chosen.join('+')).toEqual({ ...plain, distanceKm: null });
      }
    }
  });

  it('walks the same list page by page with the cursor, for each sort', async () => {
    for (const params of [{}, filters.near, filters.q, { ...filters.amenities, ...filters.openNow }]) {
      const whole = (await search(params)).items.map((hit) => hit.id);
      const walked: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 30; page++) {
        const { items, nextCursor } = await search(params, 4, cursor);
        walked.push(...items.map((hit) => hit.id));
        if (!nextCursor) break;
        cursor = nextCursor;
      }
      expect(walked).toEqual(whole);
    }
  });
});
