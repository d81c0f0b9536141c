/**
 * POST /v1/tenants/{id}/owners: a platform admin opens a library business for its owner — the
 * owner's account (email + initial password) linked to the tenant as `owner`, audited. Owners then
 * manage their libraries and create their staff themselves (users-staff.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import { hashSecret } from '../../identity/secrets.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

const NewOwner = z
  .object({
    email: z
      .email()
      .max(200)
      .transform((email) => email.toLowerCase()),
    name: z.string().trim().min(1).max(120),
    password: z.string().min(10, 'at least 10 characters').max(200),
  })
  .openapi('NewOwner');
const Owner = z
  .object({ id: z.uuid(), tenantId: z.uuid(), email: z.string(), name: z.string() })
  .openapi('Owner');

export function tenantOwnerRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tenants/{id}/owners',
      tags: ['tenants'],
      security: bearer,
      middleware: [allow('platform_admin')],
      request: { params: z.object({ id: z.uuid() }), body: body(NewOwner) },
      responses: { 201: json(Owner, 'The owner account'), ...errors },
    }),
    async (c) => {
      const { id: tenantId } = c.req.valid('param');
      const input = c.req.valid('json');
      const admin = principalOf(c);
      const passwordHash = await hashSecret(input.password);
      try {
        const id = await d.db.platform(async (tx) => {
          const [tenant] = await tx.query<{ id: string }>('SELECT id FROM tenants WHERE id = $1', [tenantId]);
          if (!tenant) throw new DomainError('not_found', 'no such tenant', { field: 'id' });
          const [user] = await tx.query<{ id: string }>(
            `INSERT INTO users (role, name, email, password_hash) VALUES ('owner', $1, $2, $3) RETURNING id`,
            [input.name, input.email, passwordHash],
          );
          if (!user) throw new Error('INSERT returned no row');
          await tx.query(`INSERT INTO tenant_users (tenant_id, user_id, role) VALUES ($1, $2, 'owner')`, [
            tenantId,
            user.id,
          ]);
          await tx.query(
            `INSERT INTO audit_log (tenant_id, actor_user_id, actor_role, action, target_type, target_id, detail, request_id)
             VALUES ($1, $2, $3, 'owner.create', 'user', $4, $5, $6)`,
            [tenantId, admin.userId, admin.role, user.id, { email: input.email }, c.get('requestId')],
          );
          return user.id;
        });
        return c.json({ id, tenantId, email: input.email, name: input.name }, 201);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new DomainError('conflict', 'an account with this email exists', { field: 'email' });
        throw error;
      }
    },
  );
  return app;
}
