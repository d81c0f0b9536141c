/**
 * The cloud's side of the OpenAPI fuzz test: the input generation is shared with the hub
 * (test/support/openapi-fuzz.ts); what differs is how "nothing changed" is checked — a digest of
 * every Postgres table the API role can read. Not a test itself.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/types.ts';

export * from '../../../test/support/openapi-fuzz.ts';

/**
 * A digest of every table the API role can read, in one platform transaction (all tenants): each
 * table's rows as text, sorted, hashed. Tables named in `except` are left out.
 */
export async function digestTables(db: Database, except: readonly string[]): Promise<string> {
  return db.platform(async (tx) => {
    const tables = await tx.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1`,
    );
    const names = tables.map((t) => t.name).filter((t) => !except.includes(t));
    const sql = names
      .map(
        (t) =>
          `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`,
      )
      .join(' UNION ALL ');
    const rows = await tx.query<{ t: string; h: string }>(sql);
    return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  });
}
