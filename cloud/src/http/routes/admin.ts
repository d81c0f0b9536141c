/**
 * Platform admins' views across tenants: tenants (with library and hub counts), libraries, hubs
 * (the fleet: last heartbeat and online, as owners see them, with tenant and library names),
 * revenue per tenant and month from captured payments, and the audit log of any tenant. Read-only,
 * platform transactions only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Id, LocalDate } from '@studyspot/core';
import { ADMIN_HUBS, ADMIN_TENANTS, type AdminHubRow, revenue } from '../../catalog/admin-queries.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from '../../catalog/cursor.ts';
import { LIBRARY_COLUMNS, type LibraryRow, ManagedLibrary, toManagedLibrary } from '../../catalog/rows.ts';
import { fleetHubFields, toFleetHub } from '../../hubs/fleet.ts';
import type { RouteDeps } from '../env.ts';
import { allow } from '../middleware.ts';
import { bearer, errors, json, Limit, router } from '../openapi.ts';

const AdminTenant = z
  .object({
    id: Id,
    name: z.string(),
    slug: z.string(),
    status: z.string(),
    createdAt: z.number(),
    libraries: z.number().int(),
    publishedLibraries: z.number().int(),
    hubs: z.number().int(),
  })
  .openapi('AdminTenant');
/**
 * A hub as the fleet lists show it (hubs/fleet.ts), with its tenant, the names of its tenant and
 * library (an admin does not know the ids), and the last rev it reported.
 */
const Hub = z
  .object({
    ...fleetHubFields,
    tenantId: Id,
    tenantName: z.string(),
    libraryName: z.string(),
    lastRev: z.number().nullable(),
  })
  .openapi('Hub');
const Revenue = z
  .object({
    items: z.array(
      z.object({
        tenantId: Id,
        tenantName: z.string(),
        month: z.string(),
        payments: z.number().int(),
        capturedPaise: z.number().int(),
        refundedPaise: z.number().int(),
        netPaise: z.number().int(),
      }),
    ),
    note: z.string(),
  })
  .openapi('Revenue');

const admins = { tags: ['admin'], security: bearer, middleware: [allow('platform_admin')] };
const Paged = z.object({ limit: Limit, cursor: CursorQuery });
const ByTenant = Paged.extend({ tenantId: Id.optional() });
const listResponses = { 400: errors[400], 401: errors[401], 403: errors[403] };

export function adminRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      ...admins,
      method: 'get',
      path: '/admin/tenants',
      request: { query: Paged },
      responses: { 200: json(PageOf(AdminTenant, 'AdminTenantPage'), 'Tenants by id'), ...listResponses },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
      const rows = await d.db.platform((tx) =>
        tx.query<z.infer<typeof AdminTenant>>(ADMIN_TENANTS, [after, limit + 1]),
      );
      return c.json(
        pageOf(
          rows,
          limit,
          (r) => r,
          (r) => [r.id],
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...admins,
      method: 'get',
      path: '/admin/libraries',
      request: { query: ByTenant },
      responses: {
        200: json(PageOf(ManagedLibrary, 'AdminLibraryPage'), 'Libraries by id'),
        ...listResponses,
      },
    }),
    async (c) => {
      const { limit, cursor, tenantId } = c.req.valid('query');
      const after = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
      const rows = await d.db.platform((tx) =>
        tx.query<LibraryRow>(
          `SELECT ${LIBRARY_COLUMNS} FROM libraries WHERE ($1::uuid IS NULL OR tenant_id = $1)
             AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
          [tenantId ?? null, after, limit + 1],
        ),
      );
      return c.json(
        pageOf(rows, limit, toManagedLibrary, (r) => [r.id]),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...admins,
      method: 'get',
      path: '/admin/hubs',
      request: { query: ByTenant },
      responses: { 200: json(PageOf(Hub, 'HubPage'), 'Registered hubs by id'), ...listResponses },
    }),
    async (c) => {
      const { limit, cursor, tenantId } = c.req.valid('query');
      const after = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
      const rows = await d.db.platform((tx) =>
        tx.query<AdminHubRow>(ADMIN_HUBS, [tenantId ?? null, after, limit + 1]),
      );
      const now = d.now();
      const toHub = (r: AdminHubRow): z.infer<typeof Hub> => ({
        ...toFleetHub(r, now),
        tenantId: r.tenant_id,
        tenantName: r.tenant_name,
        libraryName: r.library_name,
        lastRev: r.last_rev === null ? null : Number(r.last_rev),
      });
      return c.json(
        pageOf(rows, limit, toHub, (r) => [r.id]),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...admins,
      method: 'get',
      path: '/admin/revenue',
      request: { query: z.object({ from: LocalDate.optional(), to: LocalDate.optional() }) },
      responses: { 200: json(Revenue, 'Captured payments per tenant and month'), ...listResponses },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      const items = await d.db.platform((tx) => revenue(tx, from ?? null, to ?? null));
      const note =
        'Captured payments by UTC month of capture (captured, refunded and partially refunded); ' +
        'net = captured - refunded. Cash recorded by staff counts once captured.';
      return c.json({ items, note }, 200);
    },
  );

  return app;
}
