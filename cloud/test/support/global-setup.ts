/**
 * vitest globalSetup: the run's folder, provided to the test files, through which they share
 * their migrated databases (migrated-templates.ts): the Postgres cluster every test file uses,
 * started here when the first file asks for it, with a migrated template database, and the PGlite
 * image the first file that needs one leaves there. test-databases.ts copies them for each `open()`
 * instead of starting a cluster per file and migrating every database from scratch; a run without
 * database tests starts nothing. The cluster is this process's child and stops at teardown, or
 * when this process dies in any way (postgres-cluster.ts).
 *
 * A cluster that cannot be started is published as an error, with a warning: the test files then
 * take the per-file path, which reports the cause (no PostgreSQL binaries, a failing migration) in
 * the tests that need it.
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPostgresTemplate, postgresWanted, publishPostgres } from './migrated-templates.ts';
import { type PgCluster, startPostgres } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the test files of this run share their migrated databases through. */
    studyspotRunDir: string;
  }
}

/** Starts the cluster and its template and publishes them; never rejects. */
async function sharedPostgres(runDir: string): Promise<PgCluster | undefined> {
  let cluster: PgCluster | undefined;
  try {
    cluster = await startPostgres();
    const template = await buildPostgresTemplate(cluster);
    await publishPostgres(runDir, { dir: cluster.dir, template });
    return cluster;
  } catch (error) {
    await cluster?.stop().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `[global-setup] no shared Postgres cluster, test files start their own: ${message}\n`,
    );
    await publishPostgres(runDir, { error: message }).catch(() => {});
    return undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'studyspot-run-'));
  const removeDir = () => rmSync(runDir, { recursive: true, force: true });
  process.once('exit', removeDir);
  project.provide('studyspotRunDir', runDir);
  let postgres: Promise<PgCluster | undefined> | undefined;
  const poll = setInterval(() => {
    if (!postgresWanted(runDir)) return;
    clearInterval(poll);
    postgres = sharedPostgres(runDir);
  }, 20);
  poll.unref();
  return async () => {
    clearInterval(poll);
    await (await postgres)?.stop();
    removeDir();
    process.off('exit', removeDir);
  };
}
