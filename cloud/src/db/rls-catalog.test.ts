/**
 * The catalog check: every table with a tenant_id column (and every other table the API can
 * reach) has row-level security ENABLEd and FORCEd and at least one policy; the owner role owns
 * every table and the API role owns nothing and cannot bypass RLS. Adding a tenant table without
 * RLS in any later migration fails this test, on both backends.
 */
import { describe, expect, it } from 'vitest';
import { tenantTables } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';

interface TableRow {
  table: string;
  owner: string;
  rls: boolean;
  forced: boolean;
  policies: number;
}

const TABLES = `
  SELECT c.relname AS table, pg_get_userbyid(c.relowner) AS owner, c.relrowsecurity AS rls,
         c.relforcerowsecurity AS forced,
         (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`;

describe.each(backends)('RLS catalog on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('every tenant table has ENABLE and FORCE row level security and a policy', async () => {
    const { tables, tenant } = await t().db.platform(async (tx) => ({
      tables: await tx.query<TableRow>(TABLES),
      tenant: await tenantTables(tx),
    }));
    expect(tenant.length).toBeGreaterThanOrEqual(14);
    const byName = new Map(tables.map((row) => [row.table, row]));
    const unprotected = tenant.filter((name) => {
      const row = byName.get(name);
      return !row?.rls || !row.forced || row.policies === 0;
    });
    expect(unprotected).toEqual([]);
  });

  it('every table but the migration ledger is under RLS, owned by studyspot_owner', async () => {
    const tables = await t().db.platform((tx) => tx.query<TableRow>(TABLES));
    const others = tables.filter((row) => row.table !== 'schema_migrations');
    expect(others.filter((row) => !row.rls || !row.forced).map((row) => row.table)).toEqual([]);
    expect(others.filter((row) => row.owner !== 'studyspot_owner').map((row) => row.table)).toEqual([]);
  });

  it('transactions run as studyspot_api, which owns nothing and cannot bypass RLS', async () => {
    const [role] = await t().db.anonymous((tx) =>
      tx.query<{ who: string; superuser: boolean; bypass: boolean; owned: number }>(
        `SELECT current_user AS who, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
                (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
           FROM pg_roles r WHERE r.rolname = current_user`,
      ),
    );
    expect(role).toEqual({ who: 'studyspot_api', superuser: false, bypass: false, owned: 0 });
  });

  it('the API role cannot read the migration ledger', async () => {
    await expect(t().db.platform((tx) => tx.query('SELECT * FROM schema_migrations'))).rejects.toThrow(
      /permission denied/,
    );
  });
});
