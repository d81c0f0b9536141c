/**
 * Library search for students, in one SQL statement that runs the same on Postgres and PGlite:
 * full text (the `search` tsvector) or trigram similarity on the name, great-circle distance
 * (haversine in SQL, with a latitude band so the geo index can help — no PostGIS), amenity
 * containment, the cheapest active plan's price, and "open now" read from the opening hours at
 * `now` in each library's own timezone. Only published libraries are visible (anonymous
 * transaction, `public_read`). Ordered by relevance when there is a text query, else by distance
 * when there is a point, else by id; paged by a keyset cursor over (sort key, id).
 *
 * The statement is built for the filters actually given (at most 64 shapes, each a prepared
 * statement with a plan of its own, ADR 0017), and the two costly columns — the cheapest price
 * (a plans lookup under RLS) and "open now" (two time-zone conversions) — are computed for the
 * page's rows only, unless the caller filters on them.
 */
import type { Library } from '@studyspot/core';
import type { Database, Tx } from '../db/types.ts';
import { decodeCursor, type Page, pageOf } from './cursor.ts';

export interface SearchParams {
  q?: string | undefined;
  near?: { lat: number; lng: number; radiusKm: number } | undefined;
  amenities?: string[] | undefined;
  maxPricePaise?: number | undefined;
  openNow?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface SearchHit {
  id: string;
  name: string;
  address: Library['address'];
  geo: { lat: number; lng: number };
  amenities: string[];
  timezone: string;
  minPricePaise: number | null;
  distanceKm: number | null;
  openNow: boolean;
}

interface HitRow {
  id: string;
  name: string;
  address: Library['address'];
  lat: number;
  lng: number;
  amenities: string[];
  timezone: string;
  min_price: number | null;
  distance_km: number | null;
  open_now: boolean;
  sort_key: number;
}

const KM_PER_DEGREE_LAT = 111.19;

/** The cheapest active plan of library `l`. */
const MIN_PRICE = `(SELECT min(pl.price_paise) FROM plans pl
  WHERE pl.tenant_id = l.tenant_id AND pl.library_id = l.id AND pl.active)`;

/** Whether library `l` is open at `now` in its own timezone. */
const openAt = (now: string) => `coalesce((
  SELECT jsonb_typeof(h) = 'object' AND h ->> 'open' <= t AND t < h ->> 'close'
    FROM (SELECT l.opening_hours -> to_char(${now} AT TIME ZONE l.timezone, 'dy') AS h,
                 to_char(${now} AT TIME ZONE l.timezone, 'HH24:MI') AS t) AS local_now), false)`;

/** Appends a parameter and returns its placeholder with a cast. */
type Bind = (value: unknown, cast: string) => string;

/** The filter stage over `libraries l`: which rows match, their sort key and distance. */
function hitsOf(p: SearchParams, bind: Bind, now: string) {
  const where = ['l.published'];
  const outer: string[] = [];
  const extra: string[] = [];
  let sortKey = '0.0::float8';
  let distance = 'NULL::float8';
  if (p.q !== undefined) {
    const q = bind(p.q, 'text');
    const query = `plainto_tsquery('simple', ${q})`;
    where.push(`(l.search @@ ${query} OR l.name % ${q} OR ${q} <% l.name)`);
    sortKey = `(-(ts_rank(l.search, ${query}) + word_similarity(${q}, l.name)))::float8`;
  }
  if (p.near) {
    const [lat, lng, radius] = [
      bind(p.near.lat, 'float8'),
      bind(p.near.lng, 'float8'),
      bind(p.near.radiusKm, 'float8'),
    ];
    distance = `6371.0 * 2 * asin(least(1.0, sqrt(power(sin(radians(l.lat - ${lat}) / 2), 2) +
      cos(radians(${lat})) * cos(radians(l.lat)) * power(sin(radians(l.lng - ${lng}) / 2), 2))))`;
    where.push(
      `l.lat BETWEEN ${lat} - ${radius} / ${KM_PER_DEGREE_LAT} AND ${lat} + ${radius} / ${KM_PER_DEGREE_LAT}`,
    );
    outer.push(`distance_km <= ${radius}`);
    if (p.q === undefined) sortKey = distance;
  }
  if (p.amenities?.length) where.push(`l.amenities @> ${bind(p.amenities, 'text[]')}`);
  if (p.maxPricePaise !== undefined) {
    extra.push(`${MIN_PRICE} AS min_price`);
    outer.push(`min_price <= ${bind(p.maxPricePaise, 'int8')}`);
  }
  if (p.openNow) {
    extra.push(`${openAt(now)} AS open_now`);
    outer.push('open_now');
  }
  const columns = ['l.tenant_id', 'l.id', `${sortKey} AS sort_key`, `${distance} AS distance_km`, ...extra];
  return { sql: `SELECT ${columns.join(', ')} FROM libraries l WHERE ${where.join(' AND ')}`, outer };
}

/** The statement for `p`'s shape and its parameters, in a fixed order per shape. */
export function searchStatement(p: SearchParams, now: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind: Bind = (value, cast) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const at = bind(new Date(now).toISOString(), 'timestamptz');
  const hits = hitsOf(p, bind, at);
  const after = decodeCursor(p.cursor, ['number', 'uuid']);
  if (after) hits.outer.push(`(sort_key, id) > (${bind(after[0], 'float8')}, ${bind(after[1], 'uuid')})`);
  const price = p.maxPricePaise !== undefined ? 'page.min_price' : MIN_PRICE;
  const open = p.openNow ? 'page.open_now' : openAt(at);
  const sql = `WITH hits AS (${hits.sql}), page AS (
  SELECT * FROM hits ${hits.outer.length ? `WHERE ${hits.outer.join(' AND ')}` : ''}
   ORDER BY sort_key, id LIMIT ${bind(p.limit + 1, 'int4')}
)
SELECT l.id, l.name, l.address, l.lat, l.lng, l.amenities, l.timezone, ${price} AS min_price,
       page.distance_km, ${open} AS open_now, page.sort_key
  FROM page JOIN libraries l ON l.tenant_id = page.tenant_id AND l.id = page.id
 ORDER BY page.sort_key, page.id`;
  return { sql, params };
}

const toHit = (r: HitRow): SearchHit => ({
  id: r.id,
  name: r.name,
  address: r.address,
  geo: { lat: r.lat, lng: r.lng },
  amenities: r.amenities,
  timezone: r.timezone,
  minPricePaise: r.min_price,
  distanceKm: r.distance_km === null ? null : Math.round(r.distance_km * 1000) / 1000,
  openNow: r.open_now,
});

export async function searchLibraries(tx: Tx, p: SearchParams, now: number): Promise<Page<SearchHit>> {
  const { sql, params } = searchStatement(p, now);
  const rows = await tx.query<HitRow>(sql, params, { prepare: true });
  return pageOf(rows, p.limit, toHit, (r) => [r.sort_key, r.id]);
}

/**
 * The search as a transaction of its own: one anonymous statement that commits with it, so on
 * Postgres BEGIN, the context, the search and COMMIT travel in one round trip (ADR 0017).
 */
export async function searchPublished(db: Database, p: SearchParams, now: number): Promise<Page<SearchHit>> {
  const { sql, params } = searchStatement(p, now);
  const rows = await db.anonymous((tx) => tx.query<HitRow>(sql, params, { prepare: true, commit: true }));
  return pageOf(rows, p.limit, toHit, (r) => [r.sort_key, r.id]);
}
