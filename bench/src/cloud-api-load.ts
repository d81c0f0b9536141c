/**
 * The load side of bench/cloud-api: a keep-alive HTTP client, a closed-loop driver (N clients,
 * each sends its next request when the last one answered — so at 100 clients the mean latency is
 * 100 / throughput, Little's law) and the three operations measured:
 *
 * - `search`: seven fixed queries in rotation (text, trigram prefix, distance, amenities, price +
 *   open now, a combination) — what many students typing the same popular searches look like;
 * - `search, distinct points`: a distance search from a new point every time, so no two requests
 *   are alike and a result cache cannot help — the database path's own cost;
 * - `booking request`: a student asks for an hour or two tomorrow in one of the libraries' zones.
 *
 * Connections are not opened ahead: the first 100-client phase (search) includes 99 new
 * keep-alive connections, which a saturated Node server accepts one per event-loop turn (ADR 0017).
 */
import { Agent, request } from 'node:http';
import { addDays, instantToLocal } from '@studyspot/core';
import { round, summarize } from './stats.ts';

export interface Seeded {
  url: string;
  libraries: { libraryId: string; zoneIds: string[] }[];
  studentIds: string[];
}

export const operations = ['search', 'search, distinct points', 'booking request'] as const;
export type Operation = (typeof operations)[number];

const agent = new Agent({ keepAlive: true, maxSockets: 200 });

export const closeAgent = () => agent.destroy();

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

const QUERIES = [
  'q=Saraswati',
  'q=gyan study',
  'q=Vidy',
  'lat=18.55&lng=73.85&radiusKm=10',
  'amenities=wifi,ac',
  'maxPricePaise=4000&openNow=true',
  'q=centre&lat=18.5&lng=73.8&radiusKm=30&amenities=wifi',
];

const search = (base: string, i: number) =>
  call(base, 'GET', `/v1/libraries/search?${QUERIES[i % QUERIES.length]}`);

/** 997 and 991 are coprime, so (lat, lng) repeats only after ~988,000 requests. */
const distinctSearch = (base: string, i: number) => {
  const lat = (18.4 + (i % 997) / 2500).toFixed(5);
  const lng = (73.7 + ((i * 7) % 991) / 2500).toFixed(5);
  return call(base, 'GET', `/v1/libraries/search?lat=${lat}&lng=${lng}&radiusKm=8`);
};

function bookingRequest(seeded: Seeded, i: number) {
  const tomorrow = addDays(instantToLocal(Date.now(), 'Asia/Kolkata').date, 1);
  const lib = seeded.libraries[(i * 7919) % seeded.libraries.length] as Seeded['libraries'][number];
  const student = seeded.studentIds[i % seeded.studentIds.length];
  const start = `${String(6 + (i % 15)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
  const slot = { kind: 'hours', date: tomorrow, start, hours: 1 + (i % 2) };
  const body = { libraryId: lib.libraryId, zoneId: lib.zoneIds[i % 2], slot };
  return call(seeded.url, 'POST', '/v1/booking-requests', body, student);
}

/** The request of `operation` number `i` and the status that counts as success. */
export function requestOf(seeded: Seeded, operation: Operation): [(i: number) => Promise<number>, number] {
  switch (operation) {
    case 'search':
      return [(i) => search(seeded.url, i), 200];
    case 'search, distinct points':
      return [(i) => distinctSearch(seeded.url, i), 200];
    case 'booking request':
      return [(i) => bookingRequest(seeded, i), 201];
  }
}

export async function warmUp(seeded: Seeded): Promise<void> {
  for (let i = 0; i < 200; i++) await search(seeded.url, i);
}

export interface Latency {
  'ops/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'max ms': number;
  errors: number;
}

/** Runs `total` requests over `clients` concurrent closed loops, numbered from `offset`. */
export async function load(
  total: number,
  clients: number,
  offset: number,
  op: (i: number) => Promise<number>,
  ok: number,
): Promise<Latency> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = offset + next++;
        const t0 = performance.now();
        const status = await op(i).catch(() => 0);
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
