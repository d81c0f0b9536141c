/**
 * Tenants, the example resource every route file follows: platform admins list and create them
 * (in a platform transaction, audited in the same transaction); an owner or staff member reads
 * their own tenant (in a tenant transaction: another tenant's id is simply not found — 404).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, Id, Instant } from '@studyspot/core';
import type { Context } from 'hono';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Tx } from '../../db/types.ts';
import type { CloudEnv, RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, router } from '../openapi.ts';

export const Tenant = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'expected 2-63 lowercase letters, digits or dashes'),
    status: z.enum(['active', 'suspended']),
    createdAt: Instant,
  })
  .openapi('Tenant');
export type Tenant = z.infer<typeof Tenant>;

const NewTenant = Tenant.pick({ name: true, slug: true }).openapi('NewTenant');
const TenantList = z.object({ items: z.array(Tenant) });

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  status: Tenant['status'];
  created_at: Date;
}

const COLUMNS = 'id, name, slug, status, created_at';
const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  status: row.status,
  createdAt: row.created_at.getTime(),
});

/** Records an admin or owner action in the tenant's audit log, in the caller's transaction. */
export async function audit(
  c: Context<CloudEnv>,
  tx: Tx,
  tenantId: string,
  action: string,
  targetId: string,
) {
  const principal = principalOf(c);
  await tx.query(
    `INSERT INTO audit_log (tenant_id, actor_user_id, actor_role, action, target_type, target_id, request_id)
     VALUES ($1, $2, $3, $4, 'tenant', $5, $6)`,
    [tenantId, principal.userId, principal.role, action, targetId, c.get('requestId')],
  );
}

export function tenantRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['tenants'], security: bearer };
  const admin = { ...common, middleware: [allow('platform_admin')] };

  app.openapi(
    createRoute({
      ...admin,
      method: 'get',
      path: '/tenants',
      request: { query: z.object({ limit: Limit }) },
      responses: {
        200: json(TenantList, 'Tenants, oldest first'),
        400: errors[400],
        401: errors[401],
        403: errors[403],
      },
    }),
    async (c) => {
      const { limit } = c.req.valid('query');
      const rows = await d.db.platform((tx) =>
        tx.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants ORDER BY created_at, id LIMIT $1`, [limit]),
      );
      return c.json({ items: rows.map(toTenant) }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...admin,
      method: 'post',
      path: '/tenants',
      request: { body: body(NewTenant) },
      responses: { 201: json(Tenant, 'The new tenant'), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      try {
        const tenant = await d.db.platform(async (tx) => {
          const [row] = await tx.query<TenantRow>(
            `INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING ${COLUMNS}`,
            [input.name, input.slug],
          );
          if (!row) throw new Error('INSERT returned no row');
          await audit(c, tx, row.id, 'tenant.create', row.id);
          return toTenant(row);
        });
        return c.json(tenant, 201);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new DomainError('conflict', 'the slug is taken', { field: 'slug' });
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/tenants/{id}',
      middleware: [allow('platform_admin', 'owner', 'staff')],
      request: { params: IdParam },
      responses: {
        200: json(Tenant, 'The tenant'),
        400: errors[400],
        401: errors[401],
        403: errors[403],
        404: errors[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const principal = principalOf(c);
      const read = (tx: Tx) => tx.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
      // Staff and owners read in their own tenant's transaction: RLS decides, not this code.
      const rows =
        principal.role === 'platform_admin'
          ? await d.db.platform(read)
          : principal.tenantId
            ? await d.db.tenant(principal.tenantId, read)
            : [];
      const [row] = rows;
      if (!row) throw new DomainError('not_found', 'no such tenant');
      return c.json(toTenant(row), 200);
    },
  );

  return app;
}
