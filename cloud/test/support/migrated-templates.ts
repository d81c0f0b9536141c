/**
 * The migrated starting points a test database is copied from, made once per vitest run and
 * shared through the run's folder (global-setup.ts):
 *
 *   postgres.wanted  left by the first test file that needs Postgres: global setup then starts
 *                    the run's cluster, so a run without Postgres tests never pays for one
 *   postgres.json    that cluster and its migrated template database (`CREATE DATABASE …
 *                    TEMPLATE`), written by global setup once they are up, or the reason they are not
 *   migrated.tar     a migrated PGlite data directory image (`loadDataDir`), made by a test file
 *                    that needs one (see pgliteImage): it has a compiled PGlite anyway, which the
 *                    main process has not
 *
 * Both come from the default migrations, applied by the same runner as `Database.migrate()`; a copy
 * still runs `migrate()`, which then applies nothing but the idempotent bootstrap (a database-level
 * grant is not copied by a template) and checks every checksum, so a stale copy fails loudly
 * instead of testing an old schema. Files appear by rename, never half-written.
 */
import { existsSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
// The extensions openPgliteDatabase loads: an image made without one the migrations need fails here.
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { runMigrations } from '../../src/db/migrate.ts';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import type { AdminAccess } from '../../src/db/types.ts';
import type { PgCluster } from './postgres-cluster.ts';

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

export interface RunPostgres {
  /** The cluster's socket folder, for `attachPostgres`. */
  dir: string;
  template: string;
}

type Published = RunPostgres | { error: string };

async function publish(file: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(`${file}.part`, bytes);
  await rename(`${file}.part`, file);
}

/** Global setup: whether a test file has asked for the run's cluster. */
export const postgresWanted = (runDir: string): boolean => existsSync(join(runDir, 'postgres.wanted'));

/** Global setup: the run's cluster is up with its template, or `error` says why not. */
export function publishPostgres(runDir: string, published: Published): Promise<void> {
  return publish(join(runDir, 'postgres.json'), JSON.stringify(published));
}

/**
 * Asks for the run's cluster and waits until global setup has published it; null when it could not
 * start it (the caller starts its own, which reports why) or when there is no run folder (no
 * global setup).
 */
export async function runPostgres(runDir: string | undefined): Promise<RunPostgres | null> {
  if (!runDir) return null;
  await writeFile(join(runDir, 'postgres.wanted'), '');
  const file = join(runDir, 'postgres.json');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const published = JSON.parse(await readFile(file, 'utf8')) as Published;
      return 'error' in published ? null : published;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    if (Date.now() > deadline) throw new Error(`global setup published no Postgres cluster in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Migrates a new database of `cluster` and makes it a template; returns its name. */
export async function buildPostgresTemplate(cluster: PgCluster): Promise<string> {
  const url = await cluster.createDatabase();
  // As the superuser throughout, as the migration URL would be; the pool has an error handler,
  // so the connections makeTemplate ends cannot crash this process.
  const db = openPgDatabase({ connectionString: url, max: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  return cluster.makeTemplate(url);
}

/** A migrated in-memory PGlite, checkpointed and dumped (an uncompressed tarball). */
async function makePgliteImage(): Promise<Blob> {
  const pglite = await PGlite.create({ extensions: { btree_gist, pg_trgm } });
  try {
    // One transaction per step, as openPgliteDatabase's admin access runs them.
    const access: AdminAccess = {
      admin: (fn) =>
        pglite.transaction((tx) =>
          fn({
            query: async <R>(sql: string, params?: readonly unknown[]) =>
              (await tx.query<R>(sql, params ? [...params] : [])).rows,
            exec: async (sql) => {
              await tx.exec(sql);
            },
          }),
        ),
    };
    await runMigrations(access);
    // Written out, so a copy starts without replaying the WAL.
    await pglite.exec('CHECKPOINT');
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

/** Whether this process is the first to create `file` (one of the run's one-time jobs). */
async function claim(file: string): Promise<boolean> {
  try {
    await (await open(file, 'wx')).close();
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

let image: Blob | undefined;

/**
 * The run's migrated PGlite image (read once per process), or undefined: the caller migrates its
 * own database. The run's first PGlite database is migrated as before (a run of one test file
 * would gain nothing from an image that costs more than it saves once); the second one asked for
 * makes the image; one asked for while another is making it gets undefined, so no file waits on
 * another.
 */
export async function pgliteImage(runDir: string): Promise<Blob | undefined> {
  if (image) return image;
  const file = join(runDir, 'migrated.tar');
  try {
    image = new Blob([await readFile(file)]);
    return image;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  if (await claim(join(runDir, 'pglite.first'))) return undefined;
  if (!(await claim(join(runDir, 'pglite.making')))) return undefined;
  const made = await makePgliteImage();
  await publish(file, new Uint8Array(await made.arrayBuffer()));
  image = made;
  return image;
}
