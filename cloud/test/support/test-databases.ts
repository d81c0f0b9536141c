/**
 * Both `Database` implementations for tests, so a suite runs unchanged against each with
 * `describe.each(backends)`. Either comes back fresh and migrated, one per `open()`.
 *
 * Postgres: a new database in the run's cluster (global-setup.ts), copied from its migrated
 * template — or created empty for other migrations or `migrate: false`. Without a run cluster (no
 * global setup, or it could not start one) each test file starts its own on first use, stopped
 * when its last database closes. PGlite: in memory, loaded from the run's migrated image — or
 * started empty when there is no image yet, for other migrations or `migrate: false`.
 * A copy still runs `migrate()`: it applies nothing, redoes the database-level bootstrap and checks
 * the checksums (migrated-templates.ts).
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import type { Database } from '../../src/db/types.ts';
import { pgliteImage, type RunPostgres, runPostgres } from './migrated-templates.ts';
import { attachPostgres, type PgCluster, startPostgres } from './postgres-cluster.ts';

export type BackendKind = 'postgres' | 'pglite';

export interface TestDatabase {
  kind: BackendKind;
  db: Database;
  /** The superuser connection string (postgres only), for raw sessions. */
  url: string | undefined;
  close(): Promise<void>;
}

export const backends: readonly BackendKind[] = ['postgres', 'pglite'];

let run: Promise<RunPostgres | null> | undefined;
let cluster: Promise<PgCluster> | undefined;
let users = 0;

const runCluster = () => {
  run ??= runPostgres(inject('studyspotRunDir'));
  return run;
};

/** The run's cluster (whose `stop()` leaves it running for the other files), or the file's own. */
export function sharedCluster(): Promise<PgCluster> {
  cluster ??= runCluster().then((shared) => (shared ? attachPostgres(shared.dir) : startPostgres()));
  return cluster;
}

async function releaseCluster(): Promise<void> {
  users--;
  if (users > 0 || !cluster) return;
  const current = cluster;
  cluster = undefined;
  await (await current).stop();
}

export interface OpenOptions {
  /** Apply the migrations before returning (default true). */
  migrate?: boolean;
  migrationsDir?: string;
  /** Pool size on Postgres (default 4). */
  max?: number;
}

export async function openTestDatabase(kind: BackendKind, options: OpenOptions = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const { migrationsDir } = options;
  // Only the default migrations are in the run's template and image.
  const copy = migrate && migrationsDir === undefined;
  if (kind === 'pglite') {
    const runDir = inject('studyspotRunDir');
    const snapshot = copy && runDir ? await pgliteImage(runDir) : undefined;
    const db = await openPgliteDatabase({ migrationsDir, snapshot });
    if (migrate) await db.migrate();
    return { kind, db, url: undefined, close: () => db.close() } satisfies TestDatabase;
  }
  users++;
  const pgCluster = await sharedCluster();
  const template = copy ? (await runCluster())?.template : undefined;
  const url = await pgCluster.createDatabase({ template });
  // The pool logs in as studyspot_app; migrations run as the superuser (ADR 0009).
  const db = openPgDatabase({
    connectionString: pgCluster.appUrl(url),
    migrationUrl: url,
    max: options.max ?? 4,
    migrationsDir,
  });
  if (migrate) await db.migrate();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await db.close();
      await pgCluster.dropDatabase(url);
    } finally {
      await releaseCluster();
    }
  };
  return { kind, db, url, close } satisfies TestDatabase;
}

/** Both backends at once, for a test that compares them. */
export async function openTestDatabases(): Promise<TestDatabase[]> {
  return Promise.all(backends.map((kind) => openTestDatabase(kind)));
}

/**
 * Registers beforeAll/afterAll in the calling `describe` and returns an accessor for its database:
 * `const t = useTestDatabase(kind); it('...', () => t().db.platform(...))`.
 */
export function useTestDatabase(kind: BackendKind, options: OpenOptions = {}): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await openTestDatabase(kind, options);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('the test database is opened in beforeAll');
    return current;
  };
}
