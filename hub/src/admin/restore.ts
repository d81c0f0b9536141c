/**
 * `studyspot-hub restore <file>` (ADR 0018), run only while the hub is stopped: the file must pass
 * integrity_check and be a hub database no newer than this hub; a healthy current database is
 * replaced only with `force`; and whatever is there is first kept under <dataDir>/backups —
 * through the backup API when it is healthy, as raw files (database, -wal, -shm) when it is not.
 * The new file is copied beside the database, fsynced, the old WAL and shared memory removed (a
 * stale WAL applied to another database would corrupt it), then renamed into place and opened
 * once, which applies any newer migrations, and checked again.
 */
import {
  closeSync,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { closeDb, openDb } from '../store/db.ts';
import {
  assertRestorable,
  backupDatabase,
  checkDatabaseFile,
  type DatabaseCheck,
  type Progress,
  RefusedError,
} from './backup.ts';
import type { HubPaths } from './paths.ts';

export interface RestoreOptions {
  force?: boolean;
  onProgress?: Progress;
  now?: () => number;
}

export interface RestoreResult {
  restoredFrom: string;
  /** Where the database that was replaced now lives; null when there was none. */
  previous: string | null;
  check: DatabaseCheck;
}

const stamp = (now: number) => new Date(now).toISOString().replace(/[:.]/g, '-');

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Keeps the current database before it is replaced; returns where. */
async function keepCurrent(paths: HubPaths, current: DatabaseCheck, now: number): Promise<string> {
  mkdirSync(paths.backups, { recursive: true, mode: 0o700 });
  if (current.ok) {
    const file = join(paths.backups, `pre-restore-${stamp(now)}.db`);
    const db = new Database(paths.db, { fileMustExist: true });
    try {
      await backupDatabase(db, file);
    } finally {
      db.close();
    }
    return file;
  }
  // A corrupt database cannot go through the backup API: keep its files as they are.
  const dir = join(paths.backups, `pre-restore-${stamp(now)}-corrupt`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(paths.db + suffix)) copyFileSync(paths.db + suffix, join(dir, `hub.db${suffix}`));
  return dir;
}

async function copyWithProgress(
  from: string,
  to: string,
  total: number,
  onProgress?: Progress,
): Promise<void> {
  let done = 0;
  const source = createReadStream(from);
  source.on('data', (chunk) => {
    done += chunk.length;
    onProgress?.(done, total);
  });
  await pipeline(source, createWriteStream(to, { mode: 0o600 }));
  fsyncPath(to);
}

export async function restoreDatabase(
  paths: HubPaths,
  source: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const now = options.now ?? Date.now;
  const incoming = checkDatabaseFile(source);
  assertRestorable(incoming, source);
  const current = existsSync(paths.db) ? checkDatabaseFile(paths.db) : null;
  if (current?.ok && !options.force)
    throw new RefusedError(
      'healthy_database',
      `the current database is healthy (${Object.entries(current.counts)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')}); pass --force to replace it (it is backed up first)`,
    );
  const previous = current ? await keepCurrent(paths, current, now()) : null;
  mkdirSync(dirname(paths.db), { recursive: true });
  const staging = `${paths.db}.restoring`;
  await copyWithProgress(source, staging, incoming.bytes, options.onProgress);
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(paths.db + suffix, { force: true });
  renameSync(staging, paths.db);
  fsyncPath(dirname(paths.db));
  closeDb(openDb(paths.db)); // applies migrations newer than the backup, back in WAL mode
  const check = checkDatabaseFile(paths.db);
  if (!check.ok) throw new Error(`the restored database failed verification: ${check.problems.join('; ')}`);
  return { restoredFrom: source, previous, check };
}
