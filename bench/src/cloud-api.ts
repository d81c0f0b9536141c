/**
 * bench/cloud-api: p50/p99 of library search and of booking-request creation at 1 and 100
 * concurrent clients, against a cloud server in a child process (so the load generator never
 * shares its event loop), on embedded PGlite and on a throwaway PostgreSQL cluster in the same
 * run, each seeded with 200 published libraries across 20 tenants. Goals (issue #4, on Postgres):
 * search p99 < 50 ms, booking request p99 < 50 ms (the seed's budgets: 300 ms and 500 ms).
 *
 * The machine is shared, so the whole measurement repeats CLOUD_BENCH_RUNS times (default 3,
 * backends alternating, a fresh server and database each time) and the tables show medians, every
 * run's p99, and how much CPU went where (cloud-api-usage.ts) — including other people's.
 * BENCH_BACKENDS=postgres (or pglite) runs one backend; BENCH_CPU_PROF=<dir> writes a V8 CPU
 * profile of each cloud server there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { startPostgres } from '../../cloud/test/support/postgres-cluster.ts';
import {
  closeAgent,
  type Latency,
  load,
  type Operation,
  operations,
  requestOf,
  type Seeded,
  warmUp,
} from './cloud-api-load.ts';
import { meter, peakRssMb, type Usage } from './cloud-api-usage.ts';
import type { Row } from './stats.ts';
import { median, round } from './stats.ts';

const CLIENTS = 100;
const GOAL_MS = 50;
const RUNS = Math.max(1, Number(process.env.CLOUD_BENCH_RUNS ?? 3));
/** Requests per operation at 1 client and at CLIENTS clients. */
const TOTALS: Record<Operation, [number, number]> = {
  search: [300, 4_000],
  'search, distinct points': [300, 2_000],
  'booking request': [300, 3_000],
};

type Backend = 'pglite' | 'postgres';

interface Measurement extends Latency {
  usage: Usage;
  rssMb: number;
}

/** One run's measurements, keyed `backend|operation|clients`. */
type RunResult = Map<string, Measurement>;

const profileArgs = () => {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
};

async function startChild(env: Record<string, string>): Promise<{ seeded: Seeded; child: ChildProcess }> {
  const server = join(import.meta.dirname, 'cloud-api-server.ts');
  const child = spawn(process.execPath, [...profileArgs(), '--import', 'tsx', server], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cloud child exited with ${code}`)));
  });
  return { seeded: JSON.parse(line) as Seeded, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.end();
  await exited;
}

/** The postmaster's pid, from postmaster.pid in the cluster's data directory. */
async function postmasterPid(superuserUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    const dir = rows[0]?.data_directory ?? '';
    return Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } finally {
    await client.end();
  }
}

async function measureBackend(
  backend: Backend,
  env: Record<string, string>,
  dbPid: number | null,
  into: RunResult,
): Promise<void> {
  const { seeded, child } = await startChild(env);
  try {
    const pid = child.pid as number;
    await warmUp(seeded);
    for (const [phase, clients] of [1, CLIENTS].entries()) {
      for (const operation of operations) {
        const [op, ok] = requestOf(seeded, operation);
        const stop = meter(pid, dbPid);
        const total = TOTALS[operation][phase] as number;
        const latency = await load(total, clients, phase * 1_000_000, op, ok);
        const usage = stop();
        into.set(`${backend}|${operation}|${clients}`, { ...latency, usage, rssMb: peakRssMb(pid) });
      }
    }
  } finally {
    await stopChild(child);
  }
}

async function oneRun(cluster: Awaited<ReturnType<typeof startPostgres>>, only: string[] | null) {
  const result: RunResult = new Map();
  const dir = mkdtempSync(join(tmpdir(), 'bench-cloud-'));
  try {
    if (!only || only.includes('pglite'))
      await measureBackend('pglite', { BENCH_DATA_DIR: dir }, null, result);
    if (!only || only.includes('postgres')) {
      const url = await cluster.createDatabase();
      const env = { DATABASE_URL: cluster.appUrl(url), DATABASE_MIGRATION_URL: url };
      await measureBackend('postgres', env, await postmasterPid(cluster.url()), result);
      await cluster.dropDatabase(url);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

function goalOf(backend: string, clients: number, p99: number): string {
  if (clients === 1) return 'unloaded cost';
  const verdict = p99 < GOAL_MS ? 'met' : 'missed';
  return backend === 'postgres' ? `p99 < ${GOAL_MS} ms: ${verdict}` : `(Postgres goal: ${verdict})`;
}

/** Medians over the runs, one latency row and one cost row per backend × operation × clients. */
function tables(runs: RunResult[]): Record<string, Row[]> {
  const latency: Row[] = [];
  const cost: Row[] = [];
  for (const key of runs[0]?.keys() ?? []) {
    const all = runs.map((r) => r.get(key)).filter((m): m is Measurement => m !== undefined);
    const [backend = '', operation = '', clientsText = ''] = key.split('|');
    const clients = Number(clientsText);
    const med = (pick: (m: Measurement) => number, digits = 1) => round(median(all.map(pick)), digits);
    const p99 = med((m) => m['p99 ms']);
    const id = { backend, operation, clients };
    latency.push({
      ...id,
      'ops/s': med((m) => m['ops/s'], 0),
      'p50 ms': med((m) => m['p50 ms']),
      'p99 ms': p99,
      'p99 each run': all.map((m) => m['p99 ms']).join(' / '),
      'max ms': med((m) => m['max ms']),
      errors: all.reduce((sum, m) => sum + m.errors, 0),
      goal: goalOf(backend, clients, p99),
    });
    cost.push({
      ...id,
      'server CPU ms/op': med((m) => m.usage.serverMs / totalOf(operation, clients), 2),
      'Postgres CPU ms/op':
        backend === 'postgres' ? med((m) => (m.usage.dbMs ?? 0) / totalOf(operation, clients), 2) : '-',
      'bench client CPU ms/op': med((m) => m.usage.generatorMs / totalOf(operation, clients), 2),
      'others % of machine': med((m) => m.usage.othersPct, 0),
      'server peak RSS MB': med((m) => m.rssMb, 0),
    });
  }
  return { latency, cost };
}

const totalOf = (operation: string, clients: number) =>
  TOTALS[operation as Operation][clients === 1 ? 0 : 1] as number;

export async function cloudApi(): Promise<Record<string, Row[]>> {
  const only = process.env.BENCH_BACKENDS?.split(',') ?? null;
  const cluster = await startPostgres();
  const runs: RunResult[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      if (RUNS > 1) console.error(`  run ${run + 1} of ${RUNS}`);
      runs.push(await oneRun(cluster, only));
    }
  } finally {
    await cluster.stop();
    closeAgent();
  }
  return tables(runs);
}
