/**
 * Backup and restore through the CLI against a real hub process: an online backup taken while the
 * hub runs (and is verified), a booking made after it, a restore refused while the hub runs, a
 * corrupt copy refused, a healthy database kept without --force, then the good backup restored —
 * the data identical to the backup, the replaced database kept, and the hub starting on it again.
 */

import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctBooking } from '../../../test/support/hub-data.ts';
import { type HubProcess, startHubProcess } from '../../../test/support/hub-process.ts';
import { demoLogin } from '../seed.ts';
import { cli, type HubDir, hubDir } from './cli-harness.ts';

/** Every row of every table, in a stable order: what "identical data" means. */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]),
    );
  } finally {
    db.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function book(url: string, home: HubDir, k: number): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demoLogin.username, password: demoLogin.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${url}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(distinctBooking(home.data, k)),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('backup and restore', () => {
  let home: HubDir;
  let out: string;
  let hub: HubProcess | null = null;

  beforeAll(async () => {
    home = await hubDir();
    out = mkdtempSync(join(tmpdir(), 'cli-backups-'));
  });
  afterAll(async () => {
    await hub?.stop();
    rmSync(home.dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('backs up online, refuses corrupt files and healthy databases, restores identical data', async () => {
    hub = await startHubProcess(home.dir, home.env);
    const kept = await book(hub.url, home, 0);
    const good = join(out, 'good.db');
    const backup = await cli(['backup', good, '--json'], home.env);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.err).toMatch(/backup written to .*good\.db .*integrity ok, taken online/);
    expect(backup.json()).toMatchObject({
      file: good,
      check: { ok: true, counts: { bookings: 1, members: 4 } },
    });
    expect(statSync(good).mode & 0o777).toBe(0o600);
    expect(readdirSync(out)).toEqual(['good.db']); // no -wal, -shm or .partial left beside it
    const again = await cli(['backup', good], home.env);
    expect(again.code).toBe(4);
    expect(again.err).toMatch(/already exists; pass --force/);

    const lost = await book(hub.url, home, 1); // made after the backup: gone after the restore
    const running = await cli(['restore', good, '--force'], home.env);
    expect(running.code).toBe(4);
    expect(running.err).toMatch(/the hub is running. Stop it first/);
    await hub.stop();
    hub = null;

    const db = join(home.dir, 'hub.db');
    const before = sha(db);
    const corrupt = join(out, 'corrupt.db');
    copyFileSync(good, corrupt);
    const fd = openSync(corrupt, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, 4096 * 2); // pages 3-5: b-tree garbage
    closeSync(fd);
    const refused = await cli(['restore', corrupt, '--force'], home.env);
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(/corrupt\.db is corrupt/);
    expect(sha(db)).toBe(before);

    const healthy = await cli(['restore', good], home.env);
    expect(healthy.code).toBe(4);
    expect(healthy.err).toMatch(/the current database is healthy .*pass --force/);
    expect(sha(db)).toBe(before);

    const restored = await cli(['restore', good, '--force', '--json'], home.env);
    expect(restored.code, restored.err).toBe(0);
    const { previous } = restored.json<{ previous: string }>();
    expect(dump(db)).toEqual(dump(good));
    const bookings = (file: string) => (dump(file).bookings as { id: string }[]).map((b) => b.id);
    expect(bookings(db)).toEqual([kept]);
    expect(bookings(previous).sort()).toEqual([kept, lost].sort()); // the replaced database was kept

    hub = await startHubProcess(home.dir, home.env);
    const status = await cli(['status', '--json'], home.env);
    expect(status.json()).toMatchObject({ running: true });
  });

  it('backs up a stopped hub from its data directory', async () => {
    await hub?.stop();
    hub = null;
    const file = join(out, 'offline.db');
    const run = await cli(['backup', file], home.env);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/integrity ok\)/);
    expect(dump(file)).toEqual(dump(join(home.dir, 'hub.db')));
  });
});
