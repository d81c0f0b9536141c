/**
 * The stack the owner/admin portal test drives, as `npm start` runs the cloud but on a loopback
 * port and a temp dir: the real cloud (`runCloud`: PGlite, identity, billing with the cash
 * provider, the notification worker writing to the local outbox) serving the built portal at
 * /admin/, a platform admin, a tenant with its owner, and the owner's first library set up through
 * the API with three weeks of history — members and past bookings written into the cloud's mirror
 * the way the hub's pushes leave them, and membership sales recorded in cash through billing (so
 * payments and invoices are real). A hub can be paired and started later (`startHub`) on its own
 * loopback ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Call, client, must, signIn } from '@studyspot/firmware-sim';
import pino from 'pino';
import { ensureAppsBuilt } from '../../apps/build.ts';
import { loadCloudConfig } from '../../cloud/src/config.ts';
import { type RunningCloud, runCloud } from '../../cloud/src/main.ts';
import { HubConfig } from '../../hub/src/config.ts';
import { type RunningHub, runHub } from '../../hub/src/main.ts';
import { pairHub } from '../../hub/src/pairing/pair.ts';
import { freePort } from '../support/hub-process.ts';

export const logins = {
  admin: { email: 'admin@studyspot.local', password: 'studyspot-admin' },
  owner: { email: 'owner@gyan.example', password: 'studyspot-owner' },
} as const;

const lifted = { limit: 1_000_000, windowMs: 60_000 };

export { type Call, client };

/** YYYY-MM-DD of the day `daysAgo` before today in India. */
export function istDate(daysAgo: number): string {
  const now = Date.now() + 5.5 * 3_600_000 - daysAgo * 86_400_000;
  return new Date(now).toISOString().slice(0, 10);
}

export interface PortalStack {
  url: string;
  cloud: RunningCloud;
  owner: Call;
  admin: Call;
  gyan: { libraryId: string; planIds: string[] };
  /** Pairs a new hub with `code` (once) and starts it; `restart` starts it again on the same data. */
  startHub(code?: string): Promise<RunningHub>;
  stop(): Promise<void>;
}

export async function startPortalStack(): Promise<PortalStack> {
  await ensureAppsBuilt(['portal']);
  const dir = mkdtempSync(join(tmpdir(), 'e2e-portal-'));
  const config = loadCloudConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'cloud'),
      logLevel: 'silent',
      adminEmail: logins.admin.email,
      adminPassword: logins.admin.password,
    },
  );
  const cloud = await runCloud(config, {
    env: {},
    workerIntervalMs: 200,
    deps: { rateLimits: { general: lifted, auth: lifted, booking: lifted } },
  });
  const url = cloud.url;
  const admin = await signIn(url, logins.admin);
  const tenant = await must(admin('POST', '/tenants', { name: 'Gyan Study Libraries', slug: 'gyan' }), 201);
  await must(admin('POST', `/tenants/${tenant.id}/owners`, { name: 'Asha Rao', ...logins.owner }), 201);
  const owner = await signIn(url, logins.owner);
  const gyan = await buildGyan(owner);
  await seedHistory(cloud, owner, gyan);

  let hub: RunningHub | null = null;
  const hubDir = join(dir, 'hub');
  const ports = { http: await freePort(), mqtt: await freePort() };
  return {
    url,
    cloud,
    owner,
    admin,
    gyan,
    async startHub(code) {
      if (code) await pairHub({ cloudUrl: url, code, dataDir: hubDir, name: 'Front desk' });
      await hub?.stop();
      const hubConfig = HubConfig.parse({
        dataDir: hubDir,
        http: { host: '127.0.0.1', port: ports.http },
        mqtt: { host: '127.0.0.1', port: ports.mqtt },
        logLevel: 'silent',
      });
      hub = await runHub(hubConfig, { logger: pino({ level: 'silent' }) });
      return hub;
    },
    async stop() {
      await hub?.stop();
      cloud.server.server.closeAllConnections();
      await cloud.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const day = (open: string, close: string) => ({ open, close });

/** The owner's first library, built as the demo builds it: zones, 40 seats, shifts, plans, published. */
async function buildGyan(owner: Call): Promise<PortalStack['gyan']> {
  const hours = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, day('06:00', '22:00')]),
  );
  const library = await must(
    owner('POST', '/manage/libraries', {
      name: 'Gyan Study Library, Koramangala',
      timezone: 'Asia/Kolkata',
      address: {
        line1: '14, 5th Cross',
        city: 'Bengaluru',
        state: 'Karnataka',
        postalCode: '560095',
        country: 'IN',
      },
      geo: { lat: 12.9352, lng: 77.6245 },
      amenities: ['wifi', 'ac', 'power'],
      openingHours: hours,
      slotMinutes: 60,
    }),
    201,
  );
  const base = `/manage/libraries/${library.id}`;
  const hall = await must(owner('POST', `${base}/zones`, { name: 'Silent Hall' }), 201);
  const seats = Array.from({ length: 40 }, (_, i) => ({
    number: `A${String(i + 1).padStart(2, '0')}`,
    zoneId: hall.id,
    row: Math.floor(i / 8),
    col: i % 8,
  }));
  await must(owner('PUT', `${base}/seats`, { seats }), 200);
  const morning = await must(
    owner('POST', `${base}/shifts`, { name: 'Morning', start: '06:00', end: '14:00' }),
    201,
  );
  const plans = [
    { name: 'Monthly — full day', kind: 'monthly', pricePaise: 300000, taxRateBp: 1800, durationDays: 30 },
    {
      name: 'Monthly — mornings',
      kind: 'monthly',
      shiftId: morning.id,
      pricePaise: 180000,
      taxRateBp: 1800,
      durationDays: 30,
    },
  ];
  const planIds: string[] = [];
  for (const plan of plans) planIds.push(String((await must(owner('POST', `${base}/plans`, plan), 201)).id));
  await must(owner('PATCH', base, { published: true }), 200);
  return { libraryId: String(library.id), planIds };
}

const people = [
  ['Priya Sharma', '+919810000001'],
  ['Rahul Verma', '+919810000002'],
  ['अनीता देवी', '+919810000003'],
  ['Mohammed Irfan', '+919810000004'],
  ['Kavya Nair', '+919810000005'],
  ['Sandeep Gill', '+919810000006'],
] as const;

/** A small deterministic generator, so every run draws the same history. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

/** Start hours as people come: a morning rush, a lull after lunch, an evening peak. */
const STARTS = [6, 7, 7, 8, 8, 8, 9, 9, 10, 11, 13, 14, 15, 16, 16, 17, 17, 17, 18, 18, 19];

/** Three weeks of bookings: 30 a day of 2–4 hours; more no-shows on Mondays and Saturdays. */
function history(seats: string[], members: string[]) {
  const random = lcg(42);
  const rows = [];
  for (let d = 1; d <= 21; d++) {
    const weekday = new Date(`${istDate(d)}T12:00:00Z`).getUTCDay();
    const noShowChance = weekday === 1 || weekday === 6 ? 0.3 : 0.08;
    for (let k = 0; k < 30; k++) {
      const hour = STARTS[Math.floor(random() * STARTS.length)] as number;
      const start = `${istDate(d)}T${String(hour).padStart(2, '0')}:00:00+05:30`;
      rows.push({
        seat: seats[(d * 7 + k) % seats.length],
        member: members[k % members.length],
        start,
        hours: Math.min(22 - hour, 2 + Math.floor(random() * 3)),
        state: random() < noShowChance ? 'no_show' : 'completed',
      });
    }
  }
  return rows;
}

/**
 * Three weeks of the library's past: members and bookings in the cloud's mirror (as the hub's
 * pushes leave them: completed, some no-shows), and membership sales recorded in cash today.
 */
async function seedHistory(cloud: RunningCloud, owner: Call, gyan: PortalStack['gyan']): Promise<void> {
  const members = await cloud.db.platform(async (tx) => {
    const [lib] = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM libraries WHERE id = $1', [
      gyan.libraryId,
    ]);
    const tenantId = lib?.tenant_id;
    const seats = await tx.query<{ id: string }>(
      'SELECT id FROM seats WHERE library_id = $1 ORDER BY number',
      [gyan.libraryId],
    );
    const ids: string[] = [];
    for (const [name, phone] of people) {
      const [m] = await tx.query<{ id: string }>(
        'INSERT INTO members (tenant_id, library_id, name, phone) VALUES ($1, $2, $3, $4) RETURNING id',
        [tenantId, gyan.libraryId, name, phone],
      );
      ids.push(m?.id as string);
    }
    await tx.query(
      `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source, checked_in_at)
       SELECT $1, gen_random_uuid(), $2, b.seat, b.member, b.start, b.start + b.hours * interval '1 hour', b.state,
              'kiosk', CASE WHEN b.state = 'completed' THEN b.start END
         FROM jsonb_to_recordset($3::jsonb) AS b(seat uuid, member uuid, start timestamptz, hours int, state text)`,
      [
        tenantId,
        gyan.libraryId,
        JSON.stringify(
          history(
            seats.map((r) => r.id),
            ids,
          ),
        ),
      ],
    );
    return ids;
  });
  for (const [i, memberId] of members.slice(0, 3).entries()) {
    const planId = gyan.planIds[i % gyan.planIds.length];
    await must(
      owner('POST', '/payments/cash', {
        libraryId: gyan.libraryId,
        purpose: 'membership',
        targetId: planId,
        memberId,
      }),
      201,
    );
  }
}
