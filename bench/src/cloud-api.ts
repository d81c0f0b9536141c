/**
 * bench/cloud-api: p50/p99 of library search and of booking-request creation with 100 concurrent
 * clients, against a cloud server in a child process (so the load generator never shares its
 * event loop), on embedded PGlite and on a throwaway PostgreSQL cluster in the same run, each
 * seeded with 200 published libraries across 20 tenants. Goals (issue #4, on Postgres): search
 * p99 < 50 ms, booking request p99 < 50 ms (the seed's budgets: 300 ms and 500 ms).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addDays, instantToLocal } from '@studyspot/core';
import { startPostgres } from '../../cloud/test/support/postgres-cluster.ts';
import type { Row } from './stats.ts';
import { round, summarize } from './stats.ts';

const CLIENTS = 100;
const SEARCHES = 4_000;
const REQUESTS = 3_000;
const GOAL_MS = 50;

interface Seeded {
  url: string;
  libraries: { libraryId: string; zoneIds: string[] }[];
  studentIds: string[];
}

interface Child {
  seeded: Seeded;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'cloud-api-server.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cloud child exited with ${code}`)));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    await exited;
  };
  return { seeded: JSON.parse(line) as Seeded, child, stop };
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function call(base: string, method: string, path: string, body?: unknown, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (data) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer student:${token}`;
    const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Runs `total` operations over `clients` concurrent loops; latency of each in ms. */
async function load(total: number, op: (i: number) => Promise<number>, ok: number, clients = CLIENTS) {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const status = await op(i);
        samples.push(performance.now() - t0);
        if (status !== ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const s = summarize(samples);
  return {
    'ops/s': Math.round(total / seconds),
    'p50 ms': round(s.p50),
    'p99 ms': round(s.p99),
    'max ms': round(s.max),
    errors,
  };
}

const QUERIES = [
  'q=Saraswati',
  'q=gyan study',
  'q=Vidy',
  'lat=18.55&lng=73.85&radiusKm=10',
  'amenities=wifi,ac',
  'maxPricePaise=4000&openNow=true',
  'q=centre&lat=18.5&lng=73.8&radiusKm=30&amenities=wifi',
];

async function measure(seeded: Seeded, clients: number, offset: number) {
  const base = seeded.url;
  const total = (n: number) => (clients === 1 ? 300 : n);
  for (let i = 0; i < 200; i++)
    await call(base, 'GET', `/v1/libraries/search?${QUERIES[i % QUERIES.length]}`);
  const search = await load(
    total(SEARCHES),
    (i) => call(base, 'GET', `/v1/libraries/search?${QUERIES[i % QUERIES.length]}`),
    200,
    clients,
  );
  const tomorrow = addDays(instantToLocal(Date.now(), 'Asia/Kolkata').date, 1);
  const booking = await load(
    total(REQUESTS),
    (n) => {
      const i = n + offset;
      const lib = seeded.libraries[(i * 7919) % seeded.libraries.length] as Seeded['libraries'][number];
      const student = seeded.studentIds[i % seeded.studentIds.length];
      const start = `${String(6 + (i % 15)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
      const slot = { kind: 'hours', date: tomorrow, start, hours: 1 + (i % 2) };
      return call(
        base,
        'POST',
        '/v1/booking-requests',
        { libraryId: lib.libraryId, zoneId: lib.zoneIds[i % 2], slot },
        student,
      );
    },
    201,
    clients,
  );
  return { search, booking };
}

const verdict = (p99: number) => (p99 < GOAL_MS ? 'met' : 'missed');

export async function cloudApi(): Promise<Record<string, Row[]>> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-cloud-'));
  const cluster = await startPostgres();
  try {
    const url = await cluster.createDatabase();
    const backends: [string, Record<string, string>][] = [
      ['pglite', { BENCH_DATA_DIR: dir }],
      [
        'postgres',
        { DATABASE_URL: cluster.appUrl(url), DATABASE_MIGRATION_URL: url, DATABASE_POOL_SIZE: '20' },
      ],
    ];
    for (const [backend, env] of backends) {
      const child = await startChild(env);
      try {
        for (const [clients, offset] of [
          [1, 100_000],
          [CLIENTS, 0],
        ] as const) {
          const { search, booking } = await measure(child.seeded, clients, offset);
          const goal =
            clients === 1 ? 'unloaded cost' : backend === 'postgres' ? 'p99 < 50 ms: ' : 'Postgres goal: ';
          const mark = (p99: number) => (clients === 1 ? goal : goal + verdict(p99));
          rows.push({
            backend,
            operation: `search (${clients} clients)`,
            ...search,
            goal: mark(search['p99 ms']),
          });
          rows.push({
            backend,
            operation: `booking request (${clients} clients)`,
            ...booking,
            goal: mark(booking['p99 ms']),
          });
        }
      } finally {
        await child.stop();
      }
    }
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
  }
  return { latency: rows };
}
