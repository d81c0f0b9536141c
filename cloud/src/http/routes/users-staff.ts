/**
 * Staff accounts of the owner's tenant: POST /v1/staff creates one with an initial password (the
 * owner hands it over; the staff member changes nothing else here yet) and the libraries it works
 * at, audited; GET /v1/staff lists them. Owners only; a library of another tenant is not found.
 * The account is global (`users`), so creation runs in a platform transaction, with every row
 * written for the owner's tenant id.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Tx } from '../../db/types.ts';
import { hashSecret } from '../../identity/secrets.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

export const Staff = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['staff', 'owner']),
    libraryIds: z.array(z.uuid()),
  })
  .openapi('Staff');
const NewStaff = z
  .object({
    email: z
      .email()
      .max(200)
      .transform((email) => email.toLowerCase()),
    name: z.string().trim().min(1).max(120),
    password: z.string().min(10, 'at least 10 characters').max(200),
    libraryIds: z.array(z.uuid()).max(100).default([]),
  })
  .openapi('NewStaff');
const StaffList = z.object({ items: z.array(Staff) });

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: 'staff' | 'owner';
  library_ids: string[];
}

async function checkLibraries(tx: Tx, tenantId: string, libraryIds: string[]): Promise<void> {
  const unique = [...new Set(libraryIds)];
  const found = await tx.query<{ id: string }>(
    'SELECT id FROM libraries WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
    [tenantId, unique],
  );
  if (found.length !== unique.length)
    throw new DomainError('not_found', 'no such library', { field: 'libraryIds' });
}

export function staffRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['staff'], security: bearer, middleware: [allow('owner')] };

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/staff',
      request: { body: body(NewStaff) },
      responses: { 201: json(Staff, 'The new staff account'), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const owner = principalOf(c);
      const tenantId = owner.tenantId;
      if (!tenantId) throw new DomainError('forbidden', 'an owner acts for a tenant');
      const passwordHash = await hashSecret(input.password);
      const libraryIds = [...new Set(input.libraryIds)];
      try {
        const id = await d.db.platform(async (tx) => {
          await checkLibraries(tx, tenantId, libraryIds);
          const [user] = await tx.query<{ id: string }>(
            `INSERT INTO users (role, name, email, password_hash) VALUES ('staff', $1, $2, $3) RETURNING id`,
            [input.name, input.email, passwordHash],
          );
          if (!user) throw new Error('INSERT returned no row');
          await tx.query(`INSERT INTO tenant_users (tenant_id, user_id, role) VALUES ($1, $2, 'staff')`, [
            tenantId,
            user.id,
          ]);
          for (const libraryId of libraryIds)
            await tx.query(
              'INSERT INTO staff_libraries (tenant_id, user_id, library_id) VALUES ($1, $2, $3)',
              [tenantId, user.id, libraryId],
            );
          await tx.query(
            `INSERT INTO audit_log (tenant_id, actor_user_id, actor_role, action, target_type, target_id, detail, request_id)
             VALUES ($1, $2, $3, 'staff.create', 'user', $4, $5, $6)`,
            [
              tenantId,
              owner.userId,
              owner.role,
              user.id,
              { email: input.email, libraryIds },
              c.get('requestId'),
            ],
          );
          return user.id;
        });
        const staff = { id, email: input.email, name: input.name, role: 'staff' as const, libraryIds };
        return c.json(staff, 201);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new DomainError('conflict', 'an account with this email exists', { field: 'email' });
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/staff',
      responses: {
        200: json(StaffList, "The tenant's staff and owners"),
        401: errors[401],
        403: errors[403],
      },
    }),
    async (c) => {
      const tenantId = principalOf(c).tenantId;
      if (!tenantId) throw new DomainError('forbidden', 'an owner acts for a tenant');
      const rows = await d.db.tenant(tenantId, (tx) =>
        tx.query<StaffRow>(
          `SELECT u.id, u.email, u.name, tu.role,
                  coalesce((SELECT array_agg(sl.library_id ORDER BY sl.library_id) FROM staff_libraries sl
                     WHERE sl.tenant_id = tu.tenant_id AND sl.user_id = u.id), '{}') AS library_ids
             FROM tenant_users tu JOIN users u ON u.id = tu.user_id
            ORDER BY tu.created_at, u.id`,
        ),
      );
      const items = rows.map((row) => ({
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        libraryIds: row.library_ids,
      }));
      return c.json({ items }, 200);
    },
  );

  return app;
}
