/**
 * Staff accounts of the owner's tenant: POST /v1/staff creates one with an initial password (the
 * owner hands it over) and the libraries it works at; PATCH /v1/staff/{id} renames it, sets a new
 * password or disables/re-enables it — a new password or disabling ends every cloud sign-in
 * (refresh tokens revoked) and, through the staff shape, every session on the hubs (ADR 0024);
 * GET /v1/staff lists them. Owners only, audited; a library or account of another tenant, or an
 * owner's account, is not found.
 * The account is global (`users`), so creation runs in a platform transaction, with every row
 * written for the owner's tenant id.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import { recordAudit } from '../../catalog/audit.ts';
import { isUniqueViolation } from '../../db/pg-errors.ts';
import type { Tx } from '../../db/types.ts';
import { revokeAllOf } from '../../identity/refresh-tokens.ts';
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
    status: z.enum(['active', 'disabled']),
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
const StaffChange = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    password: z.string().min(10, 'at least 10 characters').max(200).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change')
  .openapi('StaffChange');
const StaffId = z.object({ id: z.uuid() });
const StaffList = z.object({ items: z.array(Staff) });

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: 'staff' | 'owner';
  status: 'active' | 'disabled';
  library_ids: string[];
}

const STAFF_SELECT = `SELECT u.id, u.email, u.name, tu.role, u.status,
         coalesce((SELECT array_agg(sl.library_id ORDER BY sl.library_id) FROM staff_libraries sl
            WHERE sl.tenant_id = tu.tenant_id AND sl.user_id = u.id), '{}') AS library_ids
    FROM tenant_users tu JOIN users u ON u.id = tu.user_id`;

const toStaff = (row: StaffRow) => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  status: row.status,
  libraryIds: row.library_ids,
});

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
      const tenantId = principalOf(c).tenantId;
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
          await recordAudit(c, tx, {
            tenantId,
            action: 'staff.create',
            targetType: 'user',
            targetId: user.id,
            detail: { email: input.email, libraryIds },
          });
          return user.id;
        });
        const staff = {
          id,
          email: input.email,
          name: input.name,
          role: 'staff' as const,
          status: 'active' as const,
          libraryIds,
        };
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
        tx.query<StaffRow>(`${STAFF_SELECT} ORDER BY tu.created_at, u.id`),
      );
      const items = rows.map(toStaff);
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'patch',
      path: '/staff/{id}',
      request: { params: StaffId, body: body(StaffChange) },
      responses: { 200: json(Staff, 'The changed staff account'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      const tenantId = principalOf(c).tenantId;
      if (!tenantId) throw new DomainError('forbidden', 'an owner acts for a tenant');
      const passwordHash = change.password ? await hashSecret(change.password) : null;
      const row = await d.db.platform(async (tx) => {
        const [target] = await tx.query<{ id: string }>(
          `SELECT user_id AS id FROM tenant_users WHERE tenant_id = $1 AND user_id = $2 AND role = 'staff'`,
          [tenantId, id],
        );
        if (!target) throw new DomainError('not_found', 'no such staff account');
        await tx.query(
          `UPDATE users SET name = coalesce($2, name), password_hash = coalesce($3, password_hash),
                  status = coalesce($4, status), updated_at = now() WHERE id = $1`,
          [id, change.name ?? null, passwordHash, change.status ?? null],
        );
        // A leaked or changed password, or a person who left: their cloud sign-ins end now.
        if (passwordHash || change.status === 'disabled') await revokeAllOf(tx, id);
        await recordAudit(c, tx, {
          tenantId,
          action: 'staff.update',
          targetType: 'user',
          targetId: id,
          detail: { name: change.name, status: change.status, passwordChanged: passwordHash !== null },
        });
        const [changed] = await tx.query<StaffRow>(`${STAFF_SELECT} WHERE tu.tenant_id = $1 AND u.id = $2`, [
          tenantId,
          id,
        ]);
        if (!changed) throw new Error('the changed account vanished');
        return changed;
      });
      return c.json(toStaff(row), 200);
    },
  );

  return app;
}
