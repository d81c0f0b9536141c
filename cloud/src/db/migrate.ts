/**
 * The generic migration runner. Files `NNN-name.sql` in the migrations folder are applied in
 * lexicographic order (this module's own are 100-*; later features add 200-*, 300-*), each in
 * its own transaction, as `studyspot_owner` so the owner role owns what they create, and recorded
 * in `schema_migrations` with a checksum. An applied file that changed is an error, not a silent
 * skip. A transaction-scoped advisory lock serialises replicas that start together.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BOOTSTRAP_SQL } from './bootstrap.ts';
import type { AdminAccess } from './types.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^\d{3}-[a-z0-9-]+\.sql$/;
const LOCK = 'SELECT pg_advisory_xact_lock(7263, 1)';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => FILE.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${dir}/${name}`, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export class MigrationChangedError extends Error {
  constructor(name: string) {
    super(`migration ${name} was applied with different contents; add a new file instead of editing it`);
    this.name = 'MigrationChangedError';
  }
}

/** Applies what is pending; returns the names applied by this call (empty when up to date). */
export async function runMigrations(access: AdminAccess, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await loadMigrations(dir);
  await access.admin(async (tx) => {
    await tx.exec(LOCK);
    await tx.exec(BOOTSTRAP_SQL);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    if (await applyOne(access, migration)) applied.push(migration.name);
  }
  return applied;
}

async function applyOne(access: AdminAccess, migration: Migration): Promise<boolean> {
  return access.admin(async (tx) => {
    await tx.exec(LOCK);
    const [row] = await tx.query<{ checksum: string }>(
      'SELECT checksum FROM schema_migrations WHERE name = $1',
      [migration.name],
    );
    if (row) {
      if (row.checksum !== migration.checksum) throw new MigrationChangedError(migration.name);
      return false;
    }
    await tx.exec('SET LOCAL ROLE studyspot_owner');
    await tx.exec(migration.sql);
    await tx.exec('RESET ROLE');
    await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
      migration.name,
      migration.checksum,
    ]);
    return true;
  });
}
