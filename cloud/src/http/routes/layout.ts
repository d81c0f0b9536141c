/**
 * A library's layout and what it sells: zones, shifts and plans (the shared child-resource
 * routes), the seat map as one bulk upsert keyed by seat number (grid row/col, type, features,
 * in or out of service — seats are never deleted here, a removed seat goes out of service), and
 * which staff accounts work at the library. Owners write (audited), staff of the library read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, Id, Seat, SeatStatus, SeatType } from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import { libraryFor, tenantOf } from '../../catalog/access.ts';
import { recordAudit } from '../../catalog/audit.ts';
import { childRoutes } from '../../catalog/child-resource.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from '../../catalog/cursor.ts';
import { planSpec, shiftSpec, zoneSpec } from '../../catalog/layout-specs.ts';
import { GridPosition, PlacedSeat, SEAT_COLUMNS, type SeatRow } from '../../catalog/rows.ts';
import type { Tx } from '../../db/types.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, router } from '../openapi.ts';

const SeatInput = z.object({
  number: Seat.shape.number,
  zoneId: Id,
  type: SeatType.default('standard'),
  features: Seat.shape.features.default([]),
  status: SeatStatus.default('active'),
  lockId: Seat.shape.lockId.default(null),
  sensorId: Seat.shape.sensorId.default(null),
  row: GridPosition.default(null),
  col: GridPosition.default(null),
});
const SeatLayout = z
  .object({ seats: z.array(SeatInput).min(1).max(500) })
  .refine((l) => new Set(l.seats.map((s) => s.number)).size === l.seats.length, {
    message: 'seat numbers must be unique',
    path: ['seats'],
  })
  .openapi('SeatLayout');
type SeatInput = z.infer<typeof SeatInput>;

const StaffMember = z
  .object({ userId: Id, name: z.string(), email: z.string().nullable() })
  .openapi('StaffMember');
const StaffAssignment = z.object({ userIds: z.array(Id).max(200) }).openapi('StaffAssignment');

const readers = { tags: ['manage'], security: bearer, middleware: [allow('owner', 'staff')] };
const owners = { tags: ['manage'], security: bearer, middleware: [allow('owner')] };

async function upsertSeats(
  tx: Tx,
  tenantId: string,
  libraryId: string,
  seats: SeatInput[],
): Promise<SeatRow[]> {
  const zoneIds = [...new Set(seats.map((s) => s.zoneId))];
  const found = await tx.query(`SELECT id FROM zones WHERE library_id = $1 AND id = ANY($2::uuid[])`, [
    libraryId,
    zoneIds,
  ]);
  if (found.length !== zoneIds.length)
    throw new DomainError('validation_failed', 'zoneId: no such zone in this library', {
      field: 'seats.zoneId',
    });
  const rows = seats.map((s) => ({ ...s, id: uuidv7() }));
  return tx.query<SeatRow>(
    `INSERT INTO seats (tenant_id, id, library_id, zone_id, number, type, features, status, lock_id, sensor_id,
       grid_row, grid_col)
     SELECT $1, x.id, $2, x."zoneId", x.number, x.type, x.features, x.status, x."lockId", x."sensorId", x.row, x.col
       FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, "zoneId" uuid, number text, type text, features text[],
         status text, "lockId" text, "sensorId" text, row smallint, col smallint)
     ON CONFLICT (tenant_id, library_id, number) DO UPDATE SET zone_id = EXCLUDED.zone_id, type = EXCLUDED.type,
       features = EXCLUDED.features, status = EXCLUDED.status, lock_id = EXCLUDED.lock_id,
       sensor_id = EXCLUDED.sensor_id, grid_row = EXCLUDED.grid_row, grid_col = EXCLUDED.grid_col
     RETURNING ${SEAT_COLUMNS}`,
    [tenantId, libraryId, JSON.stringify(rows)],
  );
}

export function layoutRoutes(d: RouteDeps) {
  const app = router();
  for (const spec of [zoneSpec, shiftSpec, planSpec]) childRoutes(app, d, spec);
  const seatPage = PageOf(PlacedSeat, 'SeatPage');

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/manage/libraries/{id}/seats',
      request: { params: IdParam, query: z.object({ limit: Limit, cursor: CursorQuery }) },
      responses: { 200: json(seatPage, 'Seats by id'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
      const rows = await d.db.tenant(tenantOf(principalOf(c)), async (tx) => {
        await libraryFor(tx, principalOf(c), id);
        return tx.query<SeatRow>(
          `SELECT ${SEAT_COLUMNS} FROM seats WHERE library_id = $1 AND ($2::uuid IS NULL OR id > $2)
            ORDER BY id LIMIT $3`,
          [id, after, limit + 1],
        );
      });
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
      ...owners,
      method: 'put',
      path: '/manage/libraries/{id}/seats',
      request: { params: IdParam, body: body(SeatLayout) },
      responses: { 200: json(z.object({ items: z.array(PlacedSeat) }), 'The upserted seats'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { seats } = c.req.valid('json');
      const tenantId = tenantOf(principalOf(c));
      const items = await d.db.tenant(tenantId, async (tx) => {
        await libraryFor(tx, principalOf(c), id);
        const rows = await upsertSeats(tx, tenantId, id, seats);
        const detail = { seats: seats.length };
        await recordAudit(c, tx, {
          tenantId,
          action: 'seats.upsert',
          targetType: 'library',
          targetId: id,
          detail,
        });
        return rows;
      });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: '/manage/libraries/{id}/staff',
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(StaffMember) }), 'Staff of the library'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const items = await d.db.tenant(tenantOf(principalOf(c)), async (tx) => {
        await libraryFor(tx, principalOf(c), id);
        return staffOf(tx, id);
      });
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...owners,
      method: 'put',
      path: '/manage/libraries/{id}/staff',
      request: { params: IdParam, body: body(StaffAssignment) },
      responses: { 200: json(z.object({ items: z.array(StaffMember) }), 'Staff of the library'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const userIds = [...new Set(c.req.valid('json').userIds)];
      const tenantId = tenantOf(principalOf(c));
      const items = await d.db.tenant(tenantId, async (tx) => {
        await libraryFor(tx, principalOf(c), id);
        await assignStaff(tx, tenantId, id, userIds);
        const detail = { userIds };
        await recordAudit(c, tx, {
          tenantId,
          action: 'staff.assign',
          targetType: 'library',
          targetId: id,
          detail,
        });
        return staffOf(tx, id);
      });
      return c.json({ items }, 200);
    },
  );

  return app;
}

async function assignStaff(tx: Tx, tenantId: string, libraryId: string, userIds: string[]): Promise<void> {
  const staff = await tx.query(
    `SELECT user_id FROM tenant_users WHERE role = 'staff' AND user_id = ANY($1::uuid[])`,
    [userIds],
  );
  if (staff.length !== userIds.length)
    throw new DomainError('validation_failed', 'userIds: not a staff account of this tenant', {
      field: 'userIds',
    });
  await tx.query('DELETE FROM staff_libraries WHERE library_id = $1', [libraryId]);
  await tx.query(
    `INSERT INTO staff_libraries (tenant_id, user_id, library_id) SELECT $1, u, $2 FROM unnest($3::uuid[]) AS u`,
    [tenantId, libraryId, userIds],
  );
}

const staffOf = (tx: Tx, libraryId: string) =>
  tx.query<{ userId: string; name: string; email: string | null }>(
    `SELECT u.id AS "userId", u.name, u.email FROM staff_libraries s JOIN users u ON u.id = s.user_id
      WHERE s.library_id = $1 ORDER BY u.id`,
    [libraryId],
  );
