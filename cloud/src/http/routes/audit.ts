/**
 * The audit log, newest first: owners read their tenant's (`GET /audit`), platform admins any
 * tenant's or all (`GET /admin/audit?tenantId=`). Entries are written by the actions themselves
 * (catalog/audit.ts), in the action's transaction; the API role may only append.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Id } from '@studyspot/core';
import { tenantOf } from '../../catalog/access.ts';
import { type AuditRow, auditPage } from '../../catalog/admin-queries.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from '../../catalog/cursor.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, json, Limit, router } from '../openapi.ts';

const AuditEntry = z
  .object({
    id: Id,
    tenantId: Id,
    at: z.number(),
    actorUserId: Id.nullable(),
    actorRole: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');
const AuditPage = PageOf(AuditEntry, 'AuditPage');
const Paged = z.object({ limit: Limit, cursor: CursorQuery });
const listResponses = { 400: errors[400], 401: errors[401], 403: errors[403] };

const page = (rows: (AuditRow & { at_us: number })[], limit: number) =>
  pageOf(
    rows,
    limit,
    ({ at_us: _, ...entry }) => entry as unknown as z.infer<typeof AuditEntry>,
    (r) => [r.at_us, r.id],
  );

export function auditRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      tags: ['manage'],
      security: bearer,
      middleware: [allow('owner')],
      method: 'get',
      path: '/audit',
      request: { query: Paged },
      responses: { 200: json(AuditPage, "The tenant's audit log, newest first"), ...listResponses },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['number', 'uuid']);
      const tenantId = tenantOf(principalOf(c));
      const rows = await d.db.tenant(tenantId, (tx) => auditPage(tx, tenantId, after, limit));
      return c.json(page(rows, limit), 200);
    },
  );

  app.openapi(
    createRoute({
      tags: ['admin'],
      security: bearer,
      middleware: [allow('platform_admin')],
      method: 'get',
      path: '/admin/audit',
      request: { query: Paged.extend({ tenantId: Id.optional() }) },
      responses: { 200: json(AuditPage, 'Audit entries, newest first'), ...listResponses },
    }),
    async (c) => {
      const { limit, cursor, tenantId } = c.req.valid('query');
      const after = decodeCursor(cursor, ['number', 'uuid']);
      const rows = await d.db.platform((tx) => auditPage(tx, tenantId ?? null, after, limit));
      return c.json(page(rows, limit), 200);
    },
  );

  return app;
}
