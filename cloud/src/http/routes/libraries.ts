/**
 * Owners manage their libraries: create, read, update (including opening hours, policy and
 * publish/unpublish) and delete, each write audited in its own transaction. Staff read the
 * libraries they work at. Every body is validated as the whole core `Library` (plus `Policy`) it
 * produces, so a PATCH cannot leave a library that core would refuse.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { defaultPolicy, Library, Policy } from '@studyspot/core';
import type { Context } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import { libraryFor, staffScope, tenantOf } from '../../catalog/access.ts';
import { recordAudit } from '../../catalog/audit.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from '../../catalog/cursor.ts';
import {
  LIBRARY_COLUMNS,
  type LibraryRow,
  ManagedLibrary,
  toLibrary,
  toManagedLibrary,
} from '../../catalog/rows.ts';
import { defined, parseWith, referencedConflict } from '../../catalog/validate.ts';
import type { Tx } from '../../db/types.ts';
import type { CloudEnv, RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, router } from '../openapi.ts';

const Fields = Library.omit({ id: true, currency: true });
export const NewLibrary = Fields.extend({
  currency: z.literal('INR').default('INR'),
  policy: Policy.default(defaultPolicy),
  published: z.boolean().default(false),
}).openapi('NewLibrary');
export const LibraryPatch = Fields.partial()
  .extend({ policy: Policy.optional(), published: z.boolean().optional() })
  .openapi('LibraryPatch');

type Full = Library & { policy: Policy; published: boolean };

const params = (tenantId: string, l: Full) => [
  tenantId,
  l.id,
  l.name,
  l.timezone,
  l.address,
  l.geo.lat,
  l.geo.lng,
  l.amenities,
  l.openingHours,
  l.slotMinutes,
  l.policy,
  l.published,
];

async function insertLibrary(tx: Tx, tenantId: string, l: Full): Promise<LibraryRow> {
  const [row] = await tx.query<LibraryRow>(
    `INSERT INTO libraries (tenant_id, id, name, timezone, address, lat, lng, amenities, opening_hours,
       slot_minutes, policy, published) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     RETURNING ${LIBRARY_COLUMNS}`,
    params(tenantId, l),
  );
  if (!row) throw new Error('INSERT returned no row');
  return row;
}

async function updateLibrary(tx: Tx, tenantId: string, l: Full): Promise<LibraryRow> {
  const [row] = await tx.query<LibraryRow>(
    `UPDATE libraries SET name = $3, timezone = $4, address = $5, lat = $6, lng = $7, amenities = $8,
       opening_hours = $9, slot_minutes = $10, policy = $11, published = $12, updated_at = now()
     WHERE tenant_id = $1 AND id = $2 RETURNING ${LIBRARY_COLUMNS}`,
    params(tenantId, l),
  );
  if (!row) throw new Error('UPDATE returned no row');
  return row;
}

const common = { tags: ['manage'], security: bearer };
const readers = { ...common, middleware: [allow('owner', 'staff')] };
const owners = { ...common, middleware: [allow('owner')] };
const LibraryPage = PageOf(ManagedLibrary, 'ManagedLibraryPage');

export function libraryRoutes(d: RouteDeps) {
  const app = router();
  const inTenant = <T>(c: Context<CloudEnv>, fn: (tx: Tx) => Promise<T>) =>
    d.db.tenant(tenantOf(principalOf(c)), fn);

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/manage/libraries',
      request: { query: z.object({ limit: Limit, cursor: CursorQuery }) },
      responses: {
        200: json(LibraryPage, 'Libraries by id'),
        400: errors[400],
        401: errors[401],
        403: errors[403],
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
      const scope = staffScope(principalOf(c));
      const rows = await inTenant(c, (tx) =>
        tx.query<LibraryRow>(
          `SELECT ${LIBRARY_COLUMNS} FROM libraries
            WHERE ($1::uuid IS NULL OR id > $1) AND ($2::uuid[] IS NULL OR id = ANY($2))
            ORDER BY id LIMIT $3`,
          [after, scope, limit + 1],
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
      ...owners,
      method: 'post',
      path: '/manage/libraries',
      request: { body: body(NewLibrary) },
      responses: { 201: json(ManagedLibrary, 'The new library'), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const full = {
        ...parseWith(Library, { ...input, id: uuidv7() }),
        policy: input.policy,
        published: input.published,
      };
      const tenantId = tenantOf(principalOf(c));
      const row = await d.db.tenant(tenantId, async (tx) => {
        const created = await insertLibrary(tx, tenantId, full);
        await recordAudit(c, tx, {
          tenantId,
          action: 'library.create',
          targetType: 'library',
          targetId: full.id,
        });
        return created;
      });
      return c.json(toManagedLibrary(row), 201);
    },
  );

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/manage/libraries/{id}',
      request: { params: IdParam },
      responses: { 200: json(ManagedLibrary, 'The library'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await inTenant(c, (tx) => libraryFor(tx, principalOf(c), id));
      return c.json(toManagedLibrary(row), 200);
    },
  );

  app.openapi(
    createRoute({
      ...owners,
      method: 'patch',
      path: '/manage/libraries/{id}',
      request: { params: IdParam, body: body(LibraryPatch) },
      responses: { 200: json(ManagedLibrary, 'The updated library'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const patch = defined(c.req.valid('json'));
      const tenantId = tenantOf(principalOf(c));
      const row = await d.db.tenant(tenantId, async (tx) => {
        const current = await libraryFor(tx, principalOf(c), id);
        const merged = { ...toLibrary(current), ...patch };
        const full = {
          ...parseWith(Library, merged),
          policy: patch.policy ?? current.policy,
          published: patch.published ?? current.published,
        };
        const updated = await updateLibrary(tx, tenantId, full);
        const action = publishAction(current.published, full.published);
        await recordAudit(c, tx, {
          tenantId,
          action,
          targetType: 'library',
          targetId: id,
          detail: { fields: Object.keys(patch) },
        });
        return updated;
      });
      return c.json(toManagedLibrary(row), 200);
    },
  );

  app.openapi(
    createRoute({
      ...owners,
      method: 'delete',
      path: '/manage/libraries/{id}',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = tenantOf(principalOf(c));
      try {
        await d.db.tenant(tenantId, async (tx) => {
          await libraryFor(tx, principalOf(c), id);
          await recordAudit(c, tx, {
            tenantId,
            action: 'library.delete',
            targetType: 'library',
            targetId: id,
          });
          await tx.query('DELETE FROM libraries WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
        });
      } catch (error) {
        throw referencedConflict(error, 'the library has bookings or memberships; unpublish it instead');
      }
      return c.body(null, 204);
    },
  );

  return app;
}

function publishAction(before: boolean, after: boolean): string {
  if (before === after) return 'library.update';
  return after ? 'library.publish' : 'library.unpublish';
}
