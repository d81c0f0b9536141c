/**
 * The hub's side of the OpenAPI fuzz test: the input generation is shared with the cloud
 * (test/support/openapi-fuzz.ts); what differs is how "nothing changed" is checked — a digest of
 * every SQLite table. Not a test itself.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../store/db.ts';

export * from '../../../test/support/openapi-fuzz.ts';

/** A digest of every table's rows except those named, in rowid order. */
export function digestDb(db: Db, except: readonly string[]): string {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const hash = createHash('sha256');
  for (const table of tables.filter((t) => !except.includes(t))) {
    hash.update(table);
    hash.update(JSON.stringify(db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().all()));
  }
  return hash.digest('hex');
}
