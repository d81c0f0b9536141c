/**
 * The write path end to end, on both backends: a real hub core on its SQLite file pushes its outbox
 * with the `OutboxPusher` to the real cloud server (127.0.0.1:0, the route mounted, a test
 * `authorizeHub`). Bookings reach the cloud exactly once; an outage backs off with full jitter and
 * drains when the cloud is back; poison is parked while the rest flows; a hub restart resumes; a
 * response lost after the cloud committed is redelivered with no second effect.
 */
import { OutboxPusher, SqliteOutbox } from '@studyspot/sync/push';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../hub/src/store/db.ts';
import { appendOutbox } from '../../../hub/src/store/outbox.ts';
import { type Fixture, hubFixture, system, TODAY } from '../../../hub/test/fixture.ts';
import { testApp } from '../../test/support/http.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { type RunningCloudServer, startCloudServer } from '../http/server.ts';
import { mirrorHubCatalog } from './mirror.fixture.ts';
import type { HubIdentity } from './types.ts';

const unlimited = { limit: 1_000_000, windowMs: 60_000 };

describe.each(backends)('outbox pusher against the cloud on %s', (kind) => {
  const t = useTestDatabase(kind);
  const tokens = new Map<string, HubIdentity>();
  let server: RunningCloudServer;
  let port = 0;
  let f: Fixture;
  let hub: HubIdentity;
  let token: string;
  let n = 0;

  const serve = async () => {
    const { app } = testApp(t().db, {
      rateLimits: { auth: unlimited, booking: unlimited, general: unlimited },
      authorizeHub: (c) => tokens.get(c.req.header('authorization')?.slice(7) ?? '') ?? null,
    });
    server = await startCloudServer({ app, port });
    port = Number(new URL(server.url).port);
  };
  const pusher = (over: Partial<ConstructorParameters<typeof OutboxPusher>[0]> = {}) =>
    new OutboxPusher({ store: new SqliteOutbox(f.db), url: server.url, token, random: () => 0.5, ...over });
  const drain = async (p: OutboxPusher) => {
    for (let i = 0; i < 50 && (await p.pushOnce()).kind !== 'idle'; i++);
  };
  const book = (start: string, seat = 0) =>
    f.allocator.book(
      {
        seatId: f.ids.seatIds[seat] as string,
        memberId: f.newMember(),
        slot: { kind: 'hours', date: TODAY, start, hours: 1 },
        source: 'staff',
      },
      { method: 'cash' },
      system,
      f.clock.now(),
    );
  const cloud = (sql: string, params: unknown[] = []) =>
    t().db.tenant(hub.tenantId, (tx) => tx.query<Record<string, unknown>>(sql, params));
  const count = async (table: string) =>
    Number((await cloud(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [hub.tenantId]))[0]?.n);

  beforeAll(serve);
  afterAll(() => server.close());
  beforeEach(async () => {
    f = await hubFixture();
    hub = await mirrorHubCatalog(t().db, f.db, `push-${kind}-${++n}`);
    token = crypto.randomUUID();
    tokens.set(token, hub);
  });
  afterEach(() => f.close());

  it('delivers bookings made by the hub allocator exactly once', async () => {
    const made = [book('10:00', 0), book('10:00', 1), book('11:00', 0)];
    const outboxed = f.db.prepare('SELECT count(*) AS n FROM outbox').pluck().get() as number;
    const p = pusher();
    await drain(p);
    expect(p.status).toMatchObject({ backlog: 0, parked: 0, lastError: null });
    expect(p.status.lastSuccessAt).not.toBeNull();
    const rows = await cloud('SELECT id, state, rev FROM bookings ORDER BY starts_at, seat_id');
    expect(rows.map((r) => r.id).sort()).toEqual(made.map((b) => b.id).sort());
    for (const b of made) expect(rows.find((r) => r.id === b.id)).toMatchObject({ state: b.state });
    expect(await count('hub_mutations')).toBe(outboxed);
    expect(await count('members')).toBe(3);
  });

  it('backs off with full jitter while the cloud is down and drains when it is back', async () => {
    book('10:00');
    await server.close();
    const delays: number[] = [];
    const p = pusher({
      idleMs: 5,
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length === 3) await serve();
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    p.start();
    for (let i = 0; i < 500 && p.status.backlog > 0; i++) await new Promise((r) => setTimeout(r, 5));
    await p.stop();
    // random() = 0.5 of 500 ms · 2^(n-1), capped at 1 s while nothing answers (ADR 0025)
    expect(delays.slice(0, 3)).toEqual([250, 500, 500]);
    expect(p.status).toMatchObject({ backlog: 0, consecutiveFailures: 0 });
    expect(await count('bookings')).toBe(1);
  });

  it('parks a poisoned mutation with its code and lets the rest flow', async () => {
    f.db.transaction(() => {
      appendOutbox(f.db, 'booking.upsert', 'poison', { id: 'poison', libraryId: hub.libraryId }, 0);
      f.db
        .prepare(
          `INSERT INTO outbox (id, kind, entity_id, payload, created_at) VALUES (?, 'audit.append', 'x', '{nope', 0)`,
        )
        .run(crypto.randomUUID());
    })();
    book('10:00');
    const p = pusher();
    await drain(p);
    expect(p.status).toMatchObject({ backlog: 0, parked: 2 });
    expect(new SqliteOutbox(f.db).parked().map((r) => r.code)).toEqual(['malformed', 'unparseable']);
    expect(await count('bookings')).toBe(1);
    expect(p.retryParked()).toBe(2);
    expect(p.status.backlog).toBe(2);
    await drain(p);
    expect(p.status).toMatchObject({ backlog: 0, parked: 2 });
  });

  it('resumes after a hub restart from where it was', async () => {
    for (const at of ['10:00', '11:00', '12:00']) book(at);
    const total = f.db.prepare('SELECT count(*) AS n FROM outbox').pluck().get() as number;
    expect((await pusher({ batchSize: 2 }).pushOnce()).kind).toBe('pushed');
    f.db.close();
    const reopened = openDb(f.file);
    try {
      const p = new OutboxPusher({ store: new SqliteOutbox(reopened), url: server.url, token, batchSize: 2 });
      expect(p.status.backlog).toBe(total - 2);
      await drain(p);
      expect(p.status.backlog).toBe(0);
    } finally {
      reopened.close();
    }
    expect(await count('hub_mutations')).toBe(total);
    expect(await count('bookings')).toBe(3);
  });

  it('redelivers after a lost response with no second effect', async () => {
    book('10:00');
    let lose = true;
    const p = pusher({
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (lose) {
          lose = false;
          await res.arrayBuffer();
          throw new TypeError('socket hang up');
        }
        return res;
      },
    });
    const first = await p.pushOnce();
    expect(first).toMatchObject({ kind: 'failed', delayMs: 250 });
    const pending = p.status.backlog;
    expect(pending).toBeGreaterThan(0);
    expect(await count('hub_mutations')).toBe(pending);
    await drain(p);
    expect(p.status.backlog).toBe(0);
    expect(await count('hub_mutations')).toBe(pending);
    expect(await count('bookings')).toBe(1);
    expect(await count('payments')).toBe(1);
  });
});
