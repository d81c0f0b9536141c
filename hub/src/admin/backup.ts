/**
 * Online, consistent, verified backups of the hub database (ADR 0018). `backupDatabase` copies with
 * SQLite's online backup API on the connection that writes (the running hub's, or the CLI's while
 * it is stopped), so the copy is one consistent snapshot even while bookings keep committing; the
 * copy goes to `<file>.partial`, is switched to a self-contained rollback-journal file, passes
 * `PRAGMA integrity_check` and only then takes its final name (mode 0600: it holds members' data).
 */
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../store/db.ts';
import { migrations } from '../store/migrations/index.ts';

export type Progress = (done: number, total: number) => void;

export class RefusedError extends Error {
  readonly code:
    | 'corrupt_file'
    | 'not_a_hub_database'
    | 'newer_schema'
    | 'healthy_database'
    | 'exists'
    | 'hub_running';
  constructor(code: RefusedError['code'], message: string) {
    super(message);
    this.name = 'RefusedError';
    this.code = code;
  }
}

export interface DatabaseCheck {
  ok: boolean;
  /** What integrity_check (or opening the file) reported; empty when ok. */
  problems: string[];
  schemaVersion: number | null;
  /** Row counts of the tables a technician recognises. */
  counts: Record<string, number>;
  bytes: number;
}

const COUNTED = ['bookings', 'members', 'memberships', 'payments', 'devices', 'staff', 'outbox'] as const;

/** Opens `file` read-only and checks it is a healthy hub database; never throws for a bad file. */
export function checkDatabaseFile(file: string): DatabaseCheck {
  const bytes = existsSync(file) ? statSync(file).size : 0;
  const bad = (problem: string): DatabaseCheck => ({
    ok: false,
    problems: [problem],
    schemaVersion: null,
    counts: {},
    bytes,
  });
  if (!existsSync(file)) return bad(`${file} does not exist`);
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const result = db.pragma('integrity_check(20)', { simple: false }) as { integrity_check: string }[];
    const problems = result.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0) return { ok: false, problems, schemaVersion: null, counts: {}, bytes };
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    if (!tables.has('meta') || !tables.has('bookings'))
      return bad('not a StudySpot hub database (no meta/bookings tables)');
    const counts: Record<string, number> = {};
    for (const table of COUNTED)
      if (tables.has(table))
        counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { ok: true, problems: [], schemaVersion: version, counts, bytes };
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  } finally {
    db?.close();
  }
}

/** Refuses a file that is corrupt, not a hub database, or from a newer hub than this one. */
export function assertRestorable(check: DatabaseCheck, file: string): void {
  if (!check.ok) {
    const corrupt = !check.problems.some((p) => p.startsWith('not a StudySpot'));
    throw new RefusedError(
      corrupt ? 'corrupt_file' : 'not_a_hub_database',
      `${file} is ${corrupt ? 'corrupt' : 'not a hub backup'}: ${check.problems.slice(0, 3).join('; ')}`,
    );
  }
  if ((check.schemaVersion ?? 0) > migrations.length)
    throw new RefusedError(
      'newer_schema',
      `${file} has schema ${check.schemaVersion}, newer than this hub's ${migrations.length}: upgrade the hub first`,
    );
}

export interface BackupResult {
  file: string;
  check: DatabaseCheck;
}

/** Copies `db` to `file` online, verifies the copy, and only then gives it its name. */
export async function backupDatabase(
  db: Db,
  file: string,
  options: { force?: boolean; onProgress?: Progress } = {},
): Promise<BackupResult> {
  if (existsSync(file) && !options.force)
    throw new RefusedError('exists', `${file} already exists; pass --force to overwrite it`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(totalPages - remainingPages, totalPages);
        return 256; // pages per step: the hub's writers get the lock between steps
      },
    });
    chmodSync(partial, 0o600);
    // A self-contained file: no -wal/-shm appear next to it when it is opened later.
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const check = checkDatabaseFile(partial);
    if (!check.ok) throw new Error(`the copy failed verification: ${check.problems.join('; ')}`);
    renameSync(partial, file);
    return { file, check };
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
}
