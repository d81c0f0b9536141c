/**
 * bench/hub-bookings: durable bookings per second and latency over HTTP against a real hub process
 * with 64 concurrent clients — (a) each booking on a distinct seat-slot, (b) all clients on one hot
 * seat — next to the raw durable SQLite commit rate on the same disk, measured in the same run.
 * After each mode it checks the hub's database for double bookings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@studyspot/core';
import Database from 'better-sqlite3';
import { demoLogin } from '../../hub/src/seed.ts';
import type { HubData } from '../../test/support/hub-data.ts';
import { distinctBooking, prepareHubData } from '../../test/support/hub-data.ts';
import { startHubProcess } from '../../test/support/hub-process.ts';
import type { Row } from './stats.ts';
import { round, summarize } from './stats.ts';

const CLIENTS = 64;
const DISTINCT = 8_000;
const HOT_ROUNDS = 60;
const MEMBERS = 60;

export async function hubBookings(): Promise<Record<string, Row[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hub-'));
  try {
    const raw = rawCommitRate(join(dir, 'raw.db'));
    const data = await prepareHubData(dir, MEMBERS, { advanceDays: 60, maxBookingsPerDay: 48 });
    const hub = await startHubProcess(dir);
    try {
      const client = new Client(hub.url);
      await client.login();
      const distinct = await runDistinct(client, data);
      const hot = await runHot(client, data);
      const rss = await rssOf(hub.child.pid);
      const doubles = doubleBookings(join(dir, 'hub.db'));
      const rows: Row[] = [
        { mode: 'raw durable SQLite commit', ...raw, errors: 0, 'double bookings': '-' },
        { mode: `HTTP distinct seats (${CLIENTS} clients)`, ...distinct, 'double bookings': doubles },
        { mode: `HTTP one hot seat (${CLIENTS} clients)`, ...hot, 'double bookings': doubles },
      ];
      const ratio = Number(distinct['ops/s']) / Number(raw['ops/s']);
      return {
        throughput: rows,
        summary: [
          {
            'distinct/raw ratio': round(ratio, 2),
            'hub RSS MB': rss,
            'hot-seat winners per slot': hot.winnersPerSlot,
          },
        ],
      };
    } finally {
      await hub.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Single-row durable transactions, WAL + synchronous=FULL, as the hub commits a booking. */
function rawCommitRate(file: string): Row {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, seat TEXT, member TEXT, starts INTEGER, ends INTEGER)');
  const insert = db.prepare('INSERT INTO t (seat, member, starts, ends) VALUES (?, ?, ?, ?)');
  const tx = db.transaction((i: number) => insert.run(`s${i % 60}`, `m${i}`, i, i + 1));
  const samples: number[] = [];
  const start = performance.now();
  while (performance.now() - start < 3_000) {
    const t0 = performance.now();
    tx.immediate(samples.length);
    samples.push(performance.now() - t0);
  }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  const s = summarize(samples);
  return {
    ops: s.count,
    'ops/s': Math.round(s.count / seconds),
    'p50 ms': round(s.p50, 2),
    'p99 ms': round(s.p99, 2),
  };
}

class Client {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  readonly #base: URL;
  #token = '';
  constructor(base: string) {
    this.#base = new URL(base);
  }
  async login(): Promise<void> {
    const res = await this.post('/api/v1/auth/login', {
      username: demoLogin.username,
      password: demoLogin.password,
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
    this.#token = JSON.parse(res.body).token;
  }
  post(path: string, body: unknown): Promise<{ status: number; body: string; ms: number }> {
    const payload = JSON.stringify(body);
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.#agent,
          host: this.#base.hostname,
          port: this.#base.port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${this.#token}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

const hourSlot = (date: string, hour: number) => ({
  kind: 'hours',
  date,
  start: `${String(8 + hour).padStart(2, '0')}:00`,
  hours: 1,
});

/** Distinct seat-slots, so no request conflicts with another: the cost of a durable decision. */
async function runDistinct(client: Client, data: HubData): Promise<Row> {
  let next = 0;
  let errors = 0;
  const samples: number[] = [];
  const worker = async () => {
    while (next < DISTINCT) {
      const k = next++;
      const res = await client.post('/api/v1/bookings', distinctBooking(data, k));
      if (res.status === 201) samples.push(res.ms);
      else if (errors++ < 3) console.error(`booking ${k}: ${res.status} ${res.body}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const seconds = (performance.now() - start) / 1000;
  const s = summarize(samples);
  return {
    ops: s.count,
    'ops/s': Math.round(s.count / seconds),
    'p50 ms': round(s.p50, 2),
    'p99 ms': round(s.p99, 2),
    errors,
  };
}

/** Each round, all clients race for the same seat and slot with different members: one must win. */
async function runHot(client: Client, data: HubData) {
  const seat = data.seatIds[0] as string;
  const members = data.memberIds;
  const samples: number[] = [];
  let winners = 0;
  let errors = 0;
  const date = addDays(data.firstDate, 20);
  const start = performance.now();
  for (let round = 0; round < HOT_ROUNDS; round++) {
    const slot = hourSlot(addDays(date, Math.floor(round / 12)), round % 12);
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) =>
        client.post('/api/v1/bookings', {
          seatId: seat,
          memberId: members[c % 60],
          slot,
          payment: { method: 'cash' },
        }),
      ),
    );
    for (const r of results) {
      samples.push(r.ms);
      if (r.status === 201) winners++;
      else if (r.status !== 409) errors++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const s = summarize(samples);
  return {
    ops: s.count,
    'ops/s': Math.round(s.count / seconds),
    'p50 ms': round(s.p50, 2),
    'p99 ms': round(s.p99, 2),
    errors,
    winnersPerSlot: round(winners / HOT_ROUNDS, 2),
  };
}

function doubleBookings(file: string): number {
  const db = new Database(file, { readonly: true });
  const n = db
    .prepare(
      `SELECT count(*) FROM bookings a JOIN bookings b ON a.seat_id = b.seat_id AND a.id < b.id
       WHERE a.state IN ('held','confirmed','checked_in') AND b.state IN ('held','confirmed','checked_in')
         AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`,
    )
    .pluck()
    .get() as number;
  db.close();
  return n;
}

async function rssOf(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
