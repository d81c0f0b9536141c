/**
 * Library search for students, in one SQL statement that runs the same on Postgres and PGlite:
 * full text (the `search` tsvector) or trigram similarity on the name, great-circle distance
 * (haversine in SQL, with a latitude band so the geo index can help — no PostGIS), amenity
 * containment, the cheapest active plan's price, and "open now" read from the opening hours at
 * `now` in each library's own timezone. Only published libraries are visible (anonymous
 * transaction, `public_read`). Ordered by relevance when there is a text query, else by distance
 * when there is a point, else by id; paged by a keyset cursor over (sort key, id).
 */
import type { Library } from '@studyspot/core';
import type { Tx } from '../db/types.ts';
import { decodeCursor, type Page, pageOf } from './cursor.ts';

export interface SearchParams {
  q?: string;
  near?: { lat: number; lng: number; radiusKm: number };
  amenities?: string[];
  maxPricePaise?: number;
  openNow?: boolean;
  limit: number;
  cursor?: string;
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

// $1 q, $2 lat, $3 lng, $4 radius km, $5 amenities, $6 max price, $7 open now, $8 now,
// $9 cursor sort key, $10 cursor id, $11 limit
const SEARCH_SQL = `
WITH hits AS (
  SELECT l.id, l.name, l.address, l.lat, l.lng, l.amenities, l.timezone, p.min_price,
    CASE WHEN $2::float8 IS NULL THEN NULL ELSE 6371.0 * 2 * asin(least(1.0, sqrt(
      power(sin(radians(l.lat - $2::float8) / 2), 2) +
      cos(radians($2::float8)) * cos(radians(l.lat)) * power(sin(radians(l.lng - $3::float8) / 2), 2)))) END
      AS distance_km,
    CASE WHEN $1::text IS NULL THEN 0.0
      ELSE (ts_rank(l.search, plainto_tsquery('simple', $1::text)) + word_similarity($1::text, l.name))::float8 END
      AS relevance,
    coalesce((
      SELECT jsonb_typeof(h) = 'object' AND h ->> 'open' <= t AND t < h ->> 'close'
        FROM (SELECT l.opening_hours -> to_char($8::timestamptz AT TIME ZONE l.timezone, 'dy') AS h,
                     to_char($8::timestamptz AT TIME ZONE l.timezone, 'HH24:MI') AS t) AS local_now
    ), false) AS open_now
  FROM libraries l
  LEFT JOIN LATERAL (
    SELECT min(pl.price_paise) AS min_price FROM plans pl
     WHERE pl.tenant_id = l.tenant_id AND pl.library_id = l.id AND pl.active
  ) p ON true
  WHERE l.published
    AND ($1::text IS NULL OR l.search @@ plainto_tsquery('simple', $1::text) OR l.name % $1::text
      OR $1::text <% l.name)
    AND ($5::text[] IS NULL OR l.amenities @> $5::text[])
    AND ($6::int8 IS NULL OR p.min_price <= $6::int8)
    AND ($2::float8 IS NULL OR l.lat BETWEEN $2::float8 - $4::float8 / ${KM_PER_DEGREE_LAT}
      AND $2::float8 + $4::float8 / ${KM_PER_DEGREE_LAT})
), ranked AS (
  SELECT *, (CASE WHEN $1::text IS NOT NULL THEN -relevance WHEN $2::float8 IS NOT NULL THEN distance_km
    ELSE 0.0 END)::float8 AS sort_key
  FROM hits
  WHERE ($2::float8 IS NULL OR distance_km <= $4::float8) AND ($7::boolean IS NOT TRUE OR open_now)
)
SELECT * FROM ranked
 WHERE $10::uuid IS NULL OR (sort_key, id) > ($9::float8, $10::uuid)
 ORDER BY sort_key, id LIMIT $11`;

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
  const after = decodeCursor(p.cursor, ['number', 'uuid']);
  const rows = await tx.query<HitRow>(SEARCH_SQL, [
    p.q ?? null,
    p.near?.lat ?? null,
    p.near?.lng ?? null,
    p.near?.radiusKm ?? null,
    p.amenities?.length ? p.amenities : null,
    p.maxPricePaise ?? null,
    p.openNow ?? null,
    new Date(now).toISOString(),
    after?.[0] ?? null,
    after?.[1] ?? null,
    p.limit + 1,
  ]);
  return pageOf(rows, p.limit, toHit, (r) => [r.sort_key, r.id]);
}
