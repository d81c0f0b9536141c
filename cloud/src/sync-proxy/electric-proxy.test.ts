/**
 * The `ELECTRIC_URL` proxy (ADR 0021) on both backends: the official `@electric-sql/client`
 * reads `/v1/shapes/<name>` from the cloud, which forwards to an Electric stand-in (the built-in
 * shape server on another loopback port, speaking Electric's `/v1/shape` endpoint). The stand-in
 * sees table, where, params and columns set by the cloud from the definition and the hub's scope —
 * never what the client tried to send — plus the secret, which never comes back; live changes and
 * a 409 after a rotation pass through; an unreachable Electric is a 502 the client retries.
 */
import { isChangeMessage, isControlMessage, type Row, ShapeStream } from '@electric-sql/client';
import { rotateShape, shapeDefinitions } from '@studyspot/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ElectricStandIn, startElectricStandIn } from '../../test/stand-ins/electric.ts';
import { silentLogger } from '../../test/support/http.ts';
import { type SeededTenant, seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { createCloudApp } from '../http/app.ts';
import { eventually } from '../http/routes/shapes.fixture.ts';
import { type RunningCloudServer, startCloudServer } from '../http/server.ts';

const SECRET = 'electric-secret-for-tests';
const HUB = 'Bearer proxied-hub';

describe.each(backends)('the Electric proxy on %s', (kind) => {
  const t = useTestDatabase(kind);
  let electric: ElectricStandIn;
  let cloud: RunningCloudServer;
  let a: SeededTenant;
  const streams: AbortController[] = [];

  beforeAll(async () => {
    a = await seedTenant(t().db, `proxy-${kind}`);
    electric = await startElectricStandIn(t().db, { secret: SECRET });
    const hub = { tenantId: a.tenantId, libraryId: a.libraryId, hubId: crypto.randomUUID() };
    const app = createCloudApp({
      db: t().db,
      logger: silentLogger(),
      authorizeHub: (c) => (c.req.header('authorization') === HUB ? hub : null),
      shapes: { electric: { url: electric.url, secret: SECRET } },
      rateLimits: { general: { limit: 1_000_000, windowMs: 60_000 } },
    });
    cloud = await startCloudServer({ app, port: 0 });
  });
  afterAll(async () => {
    for (const s of streams) s.abort();
    cloud?.server.closeAllConnections();
    await cloud?.close();
    await electric?.close();
  });

  /** The official client on the cloud's route, trying to pick its own table, where and columns. */
  function follow(name: string) {
    const controller = new AbortController();
    streams.push(controller);
    const rows = new Map<string, Row>();
    const controls: string[] = [];
    const stream = new ShapeStream<Row>({
      url: `${cloud.url}/v1/shapes/${name}`,
      headers: { authorization: HUB },
      params: { table: 'users', where: 'true', columns: ['password_hash'], hub_stream: crypto.randomUUID() },
      signal: controller.signal,
      liveSse: false,
    });
    stream.subscribe((messages) => {
      for (const m of messages) {
        if (isControlMessage(m)) controls.push(m.headers.control);
        else if (!isChangeMessage(m)) continue;
        else if (m.headers.operation === 'delete') rows.delete(String(m.value.id));
        else rows.set(String(m.value.id), { ...rows.get(String(m.value.id)), ...m.value });
      }
    });
    return { stream, rows, controls };
  }

  it('syncs through Electric with the table, where and columns the cloud sets', async () => {
    const seats = follow('seats');
    await eventually(() => expect(seats.stream.isUpToDate).toBe(true), 10_000);
    expect([...seats.rows.keys()]).toEqual([a.seatId]);
    await t().db.tenant(a.tenantId, (tx) =>
      tx.query(`UPDATE seats SET status = 'out_of_service' WHERE id = $1`, [a.seatId]),
    );
    await eventually(() => expect(seats.rows.get(a.seatId)?.status).toBe('out_of_service'), 10_000);
    const sent = electric.requests.filter((u) => u.searchParams.get('table') === 'seats');
    expect(sent.length).toBeGreaterThanOrEqual(3);
    const columns = Object.keys(shapeDefinitions.seats.columns).map((c) => `"${c}"`);
    for (const url of sent) {
      const q = url.searchParams;
      expect(url.pathname).toBe('/v1/shape');
      expect(q.get('where')).toBe('"tenant_id" = $1 AND "library_id" = $2');
      expect([q.get('params[1]'), q.get('params[2]')]).toEqual([a.tenantId, a.libraryId]);
      expect(q.get('columns')).toBe(columns.join(','));
      expect(q.get('secret')).toBe(SECRET);
      expect(q.has('hub_stream')).toBe(false);
    }
    expect(sent.some((u) => u.searchParams.get('live') === 'true' && u.searchParams.has('cursor'))).toBe(
      true,
    );
  });

  it('passes the electric headers back and never the secret', async () => {
    const res = await fetch(`${cloud.url}/v1/shapes/zones?offset=-1&secret=mine&table=users`, {
      headers: { authorization: HUB },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('electric-handle')).toMatch(/-1$/);
    expect(res.headers.get('electric-schema')).toContain('"pk_index":0');
    expect(JSON.stringify([...res.headers])).not.toContain(SECRET);
    const body = (await res.json()) as { value: { id: string } }[];
    expect(body.map((m) => m.value.id)).toEqual([a.zoneId]);
    const last = electric.requests.at(-1) as URL;
    expect([last.searchParams.get('table'), last.searchParams.get('secret')]).toEqual(['zones', SECRET]);
  });

  it('passes a 409 after a rotation through, and the client refetches', async () => {
    const zones = follow('zones');
    await eventually(() => expect(zones.stream.isUpToDate).toBe(true), 10_000);
    const handle = zones.stream.shapeHandle;
    await t().db.tenant(a.tenantId, (tx) =>
      rotateShape(tx, 'zones', { tenantId: a.tenantId, libraryId: a.libraryId }),
    );
    await eventually(() => expect(zones.controls).toContain('must-refetch'), 10_000);
    await eventually(() => expect(zones.stream.shapeHandle).not.toBe(handle), 10_000);
    await eventually(() => expect(zones.stream.isUpToDate).toBe(true), 10_000);
    expect([...zones.rows.keys()]).toEqual([a.zoneId]);
  });

  it('answers 401 without a hub and 404 for an unknown shape without asking Electric', async () => {
    // the streams of the other tests keep long-polling; no snapshot request may come from these
    const snapshots = () => electric.requests.filter((u) => u.searchParams.get('offset') === '-1').length;
    const before = snapshots();
    expect((await fetch(`${cloud.url}/v1/shapes/seats?offset=-1`)).status).toBe(401);
    const unknown = await fetch(`${cloud.url}/v1/shapes/users?offset=-1`, {
      headers: { authorization: HUB },
    });
    expect(unknown.status).toBe(404);
    expect(snapshots()).toBe(before);
    expect(electric.requests.some((u) => u.searchParams.get('table') === 'users')).toBe(false);
  });
});

describe('the Electric proxy without Electric', () => {
  const t = useTestDatabase('pglite');

  it('answers 502 (retried by the client) when Electric cannot be reached', async () => {
    const app = createCloudApp({
      db: t().db,
      logger: silentLogger(),
      authorizeHub: () => ({ tenantId: crypto.randomUUID(), libraryId: crypto.randomUUID(), hubId: 'h' }),
      shapes: { electric: { url: 'http://127.0.0.1:9' } },
    });
    const res = await app.request('/v1/shapes/seats?offset=-1');
    expect(res.status).toBe(502);
    expect(((await res.json()) as { code: string }).code).toBe('upstream_unavailable');
  });
});
