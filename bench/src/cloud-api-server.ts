/**
 * The child process of bench/cloud-api: a cloud server on PGlite (BENCH_DATA_DIR) or Postgres
 * (DATABASE_URL + DATABASE_MIGRATION_URL), migrated and seeded with BENCH_LIBRARIES published
 * libraries across tenants and BENCH_STUDENTS student accounts, rate limits lifted, bench-only
 * bearer tokens `student:<uuid>`. Prints one JSON line (url and ids) when it listens.
 */
import { availableParallelism } from 'node:os';
import { pino } from 'pino';
import { openDatabase } from '../../cloud/src/db/open-database.ts';
import type { Database, Tx } from '../../cloud/src/db/types.ts';
import { createCloudApp } from '../../cloud/src/http/app.ts';
import { startCloudServer } from '../../cloud/src/http/server.ts';

const LIBRARIES = Number(process.env.BENCH_LIBRARIES ?? 200);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const TENANTS = 20;
const AMENITIES = ['wifi', 'ac', 'power', 'locker', 'cafe', 'parking'];
const WORDS = [
  'Saraswati',
  'Gyan',
  'Vidya',
  'Pragati',
  'Shanti',
  'Lakshya',
  'Akshar',
  'Disha',
  'Udaan',
  'Kiran',
];
const hours = { open: '06:00', close: '23:00' };
const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));
const policy = {
  holdMinutes: 10,
  noShowGraceMinutes: 30,
  checkInEarlyMinutes: 30,
  advanceDays: 14,
  maxBookingsPerDay: 3,
  noShowStrikes: { count: 3, windowDays: 30, banDays: 7 },
  waitlistOfferMinutes: 15,
  abandonedMinutes: 45,
};

async function seedLibrary(tx: Tx, tenantId: string, i: number) {
  const name = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} Study Centre ${i}`;
  const lat = 18.4 + ((i * 37) % 100) / 250;
  const lng = 73.7 + ((i * 53) % 100) / 250;
  const amenities = AMENITIES.filter((_, k) => (i + k) % 3 !== 0);
  const [lib] = await tx.query<{ id: string }>(
    `INSERT INTO libraries (tenant_id, name, timezone, address, lat, lng, amenities, opening_hours, slot_minutes,
       policy, published) VALUES ($1, $2, 'Asia/Kolkata', $3, $4, $5, $6, $7, 30, $8, true) RETURNING id`,
    [
      tenantId,
      name,
      { line1: `${i} FC Road`, city: 'Pune', state: 'MH', postalCode: '411004', country: 'IN' },
      lat,
      lng,
      amenities,
      week,
      policy,
    ],
  );
  const libraryId = lib?.id as string;
  const zones = await tx.query<{ id: string }>(
    `INSERT INTO zones (tenant_id, library_id, name) SELECT $1, $2, z FROM unnest(ARRAY['Quiet', 'Group']) z RETURNING id`,
    [tenantId, libraryId],
  );
  for (const [z, zone] of zones.entries())
    await tx.query(
      `INSERT INTO seats (tenant_id, library_id, zone_id, number, grid_row, grid_col)
       SELECT $1, $2, $3, $4 || n, $5, n FROM generate_series(1, 20) n`,
      [tenantId, libraryId, zone.id, z === 0 ? 'Q' : 'G', z],
    );
  await tx.query(
    `INSERT INTO plans (tenant_id, library_id, name, kind, price_paise, tax_rate_bp) VALUES ($1, $2, 'Hourly', 'hourly', $3, 1800)`,
    [tenantId, libraryId, 2000 + (i % 20) * 500],
  );
  return { libraryId, zoneIds: zones.map((z) => z.id) };
}

async function seed(db: Database) {
  const libraries: { libraryId: string; zoneIds: string[] }[] = [];
  for (let t = 0; t < TENANTS; t++) {
    await db.platform(async (tx) => {
      const [tenant] = await tx.query<{ id: string }>(
        `INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id`,
        [`Bench ${t}`, `bench-${t}`],
      );
      for (let i = t; i < LIBRARIES; i += TENANTS)
        libraries.push(await seedLibrary(tx, tenant?.id as string, i));
    });
  }
  const students = await db.platform((tx) =>
    tx.query<{ id: string }>(
      `INSERT INTO users (role, phone, name) SELECT 'student', '+9170' || lpad(n::text, 8, '0'), 'Student ' || n
         FROM generate_series(1, $1) n RETURNING id`,
      [STUDENTS],
    ),
  );
  return { libraries, studentIds: students.map((s) => s.id) };
}

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  migrationUrl: process.env.DATABASE_MIGRATION_URL,
  dataDir: process.env.BENCH_DATA_DIR ?? './.data',
  // Two connections per core of this machine, where Postgres runs too (ADR 0017): more only add
  // backends competing for the same cores. DATABASE_POOL_SIZE overrides it.
  poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 2 * availableParallelism()),
});
await db.migrate();
const seeded = await seed(db);
const unlimited = { limit: 1_000_000_000, windowMs: 60_000 };
const app = createCloudApp({
  db,
  logger: pino({ level: 'silent' }),
  rateLimits: { auth: unlimited, booking: unlimited, general: unlimited },
  authenticate: (c) => {
    const token = c.req.header('authorization')?.match(/^Bearer student:([0-9a-f-]{36})$/)?.[1];
    return token ? { userId: token, role: 'student', tenantId: null } : null;
  },
});
const server = await startCloudServer({ app, port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, ...seeded })}\n`);
process.stdin.on('end', () => {
  void server.close().then(() => db.close().then(() => process.exit(0)));
});
process.stdin.resume();
