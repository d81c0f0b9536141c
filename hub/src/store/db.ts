/**
 * Opens the hub's SQLite database: WAL so readers never wait on the writer, a busy timeout for the
 * CLI opening it alongside the hub, and the migrations applied in order under `user_version`.
 * Durability: `synchronous=FULL` (every commit fsynced) by default; the running hub asks for
 * `groupCommit`, where commits write the WAL and `durable(db)` fsyncs it for all of them at once
 * before anything is acknowledged (durability.ts, ADR 8).
 */
import Database from 'better-sqlite3';
import { WalSync } from './durability.ts';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

const walSyncs = new WeakMap<Db, WalSync>();

export function openDb(file: string, options: { groupCommit?: boolean } = {}): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.groupCommit ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  if (options.groupCommit) walSyncs.set(db, new WalSync(file));
  return db;
}

/** Resolves when every commit made so far on `db` is on disk (at once under synchronous=FULL). */
export function durable(db: Db): Promise<void> {
  return walSyncs.get(db)?.flush() ?? Promise.resolve();
}

/** Closes the database and its WAL sync handle. */
export function closeDb(db: Db): void {
  walSyncs.get(db)?.close();
  db.close();
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  db.prepare(`INSERT OR IGNORE INTO meta(key, value) VALUES ('rev', '0')`).run();
}

/**
 * Runs `work` as one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so two
 * decisions never interleave between their reads and their writes.
 */
export function decide<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A statement prepared once per database: preparing costs more than running a small one. */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** The next hub revision; call inside the write transaction that uses it. */
export function nextRev(db: Db): number {
  const row = prepared(
    db,
    `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rev' RETURNING value`,
  ).get() as {
    value: string | number;
  };
  return Number(row.value);
}
