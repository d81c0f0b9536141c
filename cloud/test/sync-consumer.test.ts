/**
 * The hub's shape consumer (sync/src/consume, ADR 0015) against a real cloud server on
 * 127.0.0.1:0 and a real hub SQLite file: initial sync of every shape, live updates with a catalog
 * reload, resume after a restart, must-refetch, a power cut mid-apply, echo suppression by rev.
 * Lives in cloud/ because only this project may import both the cloud and the hub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotateShape } from '@studyspot/sync';
import { applyBatch, readShapeState, ShapeConsumer } from '@studyspot/sync/consume';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../hub/src/store/catalog.ts';
import { type Db, openDb } from '../../hub/src/store/db.ts';
import { eventually, type ShapeTestServer, startShapeServer } from '../src/http/routes/shapes.fixture.ts';
import { type SeededTenant, seedTenant } from './support/seed.ts';
import { backends, useTestDatabase } from './support/test-databases.ts';

interface Hub {
  db: Db;
  file: string;
  catalog: Catalog;
  reloads: number;
}

const dirs: string[] = [];
function openHub(file?: string): Hub {
  let path = file;
  if (!path) {
    const dir = mkdtempSync(join(tmpdir(), 'studyspot-consume-'));
    dirs.push(dir);
    path = join(dir, 'hub.db');
  }
  const db = openDb(path);
  return { db, file: path, catalog: new Catalog(db), reloads: 0 };
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const count = (db: Db, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe.each(backends)('shape consumer on %s', (kind) => {
  const t = useTestDatabase(kind);
  let server: ShapeTestServer;
  let a: SeededTenant;
  let headers: { authorization: string };
  const consumers: ShapeConsumer[] = [];
  const hubs: Hub[] = [];
  const asA = (sql: string, params: unknown[] = []) =>
    t().db.tenant(a.tenantId, (tx) => tx.query<Record<string, unknown>>(sql, params));

  function consume(hub: Hub): ShapeConsumer {
    const consumer = new ShapeConsumer({
      db: hub.db,
      url: server.running.url,
      headers: () => headers,
      onCatalogChange: () => {
        hub.reloads++;
        hub.catalog.reload();
      },
      retryMs: 100,
    });
    consumers.push(consumer);
    consumer.start();
    return consumer;
  }
  const synced = (c: ShapeConsumer) => () => {
    for (const [name, s] of Object.entries(c.status)) expect(s.lastUpToDateAt, name).not.toBeNull();
  };

  beforeAll(async () => {
    a = await seedTenant(t().db, `consume-${kind}`);
    server = await startShapeServer(t().db);
    headers = server.hub(a.tenantId, a.libraryId);
  });
  afterEach(async () => {
    for (const c of consumers.splice(0)) await c.stop();
    for (const h of hubs.splice(0)) if (h.db.open) h.db.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('syncs every shape, applies live changes with a catalog reload, and resumes after a restart', async () => {
    const hub = openHub();
    hubs.push(hub);
    const consumer = consume(hub);
    await eventually(synced(consumer), 15_000);
    expect(hub.catalog.data.library).toMatchObject({ id: a.libraryId, geo: { lat: 18.52, lng: 73.85 } });
    expect(hub.catalog.data.seats.map((s) => s.id)).toEqual([a.seatId]);
    expect(hub.catalog.data.zones).toHaveLength(1);
    expect(hub.catalog.data.shifts).toHaveLength(1);
    expect(hub.catalog.data.plans[0]).toMatchObject({ pricePaise: 150000 });
    expect(count(hub.db, 'members')).toBe(1);
    expect(hub.db.prepare('SELECT * FROM memberships').get()).toMatchObject({
      member_id: a.memberId,
      starts_on: '2026-01-01',
      status: 'active',
      rev: 0,
    });
    const created = (hub.db.prepare('SELECT created_at FROM members').get() as { created_at: number })
      .created_at;
    expect(Math.abs(created - Date.now())).toBeLessThan(600_000);

    // live: a seat goes out of service in the cloud
    const reloads = hub.reloads;
    await asA(`UPDATE seats SET status = 'out_of_service', lock_id = 'lock-1' WHERE id = $1`, [a.seatId]);
    await eventually(() => expect(hub.catalog.seat(a.seatId)?.status).toBe('out_of_service'), 10_000);
    expect(hub.reloads).toBeGreaterThan(reloads);
    expect(hub.db.prepare('SELECT lock_id FROM seats').get()).toEqual({ lock_id: 'lock-1' });

    // restart: a new consumer on the same file applies only what changed meanwhile
    await consumer.stop();
    const before = readShapeState(hub.db, 'zones');
    hub.db.close();
    await asA(`INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'Loud')`, [
      a.tenantId,
      a.libraryId,
    ]);
    const again = openHub(hub.file);
    hubs.push(again);
    const applied: string[] = [];
    const spy = again.db.prepare.bind(again.db);
    again.db.prepare = ((sql: string) => {
      if (/^INSERT INTO (zones|seats|libraries)/.test(sql)) applied.push(sql.split(' ')[2] ?? '');
      return spy(sql);
    }) as typeof again.db.prepare;
    const resumed = consume(again);
    await eventually(() => expect(count(again.db, 'zones')).toBe(2), 10_000);
    await eventually(synced(resumed), 10_000);
    expect(applied).toEqual(['zones']);
    expect(readShapeState(again.db, 'zones')?.offset).not.toBe(before?.offset);
    expect(readShapeState(again.db, 'zones')?.handle).toBe(before?.handle);
  });

  it('logs a malformed batch, applies nothing of it, and converges after restarting the stream', async () => {
    const hub = openHub();
    hubs.push(hub);
    let corrupted = 0;
    const corrupting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/libraries') || corrupted > 0) return response;
      const body = await response.text();
      if (!body.includes('"slot_minutes"')) return new Response(body, response);
      corrupted++;
      return new Response(body.replace(/"slot_minutes":"30"/, '"slot_minutes":"thirty"'), response);
    };
    const errors: unknown[] = [];
    const consumer = new ShapeConsumer({
      db: hub.db,
      url: server.running.url,
      headers: () => headers,
      fetch: corrupting,
      shapes: ['libraries'],
      logger: { info() {}, warn() {}, error: (obj) => errors.push(obj) },
      retryMs: 50,
    });
    consumers.push(consumer);
    consumer.start();
    await eventually(() => expect(count(hub.db, 'libraries')).toBe(1), 10_000);
    expect(corrupted).toBe(1);
    expect(errors).toHaveLength(1);
    expect(hub.db.prepare('SELECT slot_minutes FROM libraries').get()).toEqual({ slot_minutes: 30 });
  });

  it('replaces a shape after must-refetch, without duplicates', async () => {
    const hub = openHub();
    hubs.push(hub);
    const consumer = consume(hub);
    await eventually(synced(consumer), 15_000);
    const handle = consumer.status.shifts?.handle;
    // a row the cloud no longer has must go; one it has must stay once
    hub.db
      .prepare(
        `INSERT INTO shifts (id, library_id, name, start, end) VALUES ('ghost', ?, 'Ghost', '01:00', '02:00')`,
      )
      .run(a.libraryId);
    await t().db.tenant(a.tenantId, (tx) =>
      rotateShape(tx, 'shifts', { tenantId: a.tenantId, libraryId: a.libraryId }),
    );
    await eventually(() => expect(consumer.status.shifts?.handle).not.toBe(handle), 10_000);
    await eventually(() => expect(count(hub.db, 'shifts')).toBe(1), 10_000);
    expect(hub.db.prepare('SELECT name FROM shifts').all()).toEqual([{ name: 'Morning' }]);
    expect(readShapeState(hub.db, 'shifts')?.handle).toBe(consumer.status.shifts?.handle);
  });
});

describe('applyBatch', () => {
  const lib = '00000000-0000-4000-8000-000000000001';
  const library = {
    tenant_id: 't',
    id: lib,
    name: 'Room',
    timezone: 'Asia/Kolkata',
    address: { city: 'Pune' },
    lat: 18.5,
    lng: 73.8,
    amenities: ['wifi'],
    opening_hours: {},
    slot_minutes: 30,
    currency: 'INR',
    policy: {},
    published: true,
  };
  const insert = (value: Record<string, unknown>) => ({
    key: String(value.id),
    value: value as never,
    headers: { operation: 'insert' as const },
  });
  const upToDate = { headers: { control: 'up-to-date' as const } };
  const zone = (n: number) => ({
    tenant_id: 't',
    id: `z${n}`,
    library_id: lib,
    name: `Z${n}`,
    description: '',
  });

  it('a power cut mid-apply persists nothing of the batch nor its offset; the next run converges', () => {
    const hub = openHub();
    applyBatch(hub.db, 'libraries', [insert(library), upToDate], '1_0', 'h');
    const batch = [1, 2, 3, 4].map((n) => insert(zone(n)));
    expect(() =>
      applyBatch(hub.db, 'zones', [...batch, upToDate], '5_0', 'h', {
        onChange: (i) => {
          if (i === 1) throw new Error('power cut');
        },
      }),
    ).toThrow('power cut');
    expect(count(hub.db, 'zones')).toBe(0);
    expect(readShapeState(hub.db, 'zones')).toBeNull();
    applyBatch(hub.db, 'zones', [...batch, upToDate], '5_0', 'h');
    expect(count(hub.db, 'zones')).toBe(4);
    expect(readShapeState(hub.db, 'zones')?.offset).toBe('5_0');
    hub.db.close();
  });

  it('never overwrites a local member whose rev is newer (echo suppression)', () => {
    const hub = openHub();
    applyBatch(hub.db, 'libraries', [insert(library), upToDate], '1_0', 'h');
    const member = (name: string, rev: bigint) =>
      insert({
        tenant_id: 't',
        id: 'm1',
        library_id: lib,
        name,
        phone: '+919800000001',
        email: null,
        status: 'active',
        created_at: '2026-01-01 10:00:00+00',
        rev,
      });
    applyBatch(hub.db, 'members', [member('Asha', 1n), upToDate], '2_0', 'h');
    hub.db.prepare(`UPDATE members SET name = 'Asha local', rev = 5 WHERE id = 'm1'`).run();
    applyBatch(hub.db, 'members', [member('Asha echo', 3n), upToDate], '3_0', 'h');
    expect(hub.db.prepare('SELECT name, rev, created_at FROM members').get()).toEqual({
      name: 'Asha local',
      rev: 5,
      created_at: Date.parse('2026-01-01T10:00:00Z'),
    });
    applyBatch(hub.db, 'members', [member('Asha cloud', 6n), upToDate], '4_0', 'h');
    expect(hub.db.prepare('SELECT name, rev FROM members').get()).toEqual({ name: 'Asha cloud', rev: 6 });
    hub.db.close();
  });

  it('rejects a malformed message without applying the batch', () => {
    const hub = openHub();
    expect(() =>
      applyBatch(hub.db, 'libraries', [insert({ ...library, slot_minutes: 'thirty' }), upToDate], '1_0', 'h'),
    ).toThrow(/slot_minutes/);
    expect(count(hub.db, 'libraries')).toBe(0);
    expect(readShapeState(hub.db, 'libraries')).toBeNull();
    hub.db.close();
  });
});
