/**
 * Freshness of the built-in shape server (ADR 0021) on Postgres and PGlite: a held long-poll is
 * answered with a change because the writer's commit NOTIFYs it (migration 440, `Database.listen`)
 * — polling is configured so slow that nothing else could wake it before the test times out.
 * A commit in another tenant does not wake the first tenant's request; a rotation ends a held
 * request with 409; on Postgres the listening connection survives being killed.
 */
import { rotateShape, type ShapeResponse, ShapeServer } from '@studyspot/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../src/http/routes/shapes.fixture.ts';
import { type SeededTenant, seedTenant } from './support/seed.ts';
import { backends, useTestDatabase } from './support/test-databases.ts';

/** Long enough that an answer inside the test timeout can only come from a notification. */
const NEVER = 10 * 60_000;

const scopeOf = (s: SeededTenant) => ({ tenantId: s.tenantId, libraryId: s.libraryId });

/** Live-request params at the end of the seats shape of `s` (handle and offset after a catch-up). */
async function endOf(server: ShapeServer, s: SeededTenant): Promise<URLSearchParams> {
  const snapshot = await server.handle({
    name: 'seats',
    scope: scopeOf(s),
    params: new URLSearchParams({ offset: '-1' }),
  });
  const handle = snapshot.headers['electric-handle'] as string;
  const now = await server.handle({
    name: 'seats',
    scope: scopeOf(s),
    params: new URLSearchParams({ offset: 'now', handle }),
  });
  return new URLSearchParams({ offset: now.headers['electric-offset'] as string, handle, live: 'true' });
}

/** A live request of `s`'s seats from its current end; `state.answer` is set once it resolves. */
async function hold(server: ShapeServer, s: SeededTenant, signal?: AbortSignal) {
  const params = await endOf(server, s);
  const state: { answer: ShapeResponse | null } = { answer: null };
  const promise = server
    .handle({ name: 'seats', scope: scopeOf(s), params, ...(signal ? { signal } : {}) })
    .then((answer) => {
      state.answer = answer;
      return answer;
    });
  return { state, promise };
}

const changedNumbers = (answer: ShapeResponse) =>
  (answer.body as { value?: { number?: string } }[]).flatMap((m) => (m.value ? [m.value.number] : []));

describe.each(backends)('shape freshness on %s', (kind) => {
  const t = useTestDatabase(kind);
  let server: ShapeServer;
  let a: SeededTenant;
  let b: SeededTenant;

  beforeAll(async () => {
    a = await seedTenant(t().db, `fresh-a-${kind}`);
    b = await seedTenant(t().db, `fresh-b-${kind}`);
    server = new ShapeServer({ db: t().db, longPollMs: NEVER, pollMs: NEVER, listeningPollMs: NEVER });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a held long-poll with the committed change, and only the tenant it concerns', async () => {
    const other = new AbortController();
    const heldB = await hold(server, b, other.signal);
    const heldA = await hold(server, a);
    await eventually(() => expect(server.watcher.waiting).toBe(2), 10_000);
    await t().db.tenant(a.tenantId, (tx) =>
      tx.query(`UPDATE seats SET status = 'out_of_service' WHERE id = $1`, [a.seatId]),
    );
    const answer = await heldA.promise;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      expect.objectContaining({
        value: { tenant_id: a.tenantId, id: a.seatId, status: 'out_of_service' },
        headers: expect.objectContaining({ operation: 'update' }),
      }),
      { headers: { control: 'up-to-date', global_last_seen_lsn: expect.any(String) } },
    ]);
    // tenant b's request was not woken for a's commit: it is still held
    expect(heldB.state.answer).toBeNull();
    expect(server.watcher.waiting).toBe(1);
    other.abort();
    await heldB.promise;
  });

  it('a rolled-back write wakes nobody; the next commit does', async () => {
    const held = await hold(server, a);
    await eventually(() => expect(server.watcher.waiting).toBe(1), 10_000);
    await expect(
      t().db.tenant(a.tenantId, async (tx) => {
        await tx.query(`UPDATE seats SET number = 'ROLLED' WHERE id = $1`, [a.seatId]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await t().db.tenant(a.tenantId, (tx) =>
      tx.query(`UPDATE seats SET number = 'B7' WHERE id = $1`, [a.seatId]),
    );
    const answer = await held.promise;
    expect(changedNumbers(answer)).toEqual(['B7']);
  });

  it('ends a held request with 409 when the shape is rotated', async () => {
    const held = await hold(server, a);
    await eventually(() => expect(server.watcher.waiting).toBe(1), 10_000);
    await t().db.tenant(a.tenantId, (tx) => rotateShape(tx, 'seats', scopeOf(a)));
    expect((await held.promise).status).toBe(409);
  });
});

describe('shape freshness on postgres, listener lost', () => {
  const t = useTestDatabase('postgres');
  let server: ShapeServer;
  let a: SeededTenant;

  beforeAll(async () => {
    a = await seedTenant(t().db, 'fresh-lost');
    server = new ShapeServer({ db: t().db, longPollMs: NEVER, pollMs: NEVER, listeningPollMs: NEVER });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps hearing after its listening connection is killed', async () => {
    const url = t().url as string;
    const held = await hold(server, a);
    await eventually(() => expect(server.watcher.waiting).toBe(1), 10_000);
    const first = await listenerPid(url, null);
    await withClient(url, (admin) => admin.query('SELECT pg_terminate_backend($1)', [first]));
    // the listener reconnects (and wakes everyone once, in case it missed something)
    await listenerPid(url, first);
    await t().db.tenant(a.tenantId, (tx) =>
      tx.query(`UPDATE seats SET number = 'C3' WHERE id = $1`, [a.seatId]),
    );
    expect(changedNumbers(await held.promise)).toEqual(['C3']);
  });
});

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The pid of the database's idle LISTENing session other than `not` (waits for one, bounded). */
function listenerPid(url: string, not: number | null): Promise<number> {
  return withClient(url, async (probe) => {
    for (let i = 0; i < 200; i++) {
      const { rows } = await probe.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%' AND state = 'idle' AND pid <> $1`,
        [not ?? 0],
      );
      if (rows.length === 1 && rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no listening session within 10 s');
  });
}
