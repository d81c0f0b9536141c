/**
 * The set-up of bench/sync: a real cloud (the production app with the real hub authorizer, on a
 * throwaway Postgres cluster or on-disk PGlite) served on loopback, a real hub (the production
 * bundle in a child process) paired with it through a cuttable `Line`, and the library they share:
 * the hub's demo library (60 seats, 60 members) mirrored into the cloud with the same ids, the way
 * a library that moved onto the cloud would be. The hub's members reach the cloud through its
 * outbox; the catalog comes back to the hub through its shapes. `reader` is a read-only SQLite
 * connection on the hub's database for the bench's checks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { pino } from 'pino';
import { openPgDatabase } from '../../cloud/src/db/pg-database.ts';
import { openPgliteDatabase } from '../../cloud/src/db/pglite-database.ts';
import type { Database as CloudDb, Tx } from '../../cloud/src/db/types.ts';
import { createCloudApp } from '../../cloud/src/http/app.ts';
import type { CloudEnv } from '../../cloud/src/http/env.ts';
import { type RunningCloudServer, startCloudServer } from '../../cloud/src/http/server.ts';
import { hubAuthorizer } from '../../cloud/src/hubs/authorize.ts';
import { hashPairingCode, newPairingCode } from '../../cloud/src/hubs/codes.ts';
import { type Line, openLine } from '../../cloud/test/support/line.ts';
import { type PgCluster, startPostgres } from '../../cloud/test/support/postgres-cluster.ts';
import { pairHub } from '../../hub/src/pairing/pair.ts';
import { type HubData, prepareHubData } from '../../test/support/hub-data.ts';
import { type HubProcess, startHubProcess } from '../../test/support/hub-process.ts';

export type Backend = 'postgres' | 'pglite';

export interface Rig {
  backend: Backend;
  db: CloudDb;
  tenantId: string;
  libraryId: string;
  data: HubData;
  hub: HubProcess;
  line: Line;
  reader: Database.Database;
  /** Server-side duration (ms) of each POST /v1/hub/mutations, for the profile of a catch-up. */
  pushes: number[];
  /** The postmaster's pid (its backends are its children); null on PGlite, which runs in this process. */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

const unlimited = { limit: 1_000_000_000, windowMs: 60_000 };

async function openCloudDb(backend: Backend, dir: string): Promise<{ db: CloudDb; cluster?: PgCluster }> {
  if (backend === 'pglite') return { db: await openPgliteDatabase({ dataDir: dir }) };
  const cluster = await startPostgres();
  const url = await cluster.createDatabase();
  // the API's login role, as deployed (ADR 0009); migrations as the superuser
  return {
    db: openPgDatabase({ connectionString: cluster.appUrl(url), migrationUrl: url, max: 10 }),
    cluster,
  };
}

export async function startRig(backend: Backend): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), `bench-sync-${backend}-`));
  const hubDir = join(dir, 'hub');
  mkdirSync(hubDir);
  const { db, cluster } = await openCloudDb(backend, join(dir, 'cloud'));
  let server: RunningCloudServer | undefined;
  try {
    await db.migrate();
    const data = await prepareHubData(hubDir, 60, { advanceDays: 60, maxBookingsPerDay: 48 });
    const { tenantId, libraryId } = await mirror(db, data.file);
    // Rate limits lifted: the hub has no class of its own yet and would share `general` (ADR 0014).
    const app = createCloudApp({
      db,
      logger: pino({ level: 'silent' }),
      authorizeHub: hubAuthorizer(db),
      rateLimits: { auth: unlimited, booking: unlimited, general: unlimited },
    });
    const pushes: number[] = [];
    server = await startCloudServer({ app: timed(app, pushes), port: 0 });
    const line = await openLine(new URL(server.url));
    await pairHub({ cloudUrl: line.url, code: await pairingCode(db, tenantId, libraryId), dataDir: hubDir });
    const hub = await startHubProcess(hubDir);
    const reader = new Database(data.file, { readonly: true });
    const running = server;
    return {
      postmasterPid: cluster ? postmasterPid(cluster) : null,
      backend,
      db,
      tenantId,
      libraryId,
      data,
      hub,
      line,
      reader,
      pushes,
      stop: async () => {
        reader.close();
        await hub.stop();
        await line.close();
        running.server.closeAllConnections();
        await running.close();
        await db.close();
        await cluster?.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.server.closeAllConnections();
    await server?.close();
    await db.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The postmaster's pid, from postmaster.pid in the cluster's data directory (`<socket dir>/data`). */
function postmasterPid(cluster: PgCluster): number {
  const socketDir = decodeURIComponent(/[?&]host=([^&]+)/.exec(cluster.url())?.[1] ?? '');
  return Number(readFileSync(join(socketDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The app behind a middleware that times the hub's mutation pushes. */
function timed(app: ReturnType<typeof createCloudApp>, pushes: number[]): Hono<CloudEnv> {
  const outer = new Hono<CloudEnv>();
  outer.use('/v1/hub/mutations', async (_c, next) => {
    const started = performance.now();
    await next();
    pushes.push(performance.now() - started);
  });
  outer.route('/', app);
  return outer;
}

/** A hub row with a fresh one-time code, as the owner's POST /v1/libraries/{id}/hubs makes. */
async function pairingCode(db: CloudDb, tenantId: string, libraryId: string): Promise<string> {
  const code = newPairingCode();
  await db.tenant(tenantId, (tx) =>
    tx.query(
      `INSERT INTO hubs (tenant_id, library_id, name, pairing_code_hash, pairing_expires_at)
       VALUES ($1, $2, 'bench hub', $3, now() + interval '15 minutes')`,
      [tenantId, libraryId, hashPairingCode(code)],
    ),
  );
  return code;
}

type HubRow = Record<string, string | number | null>;

/** Copies the hub's library, zones, seats, shifts and plans into a new cloud tenant, same ids. */
async function mirror(db: CloudDb, file: string): Promise<{ tenantId: string; libraryId: string }> {
  const hub = new Database(file, { readonly: true });
  const all = (table: string) => hub.prepare(`SELECT * FROM ${table}`).all() as HubRow[];
  const rows = {
    library: all('libraries')[0] as HubRow,
    zones: all('zones'),
    seats: all('seats'),
    shifts: all('shifts'),
    plans: all('plans'),
  };
  hub.close();
  return db.platform(async (tx) => {
    const [tenant] = await tx.query<{ id: string }>(
      `INSERT INTO tenants (name, slug) VALUES ('Bench sync', $1) RETURNING id`,
      [`bench-sync-${Date.now()}`],
    );
    const tenantId = tenant?.id as string;
    await insertCatalog(tx, tenantId, rows);
    return { tenantId, libraryId: String(rows.library.id) };
  });
}

const json = (v: unknown) => JSON.parse(String(v)) as unknown;

async function insertCatalog(
  tx: Tx,
  t: string,
  r: { library: HubRow; zones: HubRow[]; seats: HubRow[]; shifts: HubRow[]; plans: HubRow[] },
): Promise<void> {
  const l = r.library;
  const geo = json(l.geo) as { lat: number; lng: number };
  await tx.query(
    `INSERT INTO libraries (tenant_id, id, name, timezone, address, lat, lng, amenities, opening_hours,
       slot_minutes, currency, policy, published) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true)`,
    [
      ...[t, l.id, l.name, l.timezone, json(l.address), geo.lat, geo.lng, json(l.amenities)],
      ...[json(l.opening_hours), l.slot_minutes, l.currency, json(l.policy)],
    ],
  );
  for (const z of r.zones)
    await tx.query(
      'INSERT INTO zones (tenant_id, id, library_id, name, description) VALUES ($1, $2, $3, $4, $5)',
      [t, z.id, z.library_id, z.name, z.description],
    );
  for (const s of r.seats)
    await tx.query(
      `INSERT INTO seats (tenant_id, id, library_id, zone_id, number, type, features, status, lock_id, sensor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        t,
        s.id,
        s.library_id,
        s.zone_id,
        s.number,
        s.type,
        json(s.features),
        s.status,
        s.lock_id,
        s.sensor_id,
      ],
    );
  for (const s of r.shifts)
    await tx.query(
      'INSERT INTO shifts (tenant_id, id, library_id, name, start_time, end_time) VALUES ($1, $2, $3, $4, $5, $6)',
      [t, s.id, s.library_id, s.name, s.start, s.end],
    );
  for (const p of r.plans)
    await tx.query(
      `INSERT INTO plans (tenant_id, id, library_id, name, kind, shift_id, zone_id, price_paise, tax_rate_bp,
         duration_days, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        ...[t, p.id, p.library_id, p.name, p.kind, p.shift_id, p.zone_id, p.price_paise, p.tax_rate_bp],
        ...[p.duration_days, p.active === 1],
      ],
    );
}
