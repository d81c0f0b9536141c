/**
 * Test helpers for the catalog API (not a test itself): a JSON client over `app.request`, tenants
 * and student accounts written through platform transactions (as sign-up and the admin do), and a
 * whole library built through the owner API: zone, seats, shift, plans, published.
 */
import { defaultPolicy } from '@studyspot/core';
import type { Database } from '../db/types.ts';
import type { createCloudApp } from '../http/app.ts';

type App = ReturnType<typeof createCloudApp>;

/** Replies are read field by field in tests; a schema per assertion would only repeat the API's. */
// biome-ignore lint/suspicious/noExplicitAny: test replies are JSON read field by field (see above)
type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export type Call = <T = Json>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Reply<T>>;

/** A JSON client for `app` with the given Authorization header (or none). */
export function clientFor(app: App, auth: { authorization: string } | null): Call {
  return async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...auth, ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const res = await app.request(`/v1${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
}

export async function createTenant(db: Database, slug: string): Promise<string> {
  const [row] = await db.platform((tx) =>
    tx.query<{ id: string }>('INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id', [
      `Tenant ${slug}`,
      slug,
    ]),
  );
  if (!row) throw new Error('no tenant');
  return row.id;
}

export async function createStudent(db: Database, phone: string, name = 'Student'): Promise<string> {
  const [row] = await db.platform((tx) =>
    tx.query<{ id: string }>(
      `INSERT INTO users (role, phone, name) VALUES ('student', $1, $2) RETURNING id`,
      [phone, name],
    ),
  );
  if (!row) throw new Error('no user');
  return row.id;
}

const day = { open: '08:00', close: '22:00' };
export const weekHours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: null };

export const libraryBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Pune Reading Room',
  timezone: 'Asia/Kolkata',
  address: { line1: '12 MG Road', city: 'Pune', state: 'MH', postalCode: '411001', country: 'IN' },
  geo: { lat: 18.52, lng: 73.85 },
  amenities: ['wifi', 'ac'],
  openingHours: weekHours,
  slotMinutes: 30,
  policy: defaultPolicy,
  ...overrides,
});

export interface BuiltLibrary {
  id: string;
  zoneId: string;
  seatIds: string[];
  shiftId: string;
  planIds: string[];
}

/** A published library with one zone, `seats` seats, a morning shift and hourly + shift plans. */
export async function buildLibrary(
  owner: Call,
  overrides: Record<string, unknown> = {},
  options: { seats?: number; hourlyPaise?: number } = {},
): Promise<BuiltLibrary> {
  const must = async (reply: Promise<Reply>, status: number) => {
    const r = await reply;
    if (r.status !== status)
      throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const library = await must(owner('POST', '/manage/libraries', libraryBody(overrides)), 201);
  const base = `/manage/libraries/${library.id}`;
  const zone = await must(owner('POST', `${base}/zones`, { name: 'Quiet' }), 201);
  const seats = Array.from({ length: options.seats ?? 3 }, (_, i) => ({
    number: `A${i + 1}`,
    zoneId: zone.id,
    row: 0,
    col: i,
  }));
  const placed = await must(owner('PUT', `${base}/seats`, { seats }), 200);
  const shift = await must(
    owner('POST', `${base}/shifts`, { name: 'Morning', start: '08:00', end: '14:00' }),
    201,
  );
  const hourly = await must(
    owner('POST', `${base}/plans`, {
      name: 'Hourly',
      kind: 'hourly',
      pricePaise: options.hourlyPaise ?? 5000,
      taxRateBp: 1800,
    }),
    201,
  );
  const perShift = await must(
    owner('POST', `${base}/plans`, {
      name: 'Morning',
      kind: 'shift',
      shiftId: shift.id,
      pricePaise: 20000,
      taxRateBp: 1800,
    }),
    201,
  );
  await must(owner('PATCH', base, { published: true }), 200);
  return {
    id: library.id,
    zoneId: zone.id,
    seatIds: placed.items.map((s: { id: string }) => s.id),
    shiftId: shift.id,
    planIds: [hourly.id, perShift.id],
  };
}
