/**
 * Conformance of the built-in shape server with the official `@electric-sql/client`
 * (electric-protocol.md §8), on Postgres and PGlite: initial sync, live changes, resume from a
 * saved offset and handle, 409 must-refetch, every column type, the server-side where, moves
 * across it, and concurrent writers seen exactly once in commit order.
 */
import { defaultPolicy } from '@studyspot/core';
import { columnsOf, rotateShape, shapeDefinitions } from '@studyspot/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededTenant, seedLibrary, seedTenant } from '../../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import type { Database } from '../../db/types.ts';
import {
  eventually,
  type Follower,
  follow,
  type ShapeTestServer,
  startShapeServer,
} from './shapes.fixture.ts';

const upToDate = (f: Follower) => () => expect(f.stream.isUpToDate).toBe(true);

describe.each(backends)('shape server on %s', (kind) => {
  const t = useTestDatabase(kind);
  let server: ShapeTestServer;
  let a: SeededTenant;
  let b: SeededTenant;
  let otherLibrary: string;
  let hubA: { authorization: string };
  const followers: Follower[] = [];
  const open = (...args: Parameters<typeof follow> extends [unknown, ...infer R] ? R : never) => {
    const f = follow(server, ...args);
    followers.push(f);
    return f;
  };
  const db = (): Database => t().db;
  const asA = (sql: string, params: unknown[] = []) => db().tenant(a.tenantId, (tx) => tx.query(sql, params));

  beforeAll(async () => {
    a = await seedTenant(db(), `shapes-a-${kind}`);
    b = await seedTenant(db(), `shapes-b-${kind}`);
    otherLibrary = await db().platform((tx) => seedLibrary(tx, a.tenantId, 'Second room'));
    server = await startShapeServer(db());
    hubA = server.hub(a.tenantId, a.libraryId);
  });
  afterAll(async () => {
    for (const f of followers) f.stop();
    await server?.close();
  });

  it('answers 401 without a hub, 404 for an unknown shape, 400 for a bad offset', async () => {
    const url = `${server.running.url}/v1/shapes`;
    expect((await fetch(`${url}/seats?offset=-1`)).status).toBe(401);
    expect((await fetch(`${url}/nope?offset=-1`, { headers: hubA })).status).toBe(404);
    expect((await fetch(`${url}/seats?offset=x`, { headers: hubA })).status).toBe(400);
    expect((await fetch(`${url}/seats?offset=0_0`, { headers: hubA })).status).toBe(400);
    const first = await fetch(`${url}/seats?offset=-1&table=users&where=true`, { headers: hubA });
    expect(first.headers.get('electric-up-to-date')).toBeNull();
    expect(first.headers.get('electric-schema')).toContain('"pk_index":0');
    expect(((await first.json()) as unknown[]).length).toBe(1);
  });

  it('the definitions match the catalog (type, array, NOT NULL)', async () => {
    const catalog = await db().platform((tx) =>
      tx.query<{ table: string; name: string; type: string; dims: number; not_null: boolean }>(
        `SELECT c.relname AS table, a.attname AS name, trim(leading '_' from t.typname) AS type,
                (t.typcategory = 'A')::int AS dims, a.attnotnull AS not_null
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
          WHERE a.attnum > 0 AND NOT a.attisdropped`,
      ),
    );
    const byKey = new Map(catalog.map((r) => [`${r.table}.${r.name}`, r]));
    for (const def of Object.values(shapeDefinitions)) {
      for (const column of columnsOf(def)) {
        const found = byKey.get(`${def.table}.${column.name}`);
        expect(found, `${def.table}.${column.name}`).toEqual({
          table: def.table,
          name: column.name,
          type: column.type,
          dims: column.array ? 1 : 0,
          not_null: column.notNull,
        });
      }
    }
  });

  it('syncs every shape initially with every column type parsed by the client', async () => {
    const shapes = Object.fromEntries(Object.keys(shapeDefinitions).map((n) => [n, open(n, hubA)]));
    for (const f of Object.values(shapes)) await eventually(upToDate(f));
    const only = (name: string) => {
      const rows = shapes[name]?.changes() ?? [];
      expect(rows.every((m) => m.value.tenant_id === a.tenantId)).toBe(true);
      return rows.map((m) => m.value);
    };
    const [library] = only('libraries');
    expect(library).toMatchObject({
      id: a.libraryId,
      lat: 18.52,
      amenities: ['wifi', 'ac'],
      slot_minutes: 30,
    });
    expect(library).toMatchObject({ published: false, policy: defaultPolicy, address: { city: 'Pune' } });
    expect(library?.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/);
    expect(only('plans')[0]).toMatchObject({ price_paise: 150000n, tax_rate_bp: 1800, duration_days: 30 });
    expect(only('plans')[0]).toMatchObject({ active: true, zone_id: null });
    expect(only('memberships')[0]).toMatchObject({ starts_on: '2026-01-01', rev: 0n });
    expect(only('seats')[0]).toMatchObject({ features: [], grid_row: null, lock_id: null });
    expect(only('booking_requests')[0]).toMatchObject({ slot: { kind: 'day' }, status: 'pending' });
    expect(only('members')).toHaveLength(1);
    expect(only('zones').map((z) => z.id)).toEqual([a.zoneId]);
    expect(only('shifts')).toHaveLength(1);
    expect(only('payments')).toEqual([]);
    for (const f of Object.values(shapes)) expect(f.errors).toEqual([]);
  });

  it('delivers live inserts, updates and deletes, never another library or tenant', async () => {
    const seats = open('seats', hubA);
    await eventually(upToDate(seats));
    const before = seats.changes().length;
    const [row] = await asA(
      `INSERT INTO seats (tenant_id, library_id, zone_id, number, features) VALUES ($1, $2, $3, 'L1', '{usb,"a b"}') RETURNING id`,
      [a.tenantId, a.libraryId, a.zoneId],
    );
    await db().platform((tx) =>
      tx.query(
        `INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'Elsewhere'), ($3, $4, 'Other tenant')`,
        [a.tenantId, otherLibrary, b.tenantId, b.libraryId],
      ),
    );
    await asA(`UPDATE seats SET grid_row = 3, status = 'out_of_service' WHERE id = $1`, [row?.id]);
    await asA('DELETE FROM seats WHERE id = $1', [row?.id]);
    await eventually(() => expect(seats.changes().length - before).toBe(3));
    const [ins, upd, del] = seats.changes().slice(before);
    expect(ins?.headers.operation).toBe('insert');
    expect(ins?.value).toMatchObject({ id: row?.id, features: ['usb', 'a b'], grid_row: null });
    expect(upd?.headers.operation).toBe('update');
    expect(upd?.value).toEqual({ tenant_id: a.tenantId, id: row?.id, grid_row: 3, status: 'out_of_service' });
    expect(upd?.headers).toMatchObject({ txids: [expect.any(Number)], lsn: expect.any(String) });
    expect(del?.headers.operation).toBe('delete');
    expect(seats.errors).toEqual([]);
  });

  it('moves rows into and out of the where as inserts and deletes', async () => {
    const zones = open('zones', hubA);
    await eventually(upToDate(zones));
    const [zone] = await asA(
      `INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'Mover') RETURNING id`,
      [a.tenantId, otherLibrary],
    );
    await asA('UPDATE zones SET library_id = $2 WHERE id = $1', [zone?.id, a.libraryId]);
    await asA(`UPDATE zones SET description = 'moved in' WHERE id = $1`, [zone?.id]);
    await asA('UPDATE zones SET library_id = $2 WHERE id = $1', [zone?.id, otherLibrary]);
    const mine = () => zones.changes().filter((m) => m.value.id === zone?.id);
    await eventually(() =>
      expect(mine().map((m) => m.headers.operation)).toEqual(['insert', 'update', 'delete']),
    );
    expect(mine()[0]?.value).toMatchObject({ name: 'Mover', library_id: a.libraryId });
  });

  it('resumes from a saved offset and handle in a fresh stream without the snapshot', async () => {
    const first = open('members', hubA);
    await eventually(upToDate(first));
    const saved = { offset: first.stream.lastOffset, handle: first.stream.shapeHandle as string };
    first.stop();
    await asA(
      `INSERT INTO members (tenant_id, library_id, name, phone) VALUES ($1, $2, 'Ravi', '+919800000001')`,
      [a.tenantId, a.libraryId],
    );
    const resumed = open('members', hubA, saved as never);
    await eventually(upToDate(resumed));
    expect(resumed.changes().map((m) => [m.headers.operation, m.value.name])).toEqual([['insert', 'Ravi']]);
    expect(resumed.errors).toEqual([]);
  });

  it('answers 409 must-refetch after a rotation and resyncs from a new handle', async () => {
    const shifts = open('shifts', hubA);
    await eventually(upToDate(shifts));
    const oldHandle = shifts.stream.shapeHandle;
    await db().tenant(a.tenantId, (tx) =>
      rotateShape(tx, 'shifts', { tenantId: a.tenantId, libraryId: a.libraryId }),
    );
    await eventually(() => expect(shifts.controls()).toContain('must-refetch'));
    await eventually(() => expect(shifts.stream.shapeHandle).not.toBe(oldHandle));
    await eventually(upToDate(shifts));
    expect(shifts.changes().filter((m) => m.headers.operation === 'insert')).toHaveLength(2);
    const stale = await fetch(`${server.running.url}/v1/shapes/shifts?offset=0_0&handle=${oldHandle}`, {
      headers: hubA,
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('electric-handle')).toBe(shifts.stream.shapeHandle);
  });

  it('sees every change of many concurrent writers exactly once, in commit order', async () => {
    const zones = open('zones', hubA);
    await eventually(upToDate(zones));
    const before = zones.changes().length;
    const names = Array.from({ length: 24 }, (_, i) => `c${i}`);
    await Promise.all(
      names.map((name) =>
        asA(`INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, $3)`, [
          a.tenantId,
          a.libraryId,
          name,
        ]),
      ),
    );
    await eventually(() => expect(zones.changes().length - before).toBe(names.length));
    const seen = zones.changes().slice(before);
    expect(new Set(seen.map((m) => m.value.name))).toEqual(new Set(names));
    const lsns = seen.map((m) => BigInt(m.headers.lsn as string));
    expect(lsns).toEqual([...lsns].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });
});
