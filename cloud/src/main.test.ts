/**
 * `runCloud` end to end over real HTTP: it migrates and serves on embedded PGlite in a data
 * directory (and again after a restart, on the same data), and on Postgres through DATABASE_URL
 * with a separate migration URL; `stop()` closes the server and the database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedCluster } from '../test/support/test-databases.ts';
import { loadCloudConfig } from './config.ts';
import { runCloud } from './main.ts';

const base = { port: 0, host: '127.0.0.1', logLevel: 'silent' as const };

describe('runCloud', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await (await sharedCluster()).stop();
  });

  it('runs on PGlite in the data directory, and restarts on the same data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'studyspot-cloud-'));
    dirs.push(dataDir);
    const config = loadCloudConfig({}, { ...base, dataDir });
    const first = await runCloud(config);
    const res = await fetch(`${first.url}/health`);
    expect(res.status).toBe(200);
    await first.db.platform((tx) => tx.query(`INSERT INTO tenants (name, slug) VALUES ('Kept', 'kept')`));
    await first.stop();
    const second = await runCloud(config);
    expect(await second.db.migrate()).toEqual([]);
    const rows = await second.db.platform((tx) => tx.query(`SELECT slug FROM tenants`));
    expect(rows).toEqual([{ slug: 'kept' }]);
    await second.stop();
  });

  it('runs on Postgres with DATABASE_URL and DATABASE_MIGRATION_URL', async () => {
    const cluster = await sharedCluster();
    const url = await cluster.createDatabase();
    const config = loadCloudConfig(
      { DATABASE_URL: cluster.appUrl(url), DATABASE_MIGRATION_URL: url },
      { ...base, dataDir: '/nonexistent' },
    );
    const cloud = await runCloud(config);
    expect(cloud.db.kind).toBe('postgres');
    const res = await fetch(`${cloud.url}/v1/health`);
    expect(await res.json()).toEqual({
      status: 'ok',
      components: { database: { status: 'ok', detail: 'postgres' } },
    });
    await cloud.stop();
    await cluster.dropDatabase(url);
  });
});
