/**
 * The demo's embedded cloud: PGlite in the data directory, a platform admin, and on first run the
 * demo library's business set up the way a real one is — through the API: the admin opens a
 * tenant and its owner, the owner creates and publishes the library with its zones, seats, shifts
 * and plans. (The hub's own copy comes from its seed until the sync issue pairs them.)
 */
import { defaultPolicy } from '@studyspot/core';
import { loadCloudConfig } from '../../cloud/src/config.ts';
import { type RunningCloud, runCloud } from '../../cloud/src/main.ts';

export const demoCloudLogins = {
  admin: { email: 'admin@studyspot.local', password: 'studyspot-admin' },
  owner: { email: 'owner@gyan.example', password: 'studyspot-owner' },
} as const;

type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

function client(base: string, token?: string): Call {
  return async (method, path, body) => {
    const res = await fetch(`${base}/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  };
}

async function must(reply: ReturnType<Call>, status: number): Promise<Record<string, unknown>> {
  const r = await reply;
  if (r.status !== status)
    throw new Error(`demo cloud setup: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function login(base: string, who: { email: string; password: string }): Promise<Call> {
  const body = await must(client(base)('POST', '/auth/login', who), 200);
  return client(base, String(body.accessToken));
}

export async function startDemoCloud(dataDir: string): Promise<RunningCloud> {
  const env = {
    ...process.env,
    PORT: process.env.CLOUD_PORT ?? '3000',
    ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? demoCloudLogins.admin.email,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? demoCloudLogins.admin.password,
  };
  const config = loadCloudConfig(env, {
    dataDir,
    ...(process.env.LOG_LEVEL ? {} : { logLevel: 'warn' as const }),
  });
  const cloud = await runCloud(config);
  const base = cloud.url.replace('0.0.0.0', '127.0.0.1');
  const admin = await login(base, demoCloudLogins.admin);
  const tenants = await must(admin('GET', '/admin/tenants'), 200);
  if (Array.isArray(tenants.items) && tenants.items.length > 0) return cloud;
  const tenant = await must(admin('POST', '/tenants', { name: 'Gyan Study Libraries', slug: 'gyan' }), 201);
  await must(
    admin('POST', `/tenants/${tenant.id}/owners`, { name: 'Asha Rao', ...demoCloudLogins.owner }),
    201,
  );
  await buildDemoLibrary(await login(base, demoCloudLogins.owner));
  return cloud;
}

const day = (open: string, close: string) => ({ open, close });

async function buildDemoLibrary(owner: Call): Promise<void> {
  const hours = {
    mon: day('06:00', '22:00'),
    tue: day('06:00', '22:00'),
    wed: day('06:00', '22:00'),
    thu: day('06:00', '22:00'),
    fri: day('06:00', '22:00'),
    sat: day('06:00', '22:00'),
    sun: day('08:00', '20:00'),
  };
  const library = await must(
    owner('POST', '/manage/libraries', {
      name: 'Gyan Study Library, Koramangala',
      timezone: 'Asia/Kolkata',
      address: {
        line1: '14, 5th Cross, 6th Block',
        city: 'Bengaluru',
        state: 'Karnataka',
        postalCode: '560095',
        country: 'IN',
      },
      geo: { lat: 12.9352, lng: 77.6245 },
      amenities: ['wifi', 'ac', 'power', 'lockers', 'water', 'cctv'],
      openingHours: hours,
      slotMinutes: 60,
      policy: defaultPolicy,
    }),
    201,
  );
  const base = `/manage/libraries/${library.id}`;
  const hall = await must(owner('POST', `${base}/zones`, { name: 'Silent Hall' }), 201);
  const cabins = await must(owner('POST', `${base}/zones`, { name: 'AC Cabins' }), 201);
  const seats = Array.from({ length: 60 }, (_, i) =>
    i < 40
      ? { number: `A${String(i + 1).padStart(2, '0')}`, zoneId: hall.id, row: Math.floor(i / 8), col: i % 8 }
      : {
          number: `C${String(i - 39).padStart(2, '0')}`,
          zoneId: cabins.id,
          row: 5 + Math.floor((i - 40) / 10),
          col: (i - 40) % 10,
          type: 'cabin',
        },
  );
  await must(owner('PUT', `${base}/seats`, { seats }), 200);
  const morning = await must(
    owner('POST', `${base}/shifts`, { name: 'Morning', start: '06:00', end: '14:00' }),
    201,
  );
  const evening = await must(
    owner('POST', `${base}/shifts`, { name: 'Evening', start: '14:00', end: '22:00' }),
    201,
  );
  const plans = [
    { name: 'Hourly', kind: 'hourly', pricePaise: 4000, taxRateBp: 1800 },
    { name: 'Morning shift', kind: 'shift', shiftId: morning.id, pricePaise: 15000, taxRateBp: 1800 },
    { name: 'Evening shift', kind: 'shift', shiftId: evening.id, pricePaise: 15000, taxRateBp: 1800 },
    { name: 'Day pass', kind: 'day_pass', pricePaise: 25000, taxRateBp: 1800 },
    { name: 'Monthly — full day', kind: 'monthly', pricePaise: 300000, taxRateBp: 1800, durationDays: 30 },
  ];
  for (const plan of plans) await must(owner('POST', `${base}/plans`, plan), 201);
  await must(owner('PATCH', base, { published: true }), 200);
}
