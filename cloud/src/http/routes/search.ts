/**
 * What students (or anyone, signed in or not) see of the catalog: search over published libraries
 * and a library's public page with prices and live availability. Read-only; no tenant context
 * leaves the server beyond what the public page shows.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Paise, PublicLibrary as PublicLibrarySchema, SearchHit as SearchHitSchema } from '@studyspot/core';
import { CursorQuery, PageOf } from '../../catalog/cursor.ts';
import { publicPage } from '../../catalog/public-page.ts';
import { type SearchParams, searchPublished } from '../../catalog/search.ts';
import { SearchCache, searchKey } from '../../catalog/search-cache.ts';
import type { RouteDeps } from '../env.ts';
import { errors, IdParam, json, named, router } from '../openapi.ts';

const SearchQuery = z
  .object({
    q: z.string().trim().min(1).max(100).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
    radiusKm: z.coerce.number().positive().max(500).default(25),
    amenities: z
      .string()
      .max(400)
      .regex(/^[^,]{1,40}(,[^,]{1,40}){0,19}$/, 'expected up to 20 comma-separated amenities')
      .optional()
      .openapi({ example: 'wifi,ac' }),
    maxPricePaise: z.coerce
      .number()
      .int()
      .min(0)
      .max(Paise.maxValue ?? 10_000_000_000)
      .optional(),
    openNow: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    cursor: CursorQuery,
  })
  .refine((s) => (s.lat === undefined) === (s.lng === undefined), {
    message: 'lat and lng come together',
    path: ['lng'],
  });

// Core's shapes, shared with the student app, under their names in the document.
const SearchHit = named(SearchHitSchema, 'LibrarySearchHit');
const PublicLibrary = named(PublicLibrarySchema, 'PublicLibrary');

export function searchRoutes(d: RouteDeps) {
  const app = router();
  // Public results, served up to 5 s stale (ADR 0017); the public page below is always live.
  const cache = new SearchCache();

  app.openapi(
    createRoute({
      tags: ['libraries'],
      method: 'get',
      path: '/libraries/search',
      request: { query: SearchQuery },
      responses: {
        200: json(PageOf(SearchHit, 'LibrarySearchPage'), 'Matching published libraries'),
        ...errors,
      },
    }),
    async (c) => {
      const s = c.req.valid('query');
      const near =
        s.lat !== undefined && s.lng !== undefined
          ? { lat: s.lat, lng: s.lng, radiusKm: s.radiusKm }
          : undefined;
      const params: SearchParams = {
        q: s.q,
        near,
        amenities: s.amenities?.split(',').map((a) => a.trim()),
        maxPricePaise: s.maxPricePaise,
        openNow: s.openNow === 'true',
        limit: s.limit,
        cursor: s.cursor,
      };
      const now = d.now();
      const page = await cache.get(searchKey(params, now), () => searchPublished(d.db, params, now));
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      tags: ['libraries'],
      method: 'get',
      path: '/libraries/{id}',
      request: { params: IdParam },
      responses: { 200: json(PublicLibrary, 'A published library with prices and availability'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await publicPage(d.db, id, d.now()), 200);
    },
  );

  return app;
}
