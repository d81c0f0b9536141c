/**
 * bench/sync (issue #5): hub ↔ cloud replication with the real components (sync-rig.ts), on
 * Postgres and on PGlite.
 *
 * (a) freshness — a change committed in the cloud (a plan's price or a seat's status, written as
 *     the API role) until it is visible in the hub's SQLite: p50/p99 over FRESHNESS changes, one
 *     at a time with a random pause, so most find the hub's long-poll held. Goal p99 < 500 ms.
 * (b) catch-up — the line is cut; the hub books BOOKINGS distinct seat-slots over its HTTP API
 *     and the cloud changes one row of each catalog shape; the line comes back: time until the
 *     outbox is empty and every consumed shape has every change of its table (offset ≥ the log's
 *     last lsn for it). Goal < 20 s. Then cloud bookings are compared with the hub's row by row.
 *     Where the catch-up's CPU went (hub process, this process — the cloud app and the line —,
 *     Postgres) per mutation, with the load average and the share of the machine other processes
 *     used: the machine is shared, so a slow run says whether it was us or the neighbours.
 *
 * BENCH_SYNC_RUNS (default 1) repeats both backends, alternating, on fresh rigs, and adds a median
 * row per backend.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { consumedShapes } from '@studyspot/sync/consume';
import { demoLogin } from '../../hub/src/seed.ts';
import { distinctBooking } from '../../test/support/hub-data.ts';
import { meter } from './cloud-api-usage.ts';
import type { Row } from './stats.ts';
import { median, round, summarize } from './stats.ts';
import { type Backend, type Rig, startRig } from './sync-rig.ts';
import { compareBookings } from './sync-verify.ts';

const FRESHNESS = Number(process.env.BENCH_SYNC_CHANGES ?? 250);
const BOOKINGS = Number(process.env.BENCH_SYNC_BOOKINGS ?? 10_000);
const RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 1);
const CLIENTS = 64;
const FRESH_GOAL_MS = 500;
const CATCH_UP_GOAL_S = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; false after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number, everyMs = 1): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

const outboxOf = (rig: Rig) => rig.reader.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
const offsetsOf = (rig: Rig) =>
  new Map(
    (
      rig.reader.prepare('SELECT name, "offset" FROM shape_state').all() as { name: string; offset: string }[]
    ).map((r) => [r.name, BigInt(r.offset.split('_')[0] ?? '0')]),
  );

/** The hub pushed its members and holds every consumed shape. */
async function initialSync(rig: Rig): Promise<void> {
  const ok = await until(
    () => outboxOf(rig) === 0 && offsetsOf(rig).size === consumedShapes.length,
    120_000,
    20,
  );
  if (!ok)
    throw new Error(`initial sync did not finish (outbox ${outboxOf(rig)}, shapes ${offsetsOf(rig).size})`);
}

/** (a): p50/p99 of commit → visible in the hub's SQLite. */
async function freshness(rig: Rig): Promise<Row> {
  const planId = rig.reader.prepare('SELECT id FROM plans ORDER BY id LIMIT 1').pluck().get() as string;
  const seatId = rig.data.seatIds.at(-1) as string;
  const price = rig.reader.prepare('SELECT price_paise FROM plans WHERE id = ?').pluck();
  const status = rig.reader.prepare('SELECT status FROM seats WHERE id = ?').pluck();
  const samples: number[] = [];
  let missed = 0;
  for (let i = 0; i < FRESHNESS; i++) {
    await sleep(5 + Math.random() * 45);
    const plan = i % 2 === 0;
    const want = plan ? 100_000 + i : i % 4 === 1 ? 'out_of_service' : 'active';
    const started = performance.now();
    await rig.db.tenant(rig.tenantId, (tx) =>
      plan
        ? tx.query('UPDATE plans SET price_paise = $2 WHERE id = $1', [planId, want])
        : tx.query('UPDATE seats SET status = $2 WHERE id = $1', [seatId, want]),
    );
    const seen = await until(() => (plan ? price.get(planId) : status.get(seatId)) === want, 10_000);
    if (seen) samples.push(performance.now() - started);
    else missed++;
  }
  await rig.db.tenant(rig.tenantId, (tx) =>
    tx.query(`UPDATE seats SET status = 'active' WHERE id = $1`, [seatId]),
  );
  await until(() => status.get(seatId) === 'active', 10_000);
  const s = summarize(samples);
  return {
    backend: rig.backend,
    changes: s.count,
    missed,
    'p50 ms': round(s.p50),
    'p99 ms': round(s.p99),
    'max ms': round(s.max),
    'goal p99 < 500 ms': s.p99 < FRESH_GOAL_MS && missed === 0 ? 'met' : 'NOT met',
  };
}

/** 10,000 distinct seat-slots over the hub's HTTP API, CLIENTS at a time. */
async function bookOffline(rig: Rig): Promise<{ booked: number; errors: number; seconds: number }> {
  const login = await fetch(`${rig.hub.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demoLogin.username, password: demoLogin.password }),
  });
  const { token } = (await login.json()) as { token: string };
  let next = 0;
  let booked = 0;
  let errors = 0;
  const worker = async () => {
    while (next < BOOKINGS) {
      const k = next++;
      const res = await fetch(`${rig.hub.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(distinctBooking(rig.data, k)),
      });
      if (res.status === 201) booked++;
      else if (errors++ < 3) console.error(`booking ${k}: ${res.status} ${await res.text()}`);
      else await res.arrayBuffer();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  return { booked, errors, seconds: (performance.now() - started) / 1000 };
}

/** One change in every catalog/member table while the hub cannot hear; what the hub must end with. */
const OFFLINE_CHANGES = [
  { table: 'libraries', column: 'name', want: 'Gyan (renamed offline)' },
  { table: 'zones', column: 'description', want: 'changed offline' },
  { table: 'seats', column: 'sensor_id', want: 'sensor-offline' },
  { table: 'shifts', column: 'name', want: 'Shift (offline)' },
  { table: 'plans', column: 'price_paise', want: 777 },
  { table: 'members', column: 'name', want: 'Renamed offline' },
] as const;

async function changeDuringOutage(rig: Rig): Promise<{ sql: string; want: unknown }[]> {
  return rig.db.tenant(rig.tenantId, async (tx) => {
    const out: { sql: string; want: unknown }[] = [];
    for (const c of OFFLINE_CHANGES) {
      const [row] = await tx.query<{ id: string }>(
        `UPDATE ${c.table} SET ${c.column} = $1
          WHERE id = (SELECT id FROM ${c.table} ORDER BY id LIMIT 1) RETURNING id::text`,
        [c.want],
      );
      out.push({ sql: `SELECT ${c.column} FROM ${c.table} WHERE id = '${row?.id}'`, want: c.want });
    }
    return out;
  });
}

/** The last lsn of each consumed shape's table in the tenant's change log. */
async function logEnds(rig: Rig): Promise<Map<string, bigint>> {
  const rows = await rig.db.tenant(rig.tenantId, (tx) =>
    tx.query<{ table_name: string; lsn: string }>(
      'SELECT table_name, max(lsn)::text AS lsn FROM sync_changes WHERE tenant_id = $1 GROUP BY table_name',
      [rig.tenantId],
    ),
  );
  return new Map(rows.map((r) => [r.table_name, BigInt(r.lsn)]));
}

async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** (b): outage, bookings, line back; drained, caught up, and identical. */
async function catchUp(rig: Rig): Promise<{ row: Row; cost: Row; memory: Row }> {
  rig.line.cut();
  const offline = await bookOffline(rig);
  const changed = await changeDuringOutage(rig);
  const ends = await logEnds(rig);
  const backlog = outboxOf(rig);
  // polled every few ms: the outbox's head (an index lookup), not a count of 20,000 rows
  const head = rig.reader.prepare('SELECT min(seq) FROM outbox').pluck();
  const firstSeq = head.get();
  // a shape is caught up when its offset covers the last change of its table (shape name = table)
  const shapesDone = () => {
    const offsets = offsetsOf(rig);
    return consumedShapes.every((s) => (offsets.get(s) ?? -1n) >= (ends.get(s) ?? 0n));
  };
  let firstS = Number.NaN;
  let outboxS = Number.NaN;
  let shapesS = Number.NaN;
  rig.pushes.length = 0;
  const load = loadavg()[0] ?? 0;
  const stop = meter(rig.hub.child.pid ?? 0, rig.postmasterPid);
  const started = performance.now();
  rig.line.heal();
  await until(
    () => {
      const at = (performance.now() - started) / 1000;
      const seq = head.get();
      if (Number.isNaN(firstS) && seq !== firstSeq) firstS = at;
      if (Number.isNaN(outboxS) && seq === null) outboxS = at;
      if (Number.isNaN(shapesS) && shapesDone()) shapesS = at;
      return !Number.isNaN(outboxS) && !Number.isNaN(shapesS);
    },
    300_000,
    10,
  );
  const usage = stop();
  const seconds = Math.max(outboxS, shapesS);
  const perMutation = (ms: number | null) => (ms === null ? '-' : Math.round((1000 * ms) / backlog));
  const cloudMs = summarize(rig.pushes);
  const hubRss = await rssMb(rig.hub.child.pid);
  const seen = changed.filter((c) => rig.reader.prepare(c.sql).pluck().get() === c.want).length;
  const check = await compareBookings(rig);
  return {
    row: {
      backend: rig.backend,
      'booked offline': offline.booked,
      'booking errors': offline.errors,
      'hub bookings/s': Math.round(offline.booked / offline.seconds),
      'outbox at restore': backlog,
      'first push s': round(firstS, 2),
      'outbox empty s': round(outboxS, 2),
      'shapes up to date s': round(shapesS, 2),
      'push mutations/s': Math.round(backlog / (outboxS - firstS)),
      pushes: cloudMs.count,
      'cloud ms/push p50': round(cloudMs.p50),
      'offline changes seen': `${seen}/${changed.length}`,
      'cloud = hub rows': check.cloud === check.hub ? check.cloud : `${check.cloud} vs ${check.hub}`,
      lost: check.lost,
      duplicated: check.duplicated,
      differing: check.differing,
      'goal < 20 s': seconds < CATCH_UP_GOAL_S && check.lost + check.duplicated === 0 ? 'met' : 'NOT met',
    },
    cost: {
      backend: rig.backend,
      'load avg (1 min) at restore': round(load, 2),
      'hub CPU µs/mutation': perMutation(usage.serverMs),
      'cloud + line CPU µs/mutation': perMutation(usage.generatorMs),
      'Postgres CPU µs/mutation': perMutation(usage.dbMs),
      'others % of machine': Math.round(usage.othersPct),
    },
    memory: {
      backend: rig.backend,
      'hub RSS MB': hubRss,
      'cloud (bench process) RSS MB': Math.round(process.memoryUsage().rss / 1024 / 1024),
      'hub outbox rows': backlog,
    },
  };
}

async function runBackend(backend: Backend) {
  const rig = await startRig(backend);
  try {
    await initialSync(rig);
    const fresh = await freshness(rig);
    const { row, cost, memory } = await catchUp(rig);
    return { fresh, row, cost, memory };
  } finally {
    await rig.stop();
  }
}

/** Per backend, the median of every numeric column over its runs; a text column counts its values. */
function medians(rows: Row[]): Row[] {
  const out: Row[] = [];
  for (const backend of new Set(rows.map((r) => r.backend))) {
    const mine = rows.filter((r) => r.backend === backend);
    const tally = (values: unknown[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      return [...counts].map(([v, n]) => (counts.size === 1 ? v : `${v} ×${n}`)).join(', ');
    };
    const row: Row = { backend: `${backend} (median of ${mine.length})` };
    for (const column of Object.keys(mine[0] ?? {})) {
      if (column === 'backend') continue;
      const numbers = mine.map((r) => r[column]).filter((v): v is number => typeof v === 'number');
      row[column] =
        numbers.length === mine.length ? round(median(numbers), 2) : tally(mine.map((r) => r[column]));
    }
    out.push(row);
  }
  return out;
}

export async function sync(): Promise<Record<string, Row[]>> {
  const backends = (process.env.BENCH_SYNC_BACKENDS ?? 'postgres,pglite').split(',') as Backend[];
  const tables: Record<string, Row[]> = { freshness: [], 'catch-up': [], 'catch-up cost': [], memory: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const backend of backends) {
      const { fresh, row, cost, memory } = await runBackend(backend);
      tables.freshness?.push(fresh);
      tables['catch-up']?.push(row);
      tables['catch-up cost']?.push(cost);
      tables.memory?.push(memory);
    }
  }
  if (RUNS > 1)
    for (const name of ['freshness', 'catch-up', 'catch-up cost'])
      tables[name]?.push(...medians(tables[name] ?? []));
  return tables;
}
