/** GET /library: the library, its policy, zones, shifts and plans, from the in-memory catalog. */
import { createRoute, z } from '@hono/zod-openapi';
import { Library, Plan, Policy, Shift, Zone } from '@studyspot/core';
import type { RouteDeps } from '../env.ts';
import { staffOrKiosk } from '../middleware.ts';
import { bearer, errors, json, router } from '../openapi.ts';

const LibraryView = z.object({
  library: Library,
  policy: Policy,
  zones: z.array(Zone),
  shifts: z.array(Shift),
  plans: z.array(Plan),
});

export function libraryRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/library',
      tags: ['library'],
      security: bearer,
      middleware: [staffOrKiosk],
      responses: { 200: json(LibraryView, 'The library and what it sells'), 401: errors[401] },
    }),
    (c) => {
      const { library, policy, zones, shifts, plans } = d.core.catalog.data;
      return c.json({ library, policy, zones, shifts, plans }, 200);
    },
  );
  return app;
}
